import { useId, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Offence, OffenceRef } from '@shared';

export type OffencePickerProps = {
  query: string;
  /** Favourites of the category first, then the search results (see pickerOptions). */
  options: readonly Offence[];
  favouriteIds: ReadonlySet<string>;
  selected: readonly OffenceRef[];
  highlighted: number;
  loading: boolean;
  error: string | null;
  onQueryChange(text: string): void;
  onHighlight(index: number): void;
  onAdd(offence: Offence): void;
  onRemove(id: string): void;
  onToggleFavourite(id: string): void;
};

/**
 * Choosing the offences of a qualification: type a NATINF code, an article or words; arrows move in
 * the list, Enter adds, Delete removes the last chosen offence (or the focused one). Several offences
 * may be chosen; each shows its code, label, defining articles and nature.
 */
export function OffencePicker(p: OffencePickerProps) {
  const { t } = useTranslation();
  const listId = useId();
  const optionId = (i: number) => `${listId}-o${i}`;
  const chosen = new Set(p.selected.map((s) => s.id));
  const current = p.options[p.highlighted];
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      p.onHighlight(p.highlighted + (e.key === 'ArrowDown' ? 1 : -1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (current && !chosen.has(current.id)) p.onAdd(current);
    } else if (e.key === 'Delete' && p.query === '') {
      const last = p.selected[p.selected.length - 1];
      if (last) {
        e.preventDefault();
        p.onRemove(last.id);
      }
    } else if (e.key === 'Escape' && p.query !== '') {
      e.preventDefault();
      p.onQueryChange('');
    }
  };
  return (
    <div className="offence-picker" data-testid="offence-picker">
      <ul className="offence-chosen" aria-label={t('qualification.picker.chosen')}>
        {p.selected.map((s) => (
          <li key={s.id} tabIndex={0} data-testid="offence-chosen" onKeyDown={(e) => (e.key === 'Delete' || e.key === 'Backspace') && p.onRemove(s.id)}>
            {s.natinf ? <span className="natinf">{s.natinf}</span> : null} {s.label}
            <button type="button" className="link-button" aria-label={t('qualification.picker.remove', { label: s.label })} onClick={() => p.onRemove(s.id)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      {p.selected.length === 0 ? <p className="muted">{t('qualification.picker.none')}</p> : null}
      <input
        type="search"
        role="combobox"
        aria-expanded={p.options.length > 0}
        aria-controls={listId}
        aria-activedescendant={current ? optionId(p.highlighted) : undefined}
        aria-label={t('qualification.picker.search')}
        placeholder={t('qualification.picker.placeholder')}
        value={p.query}
        onChange={(e) => p.onQueryChange(e.target.value)}
        onKeyDown={onKeyDown}
        data-testid="offence-search"
      />
      {p.error ? <p className="alert" role="alert">{p.error}</p> : null}
      <ul id={listId} role="listbox" aria-label={t('qualification.picker.results')} aria-busy={p.loading} className="offence-options">
        {p.options.map((o, i) => (
          <OffenceOption key={o.id} offence={o} id={optionId(i)} active={i === p.highlighted} chosen={chosen.has(o.id)} favourite={p.favouriteIds.has(o.id)} {...p} />
        ))}
      </ul>
      {p.options.length === 0 && !p.loading && p.query.trim() !== '' ? <p className="muted">{t('qualification.picker.noResult')}</p> : null}
      {current ? (
        <button type="button" className="btn btn-sm btn-ghost" aria-pressed={p.favouriteIds.has(current.id)} data-testid="offence-favourite" onClick={() => p.onToggleFavourite(current.id)}>
          {t(p.favouriteIds.has(current.id) ? 'qualification.picker.unfavourite' : 'qualification.picker.favourite', { label: current.label })}
        </button>
      ) : null}
    </div>
  );
}

type OptionProps = { offence: Offence; id: string; active: boolean; chosen: boolean; favourite: boolean } & Pick<OffencePickerProps, 'onAdd' | 'onToggleFavourite'>;

function OffenceOption({ offence: o, id, active, chosen, favourite, onAdd, onToggleFavourite }: OptionProps) {
  const { t } = useTranslation();
  const nature = o.contraventionClass ? t('catalog.natureClass', { class: o.contraventionClass }) : t(`catalog.nature.${o.nature}`);
  return (
    <li id={id} role="option" aria-selected={active} className={active ? 'active' : undefined} data-testid="offence-option" onMouseDown={(e) => e.preventDefault()} onClick={() => !chosen && onAdd(o)}>
      <span className="natinf">{o.natinf ?? t('catalog.noNatinf')}</span> <span className="label">{o.label}</span>
      <span className="muted small">
        {' '}
        {nature} — {o.definedBy}
      </span>
      {chosen ? <span className="badge">{t('qualification.picker.added')}</span> : null}
      {/* A mark, not a control: a button inside an option is unreachable to assistive technologies.
          The favourite is toggled with the button under the list (for the highlighted offence) or here with the mouse. */}
      <span
        className="fav-mark"
        aria-hidden="true"
        onClick={(e) => {
          e.stopPropagation();
          onToggleFavourite(o.id);
        }}
      >
        {favourite ? '★' : '☆'}
      </span>
    </li>
  );
}
