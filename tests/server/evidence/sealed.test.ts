import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { digestSealed, exportSealed, sealFile } from '../../../src/server/evidence/files';
import { HEADER_BYTES, RECORD_MAX } from '../../../src/server/evidence/sealed';

// The sealed format alone: every way a stored copy can be altered is detected, with a message that
// says which, and an export that fails leaves no file.

const dir = mkdtempSync(path.join(tmpdir(), 'pharos-sealed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const key = randomBytes(32);
const RECORD = 5 + RECORD_MAX + 16;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function sealed(plain: Buffer, id = randomUUID()) {
  const src = path.join(dir, `${id}.plain`);
  writeFileSync(src, plain);
  const file = path.join(dir, `${id}.enc`);
  const digest = await sealFile(src, file, key, id);
  rmSync(src);
  return { id, file, digest, bytes: readFileSync(file) };
}

describe('sealed evidence format', () => {
  const plain = randomBytes(3 * RECORD_MAX + 1234);

  it('round-trips, with one record per 64 KiB and the header first', async () => {
    const s = await sealed(plain);
    expect(s.digest).toEqual({ sha256: sha(plain), bytes: plain.length });
    expect(s.bytes.length).toBe(HEADER_BYTES + 3 * RECORD + 5 + 1234 + 16);
    expect(s.bytes.subarray(0, 8).toString('latin1')).toBe('PHAROSEV');
    expect(await digestSealed(s.file, key, s.id)).toEqual(s.digest);
    const empty = await sealed(Buffer.alloc(0));
    expect(await digestSealed(empty.file, key, empty.id)).toEqual({ sha256: sha(Buffer.alloc(0)), bytes: 0 });
  });

  it.each([
    ['a flipped byte in the header', (b: Buffer) => flip(b, 40), /altéré|autre clé|en-tête/],
    ['a flipped byte in a record frame', (b: Buffer) => flip(b, HEADER_BYTES + RECORD + 2), /enregistrement 1 altéré/],
    ['a flipped byte of ciphertext', (b: Buffer) => flip(b, HEADER_BYTES + 2 * RECORD + 100), /enregistrement 2 altéré : son authentification AES-GCM échoue/],
    ['a flipped tag byte', (b: Buffer) => flip(b, HEADER_BYTES + RECORD - 1), /enregistrement 0 altéré/],
    ['the final flag cleared', (b: Buffer) => flip(b, HEADER_BYTES + 3 * RECORD, 0x01), /enregistrement 3 altéré/],
    ['the final record removed', (b: Buffer) => b.subarray(0, HEADER_BYTES + 3 * RECORD), /tronqué : il s’arrête après 3 enregistrement/],
    ['a cut inside a record', (b: Buffer) => b.subarray(0, HEADER_BYTES + RECORD + 100), /tronqué/],
    ['two records swapped', (b: Buffer) => swap(b, 1, 2), /enregistrement 1 altéré/],
    ['a record repeated', (b: Buffer) => Buffer.concat([b.subarray(0, HEADER_BYTES + 2 * RECORD), b.subarray(HEADER_BYTES + RECORD)]), /enregistrement 2 altéré/],
    ['bytes after the final record', (b: Buffer) => Buffer.concat([b, Buffer.from('x')]), /données en trop après l’enregistrement final 3/],
    ['an empty file', () => Buffer.alloc(0), /fichier vide/],
  ])('refuses %s', async (_what, alter, message) => {
    const s = await sealed(plain);
    writeFileSync(s.file, alter(Buffer.from(s.bytes)));
    await expect(digestSealed(s.file, key, s.id)).rejects.toThrow(message);
  });

  it('names another key and another capture’s file', async () => {
    const s = await sealed(plain);
    await expect(digestSealed(s.file, randomBytes(32), s.id)).rejects.toThrow(/autre clé/);
    const other = randomUUID();
    await expect(digestSealed(s.file, key, other)).rejects.toThrow(`le fichier est celui de la capture ${s.id}, pas de ${other}`);
  });

  it('exports the exact bytes, or nothing when a record fails or the digest differs', async () => {
    const s = await sealed(plain);
    const out = path.join(dir, `${s.id}.wacz`);
    await exportSealed(s.file, key, s.id, out, `${out}.tmp`, s.digest);
    expect(readFileSync(out).equals(plain)).toBe(true);
    rmSync(out);
    writeFileSync(s.file, flip(Buffer.from(s.bytes), HEADER_BYTES + 2 * RECORD + 7));
    await expect(exportSealed(s.file, key, s.id, out, `${out}.tmp`, s.digest)).rejects.toThrow(/altéré/);
    writeFileSync(s.file, s.bytes);
    await expect(exportSealed(s.file, key, s.id, out, `${out}.tmp`, { ...s.digest, sha256: '0'.repeat(64) })).rejects.toThrow(/la capture enregistrée annonce/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.startsWith(`${s.id}.wacz`))).toEqual([]);
  });
});

function flip(b: Buffer, at: number, bit = 0x10): Buffer {
  b[at] = (b[at] ?? 0) ^ bit;
  return b;
}

function swap(b: Buffer, i: number, j: number): Buffer {
  const rec = (k: number) => Buffer.from(b.subarray(HEADER_BYTES + k * RECORD, HEADER_BYTES + (k + 1) * RECORD));
  const [x, y] = [rec(i), rec(j)];
  y.copy(b, HEADER_BYTES + i * RECORD);
  x.copy(b, HEADER_BYTES + j * RECORD);
  return b;
}
