import { describe, expect, it } from 'vitest';
import { DEPARTEMENTS, abroadChannel, candidateServices, departementOfPostcode, suggestService, type ServiceEntry } from '@shared';

const s = (id: string, kind: ServiceEntry['kind'], over: Partial<ServiceEntry> = {}): ServiceEntry => ({
  id, kind, name: id, departement: null, country: null, categories: [], channel: null, notes: null, active: true, ...over,
});
const DIR: ServiceEntry[] = [
  s('police-69', 'territorial_police', { departement: '69' }),
  s('gendarmerie-69', 'territorial_gendarmerie', { departement: '69' }),
  s('police-2A', 'territorial_police', { departement: '2A' }),
  s('sdat', 'central_office', { categories: ['terrorism'] }),
  s('ofmin', 'central_office', { categories: ['child_sexual_abuse'] }),
  s('oclctic', 'central_office', { categories: ['scam'], active: false }),
  s('interpol', 'interpol'),
  s('europol-ec3', 'europol'),
  s('europol-iru', 'europol', { categories: ['terrorism'] }),
  s('platform-meta', 'foreign_platform', { country: 'US' }),
  s('platform-tiktok', 'foreign_platform', { country: 'IE' }),
];

describe('départements and postcodes', () => {
  it('lists the 101 départements', () => {
    expect(DEPARTEMENTS).toHaveLength(101);
    expect(new Set(DEPARTEMENTS.map(([c]) => c)).size).toBe(101);
  });
  it.each([
    ['69003', '69'], ['75011', '75'], ['20000', '2A'], ['20167', '2A'], ['20200', '2B'], ['20600', '2B'], ['97100', '971'], ['97600', '976'], ['01000', '01'],
    ['98000', null], ['00100', null], ['7501', null], ['abcde', null], ['97500', null],
  ])('%s → %s', (postcode, dep) => {
    expect(departementOfPostcode(postcode)).toBe(dep);
  });
});

describe('suggested competent service', () => {
  const base = { category: 'scam' as const, departement: null, hostCountry: null };
  it('suggests the département’s services for a territorial transmission', () => {
    expect(suggestService(DIR, { ...base, outcome: 'territorial_service', departement: '69' })?.id).toBe('police-69');
    expect(candidateServices(DIR, { ...base, outcome: 'territorial_service', departement: '69' }).slice(0, 2).map((x) => x.id)).toEqual(['police-69', 'gendarmerie-69']);
    expect(suggestService(DIR, { ...base, outcome: 'territorial_service', departement: '33' })).toBeNull();
  });
  it('suggests the central office competent for the category, never an inactive one', () => {
    expect(suggestService(DIR, { ...base, outcome: 'central_office', category: 'terrorism' })?.id).toBe('sdat');
    expect(suggestService(DIR, { ...base, outcome: 'central_office', category: 'scam' })).toBeNull();
    expect(candidateServices(DIR, { ...base, outcome: 'central_office' }).map((x) => x.id)).not.toContain('oclctic');
  });
  it('suggests the platform of the host country, and Europol inside the EU, Interpol outside', () => {
    expect(suggestService(DIR, { ...base, outcome: 'foreign_platform', hostCountry: 'IE' })?.id).toBe('platform-tiktok');
    expect(suggestService(DIR, { ...base, outcome: 'europol', hostCountry: 'DE' })?.id).toBe('europol-ec3');
    expect(suggestService(DIR, { ...base, outcome: 'europol', category: 'terrorism' })?.id).toBe('europol-iru');
    expect(suggestService(DIR, { ...base, outcome: 'interpol', hostCountry: 'US' })?.id).toBe('interpol');
    expect(abroadChannel('NL')).toBe('europol');
    expect(abroadChannel('US')).toBe('interpol');
    expect(abroadChannel('FR')).toBeNull();
  });
  it('suggests nothing for outcomes that go to no service', () => {
    expect(candidateServices(DIR, { ...base, outcome: 'close_no_offence' })).toEqual([]);
    expect(suggestService(DIR, { ...base, outcome: 'administrative_blocking' })).toBeNull();
  });
});
