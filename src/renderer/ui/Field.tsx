import { useId, type ChangeEvent, type HTMLInputTypeAttribute } from 'react';

export type FieldProps = {
  label: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  type?: HTMLInputTypeAttribute;
  help?: string;
  autoComplete?: string;
  autoFocus?: boolean;
  required?: boolean;
  disabled?: boolean;
  spellCheck?: boolean;
  mono?: boolean;
};

/** A labelled input with its help text tied by aria-describedby (read out by screen readers). */
export function Field(p: FieldProps) {
  const id = useId();
  const helpId = `${id}-help`;
  return (
    <div className="field">
      <label htmlFor={id}>{p.label}</label>
      <input
        id={id}
        data-testid={p.testId}
        className={p.mono ? 'mono' : undefined}
        type={p.type ?? 'text'}
        value={p.value}
        onChange={(e: ChangeEvent<HTMLInputElement>) => p.onChange(e.target.value)}
        autoComplete={p.autoComplete ?? 'off'}
        autoFocus={p.autoFocus}
        required={p.required}
        disabled={p.disabled}
        spellCheck={p.spellCheck ?? false}
        aria-describedby={p.help ? helpId : undefined}
      />
      {p.help ? (
        <p id={helpId} className="field-help">
          {p.help}
        </p>
      ) : null}
    </div>
  );
}
