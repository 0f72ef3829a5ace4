import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Copies text without ever opening it: the way an officer takes a suspect address elsewhere. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 1500);
  }
  const shown = state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : t('common.copy');
  return (
    <button type="button" className="small-button" onClick={() => void copy()} aria-label={`${label} — ${text}`} title={label}>
      <span aria-live="polite">{shown}</span>
    </button>
  );
}
