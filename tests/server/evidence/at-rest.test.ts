import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { main, type CliIo } from '../../../src/server/cli';
import { backends, startTestServer, warnIfSkipped, type TestServer } from '../helpers';
import { evidenceClient, officer, type Officer } from './fixture';

// Evidence at rest on the server: what arrives is sealed as it arrives, no byte of the captured page
// is readable in the evidence folder, and `evidence export` gives back the exact WACZ or nothing.

const MARKER = 'MARQUEUR-PAGE-CAPTUREE-7f3a9c';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A WACZ-like zip whose page is stored uncompressed: its marker is in the raw bytes of the zip. */
async function waczWithMarker(): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const page = `<html><body>${`<p>${MARKER} contenu signalé</p>`.repeat(4000)}</body></html>`;
  zip.addBuffer(Buffer.from(page), 'archive/page.html', { compress: false });
  zip.addBuffer(randomBytes(150_000), 'archive/data.bin', { compress: false });
  zip.end();
  const parts: Buffer[] = [];
  for await (const c of zip.outputStream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), readPassword: async () => null };
  return { cli, out: () => out.join(''), err: () => err.join('') };
}

describe.each(backends())('evidence at rest on $name', (b) => {
  warnIfSkipped(b, 'evidence at rest');
  let server: TestServer;
  let ana: Officer;
  const client = evidenceClient(() => server);
  const evidenceDir = () => path.join(server.dataDir, 'evidence');
  const rawEvidence = () => Buffer.concat(readdirSync(evidenceDir()).map((n) => readFileSync(path.join(evidenceDir(), n))));
  const warnings: string[] = [];
  beforeAll(async () => {
    if (b.skip) return;
    server = await startTestServer(b, { warn: (t) => warnings.push(t) });
    ana = await officer(server, 'ana');
  });
  afterAll(async () => server?.destroy());

  /** `pharos-server evidence export` run as the CLI runs it, on the server's data folder and database. */
  const exportCli = async (id: string, out: string) => {
    const saved = process.env.DATABASE_URL;
    if (server.dbUrl) process.env.DATABASE_URL = server.dbUrl;
    else delete process.env.DATABASE_URL;
    const t = io();
    try {
      return { code: await main(['evidence', 'export', '--data', server.dataDir, '--id', id, '--out', out], t.cli), out: t.out(), err: t.err() };
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  };

  it.skipIf(b.skip)('seals chunks as they arrive, resumes after a restart, and exports the exact WACZ', async () => {
    const wacz = await waczWithMarker();
    expect(wacz.includes(MARKER)).toBe(true);
    const c = await client.record(ana, wacz);
    // Chunks that do not fall on record boundaries.
    expect((await client.put(ana, c.captureId, 0, wacz.subarray(0, 100_001))).status).toBe(200);
    expect((await client.put(ana, c.captureId, 100_001, wacz.subarray(100_001, 250_000))).status).toBe(200);
    expect(rawEvidence().includes(MARKER)).toBe(false);
    // The server stops mid-upload; the workstation asks where to resume once it is back.
    server = await server.restart({ warn: (t) => warnings.push(t) });
    expect((await client.status(ana, c.captureId)).body.received).toBe(250_000);
    const last = await client.put(ana, c.captureId, 250_000, wacz.subarray(250_000));
    expect(last.body.complete).toBe(true);
    expect(readdirSync(evidenceDir())).toEqual([`${c.captureId}.wacz.enc`]);
    expect(rawEvidence().includes(MARKER)).toBe(false);
    expect(rawEvidence().includes(wacz.subarray(1000, 1064))).toBe(false);

    await server.close(); // PGlite: one process at a time on the database
    const out = path.join(server.dataDir, 'export.wacz');
    const done = await exportCli(c.captureId, out);
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    expect(done.out).toContain(c.waczSha256);
    expect(sha(readFileSync(out))).toBe(c.waczSha256);
    expect(readFileSync(out).equals(wacz)).toBe(true);
    // Never over an existing file.
    const again = await exportCli(c.captureId, out);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/existe déjà/);
    rmSync(out);

    // One flipped byte in the middle of the sealed copy: refused, and no file is left behind.
    const stored = path.join(evidenceDir(), `${c.captureId}.wacz.enc`);
    const pristine = readFileSync(stored);
    const flipped = Buffer.from(pristine);
    const middle = Math.floor(flipped.length / 2);
    flipped[middle] = (flipped[middle] ?? 0) ^ 0x01;
    writeFileSync(stored, flipped);
    const refused = await exportCli(c.captureId, out);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/Export refusé, aucun fichier écrit : la copie chiffrée du serveur est altérée ou incomplète — enregistrement \d+ altéré/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(server.dataDir).filter((n) => n.startsWith('export'))).toEqual([]);
    // Cut short: refused as truncated.
    writeFileSync(stored, pristine.subarray(0, pristine.length - 70_000));
    expect((await exportCli(c.captureId, out)).err).toMatch(/tronqué/);
    expect(existsSync(out)).toBe(false);
    writeFileSync(stored, pristine);
    server = await server.restart({ warn: (t) => warnings.push(t) });
  });

  it.skipIf(b.skip)('drops an upload whose part was damaged on the server, and takes the whole copy again', async () => {
    const wacz = randomBytes(120_000);
    const c = await client.record(ana, wacz);
    expect((await client.put(ana, c.captureId, 0, wacz.subarray(0, 70_000))).status).toBe(200);
    const part = path.join(evidenceDir(), `${c.captureId}.wacz.enc.part`);
    writeFileSync(part, readFileSync(part).subarray(0, 1000));
    const refused = await client.put(ana, c.captureId, 70_000, wacz.subarray(70_000));
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toMatch(/^Envoi en cours illisible sur le serveur \(partie reçue plus courte .*\) : supprimé, à reprendre depuis le début\.$/);
    expect((await client.status(ana, c.captureId)).body.received).toBe(0);
    expect((await client.put(ana, c.captureId, 0, wacz)).body.complete).toBe(true);
  });

  it.skipIf(b.skip)('refuses to export an unknown or unfinished capture, and a malformed id', async () => {
    const wacz = randomBytes(20_000);
    const c = await client.record(ana, wacz);
    await client.put(ana, c.captureId, 0, wacz.subarray(0, 5_000));
    await server.close();
    const out = path.join(server.dataDir, 'never.wacz');
    const unfinished = await exportCli(c.captureId, out);
    expect(unfinished.code).toBe(1);
    expect(unfinished.err).toMatch(/n’a pas été reçue/);
    const unknown = await exportCli(randomUUID(), out);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/inconnue de ce serveur/);
    const t = io();
    const nowhere = path.join(server.dataDir, 'pas-un-dossier');
    expect(await main(['evidence', 'export', '--data', nowhere, '--id', c.captureId, '--out', out], t.cli)).toBe(1);
    expect(t.err()).toMatch(/n’est pas un dossier de données du serveur/);
    expect(existsSync(nowhere)).toBe(false); // a mistyped folder gets no new database
    const malformed = await exportCli('pas-un-uuid', out);
    expect(malformed.code).toBe(2);
    expect(malformed.err).toMatch(/UUID/);
    expect(existsSync(out)).toBe(false);
    server = await server.restart({ warn: (t) => warnings.push(t) });
  });

  it.skipIf(b.skip)('encrypts in place, at start, a plaintext copy left by an earlier version', async () => {
    const wacz = await waczWithMarker();
    const c = await client.record(ana, wacz);
    expect((await client.put(ana, c.captureId, 0, wacz)).body.complete).toBe(true);
    await server.close();
    // What an earlier version kept: the WACZ in plaintext, and an interrupted plaintext upload.
    const sealed = path.join(evidenceDir(), `${c.captureId}.wacz.enc`);
    rmSync(sealed);
    writeFileSync(path.join(evidenceDir(), `${c.captureId}.wacz`), wacz);
    writeFileSync(path.join(evidenceDir(), '0b5e3a52-1d8e-4c8a-9f0e-5c6a2e8b7d11.part'), wacz.subarray(0, 1000));
    warnings.length = 0;
    server = await server.restart({ warn: (t) => warnings.push(t) });
    expect(warnings.join('')).toContain(`${c.captureId}.wacz → ${c.captureId}.wacz.enc`);
    expect(warnings.join('')).toContain('0b5e3a52-1d8e-4c8a-9f0e-5c6a2e8b7d11.part : envoi en clair interrompu supprimé');
    expect(readdirSync(evidenceDir()).sort()).toContain(`${c.captureId}.wacz.enc`);
    expect(existsSync(path.join(evidenceDir(), `${c.captureId}.wacz`))).toBe(false);
    expect(rawEvidence().includes(MARKER)).toBe(false);
    expect((await client.status(ana, c.captureId)).body.complete).toBe(true);
    await server.close();
    const out = path.join(server.dataDir, 'migrated.wacz');
    expect((await exportCli(c.captureId, out)).code).toBe(0);
    expect(sha(readFileSync(out))).toBe(c.waczSha256);
    rmSync(out);
    server = await server.restart({ warn: (t) => warnings.push(t) });
  });
});
