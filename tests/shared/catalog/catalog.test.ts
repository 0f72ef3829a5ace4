import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_BY_CATEGORY,
  BUILTIN_OFFENCES,
  CATEGORIES,
  categoryFromCsv,
  extractArticles,
  OffenceSchema,
  parseArticleQuery,
  parseNatinfQuery,
  parseNature,
} from '@shared';

const REAL_CODES = new Set(
  readFileSync(new URL('../../../../shared/data/natinf/natinf_pharos.csv', import.meta.url), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split(';')[0]),
);

describe('built-in taxonomy', () => {
  it('gives every category offences, valid entries with unique stable ids and no invented NATINF code', () => {
    for (const c of CATEGORIES) expect(BUILTIN_BY_CATEGORY[c].length, c).toBeGreaterThan(0);
    const ids = BUILTIN_OFFENCES.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const o of BUILTIN_OFFENCES) {
      expect(OffenceSchema.safeParse(o).success, o.id).toBe(true);
      expect(o.source).toBe('builtin');
      if (o.natinf !== null) expect(REAL_CODES.has(o.natinf), o.id).toBe(true);
      // Every entry names at least one defining article that search can find.
      expect(extractArticles(o.definedBy).length, o.id).toBeGreaterThan(0);
    }
  });

  it('names terrorism apology by art. 421-2-5 of the code pénal and hate speech by the 1881 law', () => {
    const apologie = BUILTIN_OFFENCES.find((o) => o.id === 'cp-421-2-5-apologie');
    expect(extractArticles(apologie?.definedBy ?? '')).toEqual([{ article: '421-2-5', code: 'cp' }]);
    const hate = BUILTIN_BY_CATEGORY.hate_discrimination.find((o) => o.id === 'l1881-24-al7');
    expect(extractArticles(hate?.definedBy ?? '')).toEqual([
      { article: '24', code: 'loi1881' },
      { article: '23', code: 'loi1881' },
    ]);
  });
});

describe('articles of law', () => {
  it('reads the official wording with the code that follows each article', () => {
    expect(extractArticles('ART.24 AL.7, ART.23 AL.1, ART.42 LOI DU 29/07/1881. ART.93-3 LOI 82-652 DU 29/07/1982.')).toEqual([
      { article: '24', code: 'loi1881' },
      { article: '23', code: 'loi1881' },
      { article: '42', code: 'loi1881' },
      { article: '93-3', code: 'other' },
    ]);
    expect(extractArticles('ART.L.3421-1 AL.1, ART.L.5132-7 C.SANTE.PUB. ART.222-49 AL.1 C.PENAL.')).toEqual([
      { article: 'l3421-1', code: 'csp' },
      { article: 'l5132-7', code: 'csp' },
      { article: '222-49', code: 'cp' },
    ]);
    expect(extractArticles('ART.35-QUATER, ART.42 LOI DU 29/07/1881.')[0]).toEqual({ article: '35-quater', code: 'loi1881' });
    expect(extractArticles('art. 24 bis de la loi du 29 juillet 1881')[0]).toEqual({ article: '24-bis', code: 'loi1881' });
  });

  it('recognises what an officer types: articles, NATINF codes, or neither', () => {
    expect(parseArticleQuery('421-2-5')).toEqual({ article: '421-2-5', code: null });
    expect(parseArticleQuery('art. 24 loi 1881')).toEqual({ article: '24', code: 'loi1881' });
    expect(parseArticleQuery('L3421-4')).toEqual({ article: 'l3421-4', code: null });
    expect(parseArticleQuery('R.625-7')).toEqual({ article: 'r625-7', code: null });
    expect(parseArticleQuery('Article 313-1 du Code pénal')).toEqual({ article: '313-1', code: 'cp' });
    expect(parseArticleQuery('30735')).toBeNull();
    expect(parseArticleQuery('menace de mort')).toBeNull();
    expect(parseNatinfQuery(' 30735 ')).toBe('30735');
    expect(parseNatinfQuery('NATINF 7875')).toBe('7875');
    expect(parseNatinfQuery('421-2-5')).toBeNull();
  });
});

describe('NATINF cells', () => {
  it('parses natures and category names, refusing unknown ones', () => {
    expect(parseNature('Délit')).toEqual({ nature: 'delit', contraventionClass: null });
    expect(parseNature('CRIME')).toEqual({ nature: 'crime', contraventionClass: null });
    expect(parseNature('Contravention de classe 5')).toEqual({ nature: 'contravention', contraventionClass: 5 });
    expect(parseNature('Contravention de la 4e classe')).toEqual({ nature: 'contravention', contraventionClass: 4 });
    expect(parseNature('Contravention de classe 9')).toBeNull();
    expect(parseNature('Infraction')).toBeNull();
    expect(categoryFromCsv('pédocriminalité')).toBe('child_sexual_abuse');
    expect(categoryFromCsv('Terrorisme')).toBe('terrorism');
    expect(categoryFromCsv('scam')).toBe('scam');
    expect(categoryFromCsv('fraude fiscale')).toBeNull();
  });
});
