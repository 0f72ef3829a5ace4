import { randomUUID } from 'node:crypto';
import { API_PATHS, CATEGORIES, MUTATION_NAMES } from '../../src/shared/index';
import type { RawRequest, RawResponse } from './http';
import type { Rng } from './prng';
import { chained, confirm, type FuzzSession } from './session';
import { corruptJsonText, deepText, junk, mutateObject, nastyString } from './values';

/** What the generators may aim at: real keys, sessions and ids of the demo data. */
export type FuzzTargets = { apiKey: string; analyst: FuzzSession; supervisor: FuzzSession; reportIds: readonly string[] };

/** One generated request, and what to do with its answer (a push that went through moves the session's chain). */
export type FuzzRequest = { endpoint: string; request: RawRequest; after?: (res: RawResponse) => void; keepHeaders?: boolean };

type Header = readonly [string, string];
const JSON_TYPE: Header = ['Content-Type', 'application/json'];

/** Percent-encodes the UTF-8 of `s` (a lone surrogate becomes U+FFFD, as a browser sends it). */
const pct = (s: string): string => [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0').toUpperCase()}`)).join('');
/** Percent-escapes no valid UTF-8 has: overlong NUL, CESU surrogates, stray bytes, broken escapes. */
const BAD_ESCAPES = ['%00', '%C0%80', '%ED%A0%80', '%ED%BF%BF', '%FF', '%80', '%F8%88%80%80%80', '%E0%80%AF', '%', '%zz', '%0', '%u0000', '%2500'];

function pathSegment(rng: Rng): string {
  const r = rng.next();
  if (r < 0.3) return rng.pick(BAD_ESCAPES);
  if (r < 0.45) return `${randomUUID()}${rng.pick(BAD_ESCAPES)}`;
  if (r < 0.55) return 'a'.repeat(rng.int(100, 6000));
  if (r < 0.65) return randomUUID();
  return pct(nastyString(rng).slice(0, 200));
}

function jsonBody(rng: Rng, valid: Record<string, unknown>): Buffer {
  const r = rng.next();
  if (r < 0.55) return Buffer.from(JSON.stringify(mutateObject(rng, valid)) ?? 'null', 'utf8');
  if (r < 0.8) return corruptJsonText(rng, JSON.stringify(valid));
  if (r < 0.9) return Buffer.from(JSON.stringify(junk(rng, 3)) ?? 'null', 'utf8');
  if (r < 0.95) return Buffer.from(deepText(rng.int(1000, 100_000)), 'utf8');
  return Buffer.from(new URLSearchParams(Object.entries(valid).map(([k, v]) => [k, String(v)])).toString(), 'utf8');
}

/** Mostly JSON, sometimes what a confused or hostile client sends instead. */
function contentType(rng: Rng, usual: Header = JSON_TYPE): Header[] {
  const r = rng.next();
  if (r < 0.75) return [usual];
  if (r < 0.8) return [];
  return [['Content-Type', rng.pick(['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data', 'application/json; charset=latin1', 'application/octet-stream', 'application/json\u0000', 'application/JSON', 'application/json, text/html', '*/*', 'application/x-www-form-urlencoded; charset=utf-16'])]];
}

const bearer = (s: FuzzSession): Header => ['Authorization', `Bearer ${s.accessToken}`];

/** Headers made hostile: raw Latin-1 and control bytes, huge values, duplicates, lying lengths. */
function nastyHeaders(rng: Rng, req: RawRequest): RawRequest {
  const r = rng.next();
  const latin1 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
  if (r < 0.2) return { ...req, headers: [...req.headers, ['Authorization', `Bearer ${latin1(nastyString(rng).slice(0, 300))}`]] };
  if (r < 0.35) return { ...req, headers: [...req.headers, ['x-api-key', latin1(nastyString(rng).slice(0, 400))]] };
  if (r < 0.45) return { ...req, headers: [...req.headers, ['X-Fuzz', 'v'.repeat(rng.int(8_000, 40_000))]] };
  if (r < 0.55) return { ...req, headers: [...req.headers, ['Content-Type', 'text/plain'], ['Content-Type', 'application/json']] };
  if (r < 0.65) {
    const length = rng.pick([0, 1, req.body.length + 10, -1, 99999999999]);
    return { ...req, noContentLength: true, truncated: length > req.body.length, headers: [...req.headers, ['Content-Length', String(length)]] };
  }
  if (r < 0.75) return { ...req, noContentLength: true, truncated: true, headers: [...req.headers, ['Transfer-Encoding', 'chunked']], body: Buffer.concat([Buffer.from('zz\r\n'), req.body]) };
  if (r < 0.85) return { ...req, headers: [...req.headers, ['Content-Encoding', rng.pick(['gzip', 'br', 'deflate', 'identity, gzip'])]] };
  return { ...req, headers: [...req.headers, [latin1(`X-${nastyString(rng).slice(0, 20)}`), 'x'], ['Accept-Charset', '\u00ff\u00fe']] };
}

const submission = { urls: ['https://exemple.fr/page'], category: 'scam', description: 'Faux site de vente en ligne.', externalRef: 'FZ-1', reporter: { name: 'Camille', email: 'c@exemple.fr' } };

function form(rng: Rng): FuzzRequest {
  // No confirm_public: the form requires it, so however the other fields turn out, nothing may be recorded.
  const fields: Record<string, string> = { urls: 'https://exemple.fr/a', category: 'scam', description: 'Faux site de vente en ligne.', name: '', email: '', phone: '', postcode: '' };
  const key = rng.pick(Object.keys(fields));
  const raw = Object.entries(fields)
    .map(([k, v]) => `${k}=${k === key ? (rng.chance(0.5) ? rng.pick(BAD_ESCAPES) + pct(nastyString(rng)) : pct(nastyString(rng))) : pct(v)}`)
    .concat(rng.chance(0.2) ? [`${rng.pick(BAD_ESCAPES)}=x`, `${key}=second`] : [])
    .join('&');
  const body = rng.chance(0.8) ? Buffer.from(raw, 'latin1') : jsonBody(rng, fields);
  return { endpoint: 'form POST /', request: { method: 'POST', path: '/', headers: contentType(rng, ['Content-Type', 'application/x-www-form-urlencoded']), body } };
}

// eslint-disable-next-line no-control-regex -- the control characters are what it looks for
const CLEAN_TEXT = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uD800-\uDFFF]*$/;
const cleanString = (v: unknown, min: number, max: number): boolean => typeof v === 'string' && v.trim().length >= min && v.length <= max && CLEAN_TEXT.test(v.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));

