import { describe, expect, it } from 'vitest';
import { writePreservationRequest, type PreservationRequest } from '../../../src/main/transmission';
import { syntheticReport } from '../helpers/synthetic';
import { pdfText } from './pdf-text';

const report = syntheticReport(11, 4);
const request = (extra: Partial<PreservationRequest> = {}): PreservationRequest => ({
  requestId: 'CONS-2026-0001',
  channel: 'host_fr',
  report,
  urls: report.urls,
  host: { name: 'Hébergeur Exemple SAS', country: 'FR', contact: 'abuse@hebergeur.example' },
  officer: 'Brigadier Test',
  requestedAt: '2026-11-22T10:15:00.000Z',
  durationDays: 90,
  ...extra,
});

describe('data-preservation requests', () => {
  it('asks a French host under French law, for the report’s addresses, in French only', async () => {
    const text = pdfText(await writePreservationRequest(request()));
    expect(text).toContain('DEMANDE DE CONSERVATION DE DONNÉES');
    expect(text).toMatch(/loi n° 2004-575 du 21 juin 2004/);
    expect(text).toContain('L. 34-1 du code des postes');
    for (const url of report.urls) expect(text).toContain(url);
    expect(text).toContain('Pendant 90 jours');
    expect(text).toContain(report.reference);
    expect(text).not.toMatch(/Budapest|without notifying/);
  });

  it('goes through the G8/H24 network for a foreign host, in French and English, under the Budapest Convention', async () => {
    const text = pdfText(await writePreservationRequest(request({ channel: 'g8_h24', host: { name: 'Example Hosting Inc.', country: 'US', contact: null }, durationDays: 60 })));
    expect(text).toContain('PRESERVATION REQUEST');
    expect(text).toMatch(/Budapest, 23 November 2001\), article 29/);
    expect(text).toContain('G8');
    expect(text).toContain('For 60 days from this request, without notifying the user concerned:');
    expect(text).toContain('Example Hosting Inc. (US)');
  });

  it('refuses a request with no address or an impossible duration', async () => {
    await expect(writePreservationRequest(request({ urls: [] }))).rejects.toThrow(/aucune adresse/);
    await expect(writePreservationRequest(request({ durationDays: 0 }))).rejects.toThrow(/durée/);
    await expect(writePreservationRequest(request({ durationDays: 1.5 }))).rejects.toThrow(/durée/);
  });
});
