import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format';

/** A capture the verification can point to: made on this workstation, or known from the server. */
export type CaptureChoice = {
  id: string;
  url: string;
  state: string;
  startedAt: string;
  /** Who made it, when known from the server. */
  by: string | null;
  /** The viewport screenshot, for captures held on this workstation. */
  thumbnail: string | null;
};

export type CapturePickerProps = {
  choices: CaptureChoice[];
  selected: string[];
  onChange(selected: string[]): void;
};

/**
 * Which captures show the content: ticked from the report's captures (thumbnail, address, time, state)
 * rather than typed as identifiers. A capture linked earlier that this workstation does not know (yet)
 * stays listed and linked until unticked.
 */
export function CapturePicker({ choices, selected, onChange }: CapturePickerProps) {
  const { t, i18n } = useTranslation();
  const known = new Set(choices.map((c) => c.id));
  const unknown = selected.filter((id) => !known.has(id));
  const toggle = (id: string, on: boolean): void => onChange(on ? [...selected, id] : selected.filter((s) => s !== id));
  if (choices.length === 0 && unknown.length === 0) {
    return <p className="small muted" data-testid="verification-no-capture">{t('workflow.verification.noCapture')}</p>;
  }
  return (
    <ul className="capture-choices" aria-label={t('workflow.verification.captures')} data-testid="verification-captures">
      {choices.map((c) => (
        <li key={c.id}>
          <label>
            <input type="checkbox" data-testid="verification-capture" value={c.id} checked={selected.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />
            {c.thumbnail ? <img src={c.thumbnail} alt="" className="capture-choice-thumb" /> : null}
            <span>
              <span className="capture-choice-url">{c.url}</span>
              <span className="small muted">
                {' '}{formatDateTime(c.startedAt, i18n.language)} · {t(`workflow.verification.captureStates.${c.state}`, { defaultValue: c.state })}
                {c.by ? ` · ${c.by}` : ''}
              </span>
            </span>
          </label>
        </li>
      ))}
      {unknown.map((id) => (
        <li key={id}>
          <label>
            <input type="checkbox" data-testid="verification-capture" value={id} checked onChange={() => toggle(id, false)} />
            <span className="small muted">{t('workflow.verification.unknownCapture', { id })}</span>
          </label>
        </li>
      ))}
    </ul>
  );
}

type LocalCapture = { id: string; url: string; state: string; startedAt: string; operator: string };
type ServerCapture = { captureId: string; url: string; state: string; startedAt: string; recordedBy: string };

/** This workstation's captures (with their thumbnails) and the server's, once each, newest first. */
export function captureChoices(local: readonly LocalCapture[], server: readonly ServerCapture[], thumbnails: Record<string, string>): CaptureChoice[] {
  const byId = new Map<string, CaptureChoice>();
  for (const c of server) byId.set(c.captureId, { id: c.captureId, url: c.url, state: c.state, startedAt: c.startedAt, by: c.recordedBy, thumbnail: null });
  for (const c of local) {
    byId.set(c.id, { id: c.id, url: c.url, state: c.state, startedAt: c.startedAt, by: byId.get(c.id)?.by ?? c.operator, thumbnail: thumbnails[c.id] ?? null });
  }
  return [...byId.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}
