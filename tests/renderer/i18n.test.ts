import { describe, expect, it } from 'vitest';
import { CATEGORIES, REPORT_ACTIONS, REPORT_STATUSES, ROLES, SOURCES, ERROR_KINDS } from '@shared';
import { createI18n, en, fr } from '../../src/renderer/i18n';
import { formatAge, formatDateTime } from '../../src/renderer/i18n/format';

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
}

describe('i18n', () => {
  it('French and English have exactly the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(fr).sort());
  });

  it('no empty string in either language', () => {
    const empty = (tree: object) => keys(tree).filter((k) => !k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], tree));
    expect(empty(fr)).toEqual([]);
    expect(empty(en)).toEqual([]);
  });

  it('has a French label for every category, source, status, role, action and error kind', () => {
    const t = createI18n('fr').t;
    const missing = [
      ...CATEGORIES.map((c) => `category.${c}`),
      ...SOURCES.map((s) => `source.${s}`),
      ...REPORT_STATUSES.map((s) => `status.${s}`),
      ...ROLES.map((r) => `role.${r}`),
      ...REPORT_ACTIONS.map((a) => `action.${a}`),
      ...ERROR_KINDS.map((k) => `errors.${k}`),
    ].filter((k) => t(k) === k);
    expect(missing).toEqual([]);
    expect(t('status.received')).toBe('Reçu');
    expect(t('queue.total', { count: 2, formatted: '2' })).toBe('2 signalements');
  });

  it('formats dates in French, Paris time, whatever the machine time zone', () => {
    // 2026-07-14T10:00Z is 12:00 in Paris (summer time).
    expect(formatDateTime('2026-07-14T10:00:00.000Z', 'fr')).toBe('14/07/2026 12:00:00');
    expect(formatDateTime('2026-01-14T10:00:00.000Z', 'fr')).toBe('14/01/2026 11:00:00');
  });

  it('says ages the French way', () => {
    const now = Date.parse('2026-07-14T12:00:00.000Z');
    // Intl puts a narrow no-break space between number and unit, as French typography wants.
    const age = (iso: string) => formatAge(iso, now, 'fr')?.replace(/\s/gu, ' ') ?? null;
    expect(age('2026-07-14T09:00:00.000Z')).toBe('il y a 3 h');
    expect(age('2026-07-14T11:55:00.000Z')).toBe('il y a 5 min');
    expect(age('2026-07-12T12:00:00.000Z')).toBe('il y a 2 j');
    expect(age('2026-07-14T11:59:40.000Z')).toBeNull();
  });
});
