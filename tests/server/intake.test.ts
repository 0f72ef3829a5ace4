import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countReports } from '../../src/server/intake/service';
import { backends, startTestServer, warnIfSkipped, type TestServer } from './helpers';

const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});
const VALID_FORM = { urls: 'https://exemple.fr/boutique\nhttps://exemple.fr/autre', category: 'scam', description: 'Faux site de vente, aucune livraison.', confirm_public: 'yes' };
const VALID_JSON = { urls: ['https://exemple.fr/page?utm_source=x'], category: 'hate_discrimination', description: 'Propos haineux publiés sur un forum public.', externalRef: 'T-1' };

describe.each(backends())('intake on $name', (b) => {
  warnIfSkipped(b, 'intake');
  let server: TestServer;
  let apiKey: string;
  const count = () => countReports(server.admin.db);

  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b, { formRateLimit: { max: 4, timeWindowMs: 60_000 } });
    apiKey = await server.admin.createApiKey({ organisation: 'Hébergeur Exemple', source: 'professional' });
  });
  afterAll(async () => server?.destroy());

  it.skipIf(b.skip)('serves the French form with the notices and every category', async () => {
    const res = await server.api('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain('lang="fr"');
    expect(res.text).toMatch(/appelez le <strong>17<\/strong>/);
    expect(res.text).toContain('n’est pas une plainte');
    expect(res.text).toContain('échanges privés');
    for (const c of ['terrorism', 'scam', 'other']) expect(res.text).toContain(`value="${c}"`);
    expect(res.text).toContain('<label for="urls">');
    expect(res.text).toContain('autocomplete="postal-code"');
  });

  it.skipIf(b.skip)('records a valid form submission and shows its reference', async () => {
    const before = await count();
    const res = await server.api('/', form({ ...VALID_FORM, name: 'Camille Dupont', postcode: '69003' }));
    expect(res.status).toBe(200);
    const reference = /PH-\d{4}-\d{6}/.exec(res.text)?.[0] ?? '';
    expect(reference).not.toBe('');
    expect(await count()).toBe(before + 1);
    // The postcode gives the département, from which the competent service is suggested.
    const stored = await server.admin.db.query.reports.findFirst({ where: (r, { eq }) => eq(r.reference, reference) });
    expect(stored?.reporter).toEqual({ name: 'Camille Dupont', postcode: '69003' });
  });

  it.skipIf(b.skip)('re-renders an invalid form with French errors, escaped input and nothing stored', async () => {
    const before = await count();
    const res = await server.api('/', form({ urls: 'javascript:alert(1)', category: 'nope', description: '<script>x</script>', email: 'pas-un-email', postcode: '6900' }));
    expect(res.status).toBe(400);
    expect(res.text).toContain('n’est pas une adresse web valide');
    expect(res.text).toContain('Choisissez la catégorie');
    expect(res.text).toContain('Adresse électronique invalide');
    expect(res.text).toContain('Code postal invalide');
    expect(res.text).toContain('value="6900"');
    expect(res.text).toContain('Confirmez que le contenu est accessible publiquement');
    expect(res.text).toContain('&#60;script&#62;x&#60;/script&#62;');
    expect(res.text).not.toContain('<script>x');
    expect(await count()).toBe(before);
  });

  it.skipIf(b.skip)('accepts reports from an API key with its source and the receive event', async () => {
    const res = await server.api<{ id: string; reference: string }>('/api/v1/reports', { json: VALID_JSON, headers: { 'x-api-key': apiKey } });
    expect(res.status).toBe(201);
    expect(res.body.reference).toMatch(/^PH-\d{4}-\d{6}$/);
    const rows = await server.admin.db.query.reports.findFirst({ where: (r, { eq }) => eq(r.id, res.body.id) });
    expect(rows?.source).toBe('professional');
    expect(rows?.status).toBe('received');
    expect(rows?.priority).toBe(55);
    expect(rows?.canonicalUrls).toEqual(['https://exemple.fr/page']);
    const events = await server.admin.db.query.reportEvents.findMany({ where: (e, { eq }) => eq(e.reportId, res.body.id) });
    expect(events.map((e) => [e.action, e.actor])).toEqual([['receive', 'org:Hébergeur Exemple']]);
  });

  it.skipIf(b.skip)('puts a second report of the same page in a cluster with the first', async () => {
    const one = await server.api<{ id: string }>('/api/v1/reports', { json: { ...VALID_JSON, urls: ['https://www.exemple.fr/doublon/'] }, headers: { 'x-api-key': apiKey } });
    const two = await server.api<{ id: string }>('/api/v1/reports', { json: { ...VALID_JSON, urls: ['https://exemple.fr/doublon#x'] }, headers: { 'x-api-key': apiKey } });
    const find = (id: string) => server.admin.db.query.reports.findFirst({ where: (r, { eq }) => eq(r.id, id) });
    const [a, c] = [await find(one.body.id), await find(two.body.id)];
    expect(a?.clusterId).toBeTruthy();
    expect(c?.clusterId).toBe(a?.clusterId);
  });

  const bad: [string, { json?: unknown; body?: string; headers?: Record<string, string> }, number][] = [
    ['no key', { json: VALID_JSON }, 401],
    ['an unknown key', { json: VALID_JSON, headers: { 'x-api-key': 'phk_inconnue' } }, 401],
    ['an unknown field', { json: { ...VALID_JSON, extra: 1 }, headers: {} }, 400],
    ['an unknown reporter field', { json: { ...VALID_JSON, reporter: { name: 'A', age: 3 } }, headers: {} }, 400],
    ['too many URLs', { json: { ...VALID_JSON, urls: Array.from({ length: 11 }, (_, i) => `https://exemple.fr/${i}`) }, headers: {} }, 400],
    ['a non-http URL', { json: { ...VALID_JSON, urls: ['ftp://exemple.fr/x'] }, headers: {} }, 400],
    ['an unknown category', { json: { ...VALID_JSON, category: 'spam' }, headers: {} }, 400],
    ['malformed JSON', { body: '{"urls":', headers: { 'content-type': 'application/json' } }, 400],
    ['a huge body', { json: { ...VALID_JSON, description: 'x'.repeat(200_000) }, headers: {} }, 413],
    ['a wrong content type', { body: 'urls=x', headers: { 'content-type': 'text/plain' } }, 415],
  ];
  it.skipIf(b.skip).each(bad)('rejects %s with a clear error and stores nothing', async (_label, init, status) => {
    const before = await count();
    const headers = { ...(init.headers && !('x-api-key' in init.headers) && _label !== 'no key' ? { 'x-api-key': apiKey } : {}), ...init.headers };
    const res = await server.api<{ error: { kind: string; message: string } }>('/api/v1/reports', { ...init, headers });
    expect(res.status).toBe(status);
    expect(res.body.error.message.length).toBeGreaterThan(5);
    expect(await count()).toBe(before);
  });

  it.skipIf(b.skip)('refuses a revoked key', async () => {
    const key = await server.admin.createApiKey({ organisation: 'Service révoqué', source: 'state' });
    await server.admin.db.execute(sql`update api_keys set revoked_at = now() where organisation = 'Service révoqué'`);
    const res = await server.api('/api/v1/reports', { json: VALID_JSON, headers: { 'x-api-key': key } });
    expect(res.status).toBe(401);
  });

  it.skipIf(b.skip)('rate-limits the public form with a French page', async () => {
    let last = 0;
    let page = '';
    for (let i = 0; i < 6; i++) {
      const res = await server.api('/', form({ urls: 'x' }));
      last = res.status;
      page = res.text;
    }
    expect(last).toBe(429);
    expect(page).toContain('Trop de signalements');
  });
});
