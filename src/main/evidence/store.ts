import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { KindedError } from '@shared/result';
import { open, seal, sha256 } from './crypto';
import { encryptedFileIndex, type EvidenceIndex, type StoredArtifact } from './index-file';

// Evidence at rest on the workstation: every artifact encrypted with the caller's key (the vault's data key),
// its plaintext SHA-256 recorded when stored and checked again on every read.

export type EvidenceStore = {
  put(data: Uint8Array, meta: { captureId: string; reportId: string | null; name: string; mime: string }): Promise<StoredArtifact>;
  read(id: string): Promise<Buffer>;
  list(filter?: { captureId?: string; reportId?: string }): Promise<StoredArtifact[]>;
  importCaptureFolder(dir: string, meta: { captureId: string; reportId: string | null }): Promise<StoredArtifact[]>;
};

const MIME: Record<string, string> = {
  '.wacz': 'application/wacz',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.json': 'application/json',
  '.html': 'text/html',
  '.txt': 'text/plain',
  '.mhtml': 'multipart/related',
};

export function openEvidenceStore(dir: string, key: Uint8Array, index?: EvidenceIndex): EvidenceStore {
  const idx = index ?? encryptedFileIndex(dir, key);
  const blobPath = (id: string) => path.join(dir, `${id}.bin`);
  const store: EvidenceStore = {
    async put(data, meta) {
      await fs.mkdir(dir, { recursive: true });
      const id = randomUUID();
      const tmp = `${blobPath(id)}.tmp`;
      await fs.writeFile(tmp, seal(key, id, data), { flag: 'wx' });
      await fs.rename(tmp, blobPath(id));
      const a: StoredArtifact = { id, ...meta, bytes: data.length, sha256: sha256(data), storedAt: new Date().toISOString() };
      await idx.add(a);
      return a;
    },
    async read(id) {
      const a = (await idx.all()).find((x) => x.id === id);
      if (!a) throw new KindedError('not_found', `pièce inconnue : ${id}`);
      let plain: Buffer;
      try {
        plain = open(key, id, await fs.readFile(blobPath(id)));
      } catch (e) {
        throw new KindedError('internal', `pièce ${a.name} illisible ou altérée (${e instanceof Error ? e.message : String(e)})`);
      }
      if (sha256(plain) !== a.sha256) throw new KindedError('internal', `pièce ${a.name} : empreinte SHA-256 différente`);
      return plain;
    },
    async list(filter = {}) {
      return (await idx.all()).filter(
        (a) => (!filter.captureId || a.captureId === filter.captureId) && (!filter.reportId || a.reportId === filter.reportId),
      );
    },
    async importCaptureFolder(folder, meta) {
      const out: StoredArtifact[] = [];
      for (const name of (await fs.readdir(folder)).sort()) {
        const data = await fs.readFile(path.join(folder, name));
        out.push(await store.put(data, { ...meta, name, mime: MIME[path.extname(name)] ?? 'application/octet-stream' }));
      }
      return out;
    },
  };
  return store;
}
