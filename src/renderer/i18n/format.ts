/**
 * Dates as officers read them: French format, Paris time (whatever the machine's time zone, so that
 * what is written in a PV matches what everybody else sees).
 */
const TIME_ZONE = 'Europe/Paris';

function locale(lang: string): string {
  return lang === 'en' ? 'en-GB' : 'fr-FR';
}

export function formatDateTime(iso: string | null, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(lang), { timeZone: TIME_ZONE, dateStyle: 'short', timeStyle: 'medium' }).format(d);
}

/** Hour and minute only ("14:05"): lease ends in the queue, where the day is nearly always today. */
export function formatTime(iso: string | null, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(lang), { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' }).format(d);
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

// Formatters are cached: the queue formats dozens of ages on every scroll frame.
const relative = new Map<string, Intl.RelativeTimeFormat>();
function relativeFormat(lang: string): Intl.RelativeTimeFormat {
  let f = relative.get(lang);
  if (!f) {
    f = new Intl.RelativeTimeFormat(locale(lang), { style: 'short', numeric: 'always' });
    relative.set(lang, f);
  }
  return f;
}

/** "il y a 3 h", or null under a minute (the caller shows "à l'instant"). */
export function formatAge(iso: string, now: number, lang: string): string | null {
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  const rtf = relativeFormat(lang);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(-Math.floor(seconds / size), unit);
  }
  return null;
}

export function formatNumber(n: number, lang: string): string {
  return new Intl.NumberFormat(locale(lang)).format(n);
}

const durations = new Map<string, Intl.NumberFormat>();

/** How long since `iso`, in its largest unit ("13 j", "2 h", "5 min"), or null under a minute: waiting times. */
export function formatDuration(iso: string, now: number, lang: string): string | null {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  for (const [unit, size] of UNITS) {
    if (seconds < size) continue;
    const id = `${lang}:${unit}`;
    let f = durations.get(id);
    if (!f) {
      f = new Intl.NumberFormat(locale(lang), { style: 'unit', unit, unitDisplay: 'short' });
      durations.set(id, f);
    }
    return f.format(Math.floor(seconds / size));
  }
  return null;
}