/** A submission as intended (the fuzzer's own rule, so it runs against older servers too). */
function cleanSubmission(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  const known = ['urls', 'category', 'description', 'reporter', 'externalRef'];
  if (Object.keys(o).some((k) => !known.includes(k))) return false;
  const urls = o.urls;
  if (!Array.isArray(urls) || urls.length < 1 || urls.length > 10 || !urls.every((u) => cleanString(u, 1, 2048) && /^https?:\/\/[^\s/?#]+/i.test(String(u).trim()))) return false;
  if (!(CATEGORIES as readonly unknown[]).includes(o.category) || !cleanString(o.description, 10, 5000)) return false;
  if (o.externalRef !== undefined && !cleanString(o.externalRef, 0, 128)) return false;
  const r = o.reporter;
  if (r === undefined) return true;
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return false;
  return Object.entries(r).every(([k, x]) => ['name', 'email', 'phone', 'organisation', 'postcode'].includes(k) && cleanString(x, 0, 254));
}

/**
 * A JSON body that may be a valid submission is made invalid (too short a description): the fuzzer
 * sends malformed requests only, so any report recorded is a defect.
 */
function neverValid(body: Buffer): Buffer {
  let parsed: unknown;
  try {
    // The server's JSON parser drops a leading byte-order mark, as this does.
    parsed = JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return body;
  }
  return cleanSubmission(parsed) ? Buffer.from(JSON.stringify({ ...(parsed as object), description: 'court' }), 'utf8') : body;
}

function reports(rng: Rng, t: FuzzTargets): FuzzRequest {
  const which = rng.pick(['valid', 'invalid', 'none'] as const);
  const key: Header[] = which === 'valid' ? [['x-api-key', t.apiKey]] : which === 'invalid' ? [['x-api-key', rng.pick(['phk_faux', t.apiKey.slice(0, -1), `${t.apiKey} `, 'x'.repeat(300)])]] : [];
  return { endpoint: `reports API (${which} key)`, request: { method: 'POST', path: API_PATHS.reports, headers: [...contentType(rng), ...key], body: neverValid(jsonBody(rng, submission)) } };
}

function auth(rng: Rng, t: FuzzTargets): FuzzRequest {
  const proof = { deviceId: t.analyst.deviceId, timestamp: new Date().toISOString(), nonce: 'n'.repeat(32), signature: 'A'.repeat(88) };
  const kind = rng.pick(['login', 'refresh', 'enrol'] as const);
  const valid: Record<string, unknown> =
    kind === 'login' ? { ...proof, username: 'analyste', password: 'demo-analyste' }
    : kind === 'refresh' ? { ...proof, refreshToken: t.analyst.refreshToken }
    : { code: 'CODE-FAUX', deviceId: randomUUID(), name: 'Poste', publicKey: 'A'.repeat(60) };
  const path = kind === 'login' ? API_PATHS.login : kind === 'refresh' ? API_PATHS.refresh : API_PATHS.enrol;
  return { endpoint: `auth ${kind}`, request: { method: 'POST', path, headers: contentType(rng), body: jsonBody(rng, valid) } };
}

/** A push whose envelope is malformed (the whole request is refused and recorded). */
function pushEnvelope(rng: Rng, t: FuzzTargets): FuzzRequest {
  const s = rng.chance(0.8) ? t.analyst : t.supervisor;
  const sent = chained(s, [{ name: 'note', args: { reportId: randomUUID(), text: 'note' }, createdAt: new Date().toISOString() }]);
  const valid = { clientId: s.deviceId, userId: s.userId, ...sent };
  const body = rng.chance(0.3)
    ? Buffer.from(JSON.stringify({ ...valid, audit: sent.audit.map((e) => mutateObject(rng, e)) }), 'utf8')
    : rng.chance(0.3)
      ? Buffer.from(JSON.stringify({ ...valid, mutations: sent.mutations.map((m) => mutateObject(rng, { ...m, args: undefined })) }), 'utf8')
      : jsonBody(rng, valid);
  return {
    endpoint: 'sync push (malformed request)',
    request: { method: 'POST', path: API_PATHS.push, headers: [...contentType(rng), bearer(s)], body },
    // A change that left the request well-formed (an extra key, dropped): its mutation was rejected alone.
    after: (res) => (res.status === 200 ? confirm(s, sent, res.body) : undefined),
    keepHeaders: true,
  };
}

/** Malformed arguments that can never apply: the report is unknown or not even an id. */
function badArgs(rng: Rng, name: string): unknown {
  const reportId = rng.chance(0.7) ? randomUUID() : junk(rng, 1);
  const text = rng.chance(0.7) ? `${rng.pick(['Note ', '', 'x'])}${rng.pick(['\u0000', '\uD800', '\uDFFF', '\u001B', '\u0000\uD800'])}${nastyString(rng).slice(0, 100)}` : junk(rng, 2);
  const base: Record<string, unknown> = { reportId, baseVersion: rng.pick([0, 1, -1, 1e308, '1']), text, comment: text, note: text };
  if (name === 'qualify') base.qualification = { kind: 'no_offence', reason: text };
  if (name === 'orient') base.orientation = { outcome: 'transmit', serviceId: nastyString(rng), justification: text, urgency: 'normal' };
  if (name === 'recordCapture') Object.assign(base, { captureId: randomUUID(), url: `https://exemple.fr/${String(text)}`, finalUrl: null, state: 'complete' });
  return rng.chance(0.8) ? base : mutateObject(rng, base);
}

/** A well-formed push, its device chain right, whose mutations carry malformed arguments: each is rejected alone. */
function pushArgs(rng: Rng, t: FuzzTargets): FuzzRequest {
  const s = t.analyst;
  const raw = Array.from({ length: rng.int(1, 5) }, () => {
    const name = rng.pick(MUTATION_NAMES);
    return { name, args: badArgs(rng, name), createdAt: new Date().toISOString() };
  });
  const sent = chained(s, raw);
  let text = JSON.stringify({ clientId: s.deviceId, userId: s.userId, ...sent });
  // Arguments nested too deep for a recursive walk (the chain's hash is computed over them).
  if (rng.chance(0.03)) text = text.replace(/"args":\{/, `"args":{"deep":${deepText(rng.int(100, 50_000))},`);
  const body = Buffer.from(text, 'utf8');
  return {
    endpoint: 'sync push (malformed mutations)',
    request: { method: 'POST', path: API_PATHS.push, headers: [JSON_TYPE, bearer(s)], body },
    after: (res) => (res.status === 200 ? confirm(s, sent, res.body) : undefined),
    keepHeaders: true,
  };
}

function pulls(rng: Rng, t: FuzzTargets): FuzzRequest {
  const catalog = rng.chance(0.3);
  const valid = catalog ? { cursor: null, limit: 10 } : { cursor: rng.pick([null, 'djE6MDow', 'AAAA']), limit: 5, lastMutationId: 0 };
  return { endpoint: catalog ? 'catalog pull' : 'sync pull', request: { method: 'POST', path: catalog ? API_PATHS.catalogPull : API_PATHS.pull, headers: [...contentType(rng), bearer(rng.chance(0.5) ? t.analyst : t.supervisor)], body: jsonBody(rng, valid) } };
}

function evidence(rng: Rng, t: FuzzTargets): FuzzRequest {
  const id = rng.chance(0.4) ? randomUUID() : pathSegment(rng);
  if (rng.chance(0.4)) return { endpoint: 'evidence GET', request: { method: 'GET', path: `${API_PATHS.evidence}/${id}`, headers: [bearer(t.analyst)], body: Buffer.alloc(0) } };
  const offset = rng.pick(['0', '-1', '1e999', 'abc', '%00', '0x10', '99999999999999999999', '', rng.pick(BAD_ESCAPES)]);
  const type: Header[] = rng.chance(0.7) ? [['Content-Type', 'application/octet-stream']] : contentType(rng);
  const body = rng.chance(0.5) ? Buffer.from(nastyString(rng).slice(0, 5000), 'utf8') : Buffer.from([0, 0xff, 0xed, 0xa0, 0x80]);
  return { endpoint: 'evidence PUT', request: { method: 'PUT', path: `${API_PATHS.evidence}/${id}?offset=${offset}`, headers: [...type, bearer(t.analyst)], body } };
}

function competing(rng: Rng, t: FuzzTargets): FuzzRequest {
  const s = rng.chance(0.7) ? t.supervisor : t.analyst;
  if (rng.chance(0.3)) return { endpoint: 'competing GET', request: { method: 'GET', path: `${API_PATHS.competing}?${pct(nastyString(rng).slice(0, 50))}=${rng.pick(BAD_ESCAPES)}`, headers: [bearer(s)], body: Buffer.alloc(0) } };
  const id = rng.chance(0.5) ? randomUUID() : pathSegment(rng);
  const body = jsonBody(rng, { resolution: 'keep_applied', comment: 'Arbitrage du superviseur.' });
  return { endpoint: 'competing resolve', request: { method: 'POST', path: `${API_PATHS.competing}/${id}/resolve`, headers: [...contentType(rng), bearer(s)], body } };
}

function misc(rng: Rng, t: FuzzTargets): FuzzRequest {
  const path = rng.pick([
    `${API_PATHS.directory}?since=${rng.pick(['-1', 'abc', '1e999', '%00', ...BAD_ESCAPES])}`, API_PATHS.health, `/${pathSegment(rng)}`, `${API_PATHS.reports}/${pathSegment(rng)}`,
    `/demo-web/annonces/${pathSegment(rng)}`, `/?${pct(nastyString(rng).slice(0, 80))}=${rng.pick(BAD_ESCAPES)}`, API_PATHS.openapi,
  ]);
  const method = rng.pick(['GET', 'GET', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND']);
  return { endpoint: `misc ${method}`, request: { method, path, headers: [...contentType(rng), bearer(t.analyst)], body: method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : jsonBody(rng, { a: 1 }) } };
}

const GENERATORS: readonly [number, (rng: Rng, t: FuzzTargets) => FuzzRequest][] = [
  [12, form], [14, reports], [12, auth], [12, pushEnvelope], [14, pushArgs], [10, pulls], [9, evidence], [9, competing], [8, misc],
];
const TOTAL = GENERATORS.reduce((n, [w]) => n + w, 0);

/** The next malformed request; about one in eight also gets hostile headers. */
export function nextRequest(rng: Rng, t: FuzzTargets): FuzzRequest {
  let r = rng.next() * TOTAL;
  const [, make] = GENERATORS.find(([w]) => (r -= w) < 0) ?? GENERATORS[0]!;
  const made = make(rng, t);
  // A push with the right chain is kept intact: it exists to reach the per-mutation refusals.
  if (made.keepHeaders || !rng.chance(0.15)) return made;
  return { ...made, endpoint: `${made.endpoint} + headers`, request: nastyHeaders(rng, made.request) };
}
