import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_OFFENCES, type CatalogHit } from '@shared';
import { openLocalDb, type LocalDb } from '../../../src/main/db';
import { catalogWordsQuery } from '../../../src/main/db/catalog';
import { parseNatinfFile } from '../../../src/server/catalog';
import { DEMO_NATINF_FILE } from '../../../src/server/demo/catalog';
import { useTempDirs } from '../helpers/temp';

const tempDir = useTempDirs();
const REAL = parseNatinfFile(readFileSync(DEMO_NATINF_FILE)).offences;
const ids = (hits: CatalogHit[]) => hits.map((h) => h.id);

describe('catalog search on the workstation', () => {
  let db: LocalDb;
  beforeAll(() => {
    db = openLocalDb({ file: path.join(tempDir(), 'c.db'), key: randomBytes(32) });
    db.catalog.applyPage([...BUILTIN_OFFENCES, ...REAL], 'c1');
  });

  it('stores every entry once, and a re-applied page changes nothing but what changed', () => {
    expect(db.catalog.count()).toBe(BUILTIN_OFFENCES.length + 100);
    expect(db.catalog.cursor()).toBe('c1');
    const changed = { ...REAL.find((o) => o.natinf === '7875')!, label: 'ESCROQUERIE (LIBELLÉ RÉVISÉ)' };
    db.catalog.applyPage([changed], 'c2');
    expect(db.catalog.count()).toBe(BUILTIN_OFFENCES.length + 100);
    expect(db.catalog.search({ text: 'révisé', limit: 5 }).map((h) => h.natinf)).toEqual(['7875']);
    expect(db.catalog.search({ text: '7875', limit: 5 })[0]?.label).toBe('ESCROQUERIE (LIBELLÉ RÉVISÉ)');
    db.catalog.applyPage([REAL.find((o) => o.natinf === '7875')!], 'c3');
    expect(db.catalog.search({ text: 'révisé', limit: 5 })).toEqual([]);
  });

  it('puts the exact NATINF code first, then codes that start with what was typed', () => {
    const exact = db.catalog.search({ text: '30736', limit: 10 });
    expect(exact[0]).toMatchObject({ natinf: '30736', match: 'natinf', category: 'terrorism', nature: 'delit' });
    expect(exact).toHaveLength(1);
    expect(db.catalog.search({ text: 'natinf 7875', limit: 3 })[0]?.natinf).toBe('7875');
    const prefix = db.catalog.search({ text: '3080', limit: 10 }).map((h) => h.natinf);
    expect(prefix).toEqual(['30800', '30801', '30802', '30803', '30804', '30805', '30806', '30807']);
  });

  it('finds offences by the article that defines them, with the code or law when given', () => {
    const terror = db.catalog.search({ text: '421-2-5', category: 'terrorism', limit: 10 });
    expect(new Set(terror.map((h) => h.match))).toEqual(new Set(['article']));
    // The article itself first (built-in entries, then NATINF codes), then the articles under it.
    expect(ids(terror)).toEqual(['cp-421-2-5-provocation', 'cp-421-2-5-apologie', 'natinf-30735', 'natinf-30736', 'cp-421-2-5-1']);
    const hate = db.catalog.search({ text: 'art. 24 loi 1881', limit: 20 });
    expect(ids(hate)).toEqual(expect.arrayContaining(['l1881-24-al7', 'l1881-24-al8', 'natinf-26578']));
    expect(hate.every((h) => h.definedBy.toLowerCase().includes('1881'))).toBe(true);
    expect(ids(db.catalog.search({ text: 'L3421-4', limit: 10 }))).toEqual(expect.arrayContaining(['natinf-2938', 'natinf-182', 'natinf-26400', 'csp-l3421-4-provocation']));
    expect(ids(db.catalog.search({ text: 'R.625-7', limit: 20 }))).toEqual(expect.arrayContaining(['cp-r625-7', 'natinf-26579', 'natinf-26412']));
    // "421-2" also finds the articles under it (421-2-1, 421-2-5…), after its own.
    expect(ids(db.catalog.search({ text: 'art 421-2', limit: 30 }))).toEqual(expect.arrayContaining(['cp-421-2-1', 'natinf-30735']));
  });

  it('finds words with accents folded, common words ignored and the last word as a prefix', () => {
    const apology = db.catalog.search({ text: 'apologie du terro', limit: 10 });
    expect(ids(apology)).toEqual(expect.arrayContaining(['cp-421-2-5-apologie', 'natinf-30736']));
    expect(apology.every((h) => h.match === 'words')).toBe(true);
    expect(ids(db.catalog.search({ text: 'HARCELEMENT moral', limit: 10 }))).toEqual(expect.arrayContaining(['cp-222-33-2-2', 'natinf-30575']));
    expect(ids(db.catalog.search({ text: 'harcèlement', limit: 10 }))).toContain('natinf-30573');
    expect(db.catalog.search({ text: 'zzzz inexistant', limit: 10 })).toEqual([]);
    // Nothing significant typed yet: the category's offences stay listed.
    expect(db.catalog.search({ text: 'de l', category: 'scam', limit: 3 }).map((h) => h.match)).toEqual(['browse', 'browse', 'browse']);
    expect(db.catalog.search({ text: 'm', category: 'scam', limit: 50 }).every((h) => h.category === 'scam')).toBe(true);
  });

  it('ranks the report category first', () => {
    const asHate = db.catalog.search({ text: 'menace de mort', category: 'hate_discrimination', limit: 20 });
    const asThreat = db.catalog.search({ text: 'menace de mort', category: 'threats_harassment', limit: 20 });
    expect(asHate[0]?.category).toBe('hate_discrimination');
    expect(asThreat[0]?.category).toBe('threats_harassment');
    expect(new Set(ids(asHate))).toEqual(new Set(ids(asThreat)));
  });

  it('with nothing typed, offers the category’s offences, built-in ones first', () => {
    const browse = db.catalog.search({ text: '  ', category: 'pimping', limit: 50 });
    expect(browse.every((h) => h.category === 'pimping' && h.match === 'browse')).toBe(true);
    expect(browse[0]?.source).toBe('builtin');
    expect(browse.some((h) => h.natinf === '23339')).toBe(true);
  });

  it('keeps favourites per officer and per category', () => {
    expect(db.catalog.toggleFavourite('u1', 'terrorism', 'natinf-30736')?.map((o) => o.id)).toEqual(['natinf-30736']);
    expect(db.catalog.toggleFavourite('u1', 'terrorism', 'cp-421-2-6', new Date(Date.now() + 1000))?.map((o) => o.id)).toEqual(['natinf-30736', 'cp-421-2-6']);
    expect(db.catalog.favourites('u2', 'terrorism')).toEqual([]);
    expect(db.catalog.favourites('u1', 'scam')).toEqual([]);
    expect(db.catalog.toggleFavourite('u1', 'terrorism', 'natinf-30736')?.map((o) => o.id)).toEqual(['cp-421-2-6']);
    expect(db.catalog.toggleFavourite('u1', 'terrorism', 'natinf-999999')).toBeNull();
  });

  it('builds word queries that ignore French function words', () => {
    expect(catalogWordsQuery("apologie d'un acte de terro")).toBe('"apologie" AND "acte" AND "terro"*');
    expect(catalogWordsQuery('menace de')).toBe('"menace"');
    expect(catalogWordsQuery('de la')).toBeNull();
    expect(catalogWordsQuery(' , ')).toBeNull();
  });
});
