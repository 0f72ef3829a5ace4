import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countReports } from '../../src/server/intake/service';
import { backends, enrol, newDevice, startTestServer, warnIfSkipped, type TestServer } from './helpers';

// Text PostgreSQL cannot store (U+0000, lone surrogates) at intake: before, the database refused it and
// the caller got a 500; now a 400 that names the field (in French on the public form), nothing stored.

const VALID_JSON = { urls: ['https://exemple.fr/page'], category: 'scam', description: 'Faux site de vente en ligne.' };
const formBody = (fields: Record<string, string>): string =>
  Object.entries(fields)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');

describe.each(backends())('unstorable text at intake on $name', (b) => {
  warnIfSkipped(b, 'intake text');
  let server: TestServer;
  let apiKey: string;

  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b, { formRateLimit: { max: 50, timeWindowMs: 60_000 } });
    apiKey = await server.admin.createApiKey({ organisation: 'Hébergeur Exemple', source: 'professional' });
  });
  afterAll(async () => server?.destroy());

  it.skipIf(b.skip)('the public form answers 400 with its page and a French message per field', async () => {
    const before = await countReports(server.admin.db);
    const post = (body: string) => server.api('/', { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const base = { urls: 'https%3A%2F%2Fexemple.fr%2Fa', category: 'scam', confirm_public: 'yes' };
    const nul = await post(formBody({ ...base, description: 'Faux%20site%00de%20vente' }));
    expect(nul.status).toBe(400);
    expect(nul.headers.get('content-type')).toContain('text/html');
    expect(nul.text).toContain('La description contient un caractère nul (U+0000) à la position 10, impossible à enregistrer.');
    const control = await post(formBody({ ...base, description: 'Faux%20site%0Bde%20vente', name: 'Jean%1B' }));
    expect(control.status).toBe(400);
    expect(control.text).toContain('La description contient un caractère de contrôle invisible (U+000B)');
    expect(control.text).toContain('Le nom contient un caractère de contrôle invisible (U+001B)');
    const url = await post(formBody({ ...base, urls: 'https%3A%2F%2Fexemple.fr%2F%00', description: 'Faux%20site%20de%20vente' }));
    expect(url.status).toBe(400);
    expect(url.text).toContain('L’adresse contient un caractère nul');
    expect(await countReports(server.admin.db)).toBe(before);
  });

  it.skipIf(b.skip)('the professional API answers 400 naming the field; an unknown key is still refused first', async () => {
    const before = await countReports(server.admin.db);
    const send = (json: unknown, key = apiKey) => server.api<{ error: { kind: string; message: string } }>('/api/v1/reports', { json, headers: { 'x-api-key': key } });
    const cases: [unknown, string][] = [
      [{ ...VALID_JSON, description: 'Faux site\u0000 de vente' }, 'description'],
      [{ ...VALID_JSON, reporter: { name: 'Moitié \uD83D seule' } }, 'reporter.name'],
      [{ ...VALID_JSON, externalRef: 'T-\u0000' }, 'externalRef'],
      [{ ...VALID_JSON, urls: ['https://exemple.fr/\uDFFF'] }, 'urls.0'],
      [{ ...VALID_JSON, reporter: { ['\u0000']: 'x' } }, 'reporter'],
    ];
    for (const [json, field] of cases) {
      const res = await send(json);
      expect(res.status, field).toBe(400);
      expect(res.body.error.kind).toBe('validation');
      expect(res.body.error.message).toContain(field);
      expect(res.text).not.toContain('\\u0000');
    }
    // Without a valid key, the caller learns nothing about its body.
    expect((await send({ ...VALID_JSON, description: 'x\u0000' }, 'pas-une-clé')).status).toBe(401);
    expect(await countReports(server.admin.db)).toBe(before);
  });

  it.skipIf(b.skip)('enrolment refuses a device name with U+0000 with 400', async () => {
    const device = newDevice();
    const res = await server.api<{ error: { message: string } }>('/api/v1/devices/enrol', {
      json: { code: await server.admin.createEnrolmentCode(), deviceId: device.deviceId, name: 'Poste\u0000', publicKey: device.publicKey },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('name');
    expect((await enrol(server, device)).status).toBe(201);
  });
});
