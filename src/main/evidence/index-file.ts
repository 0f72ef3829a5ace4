import fs from 'node:fs/promises';
import path from 'node:path';
import { open, seal } from './crypto';

// Where the list of stored artifacts lives. Today an encrypted JSON file next to the blobs; the interface is
// what a table of the workstation database will implement later (one row per artifact).

export type StoredArtifact = {
  id: string;
  captureId: string;
  reportId: string | null;
  name: string; // file name inside the capture (capture.wacz, pv.pdf, …)
  mime: string;
  bytes: number;
  sha256: string; // of the plaintext
  storedAt: string;
};

export type EvidenceIndex = {
  add(a: StoredArtifact): Promise<void>;
  all(): Promise<StoredArtifact[]>;
};

const INDEX_ID = 'evidence-index';

/** An index kept encrypted with the same key, rewritten atomically (temporary file, then rename). */
export function encryptedFileIndex(dir: string, key: Uint8Array): EvidenceIndex {
  const file = path.join(dir, 'index.enc');
  let queue: Promise<unknown> = Promise.resolve();
  const read = async (): Promise<StoredArtifact[]> => {
    const blob = await fs.readFile(file).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
    return blob ? (JSON.parse(open(key, INDEX_ID, blob).toString('utf8')) as StoredArtifact[]) : [];
  };
  return {
    all: read,
    add(a) {
      // Serialised: two captures finishing together must not lose each other's entries.
      const next = queue.then(async () => {
        const list = await read();
        list.push(a);
        const tmp = `${file}.${process.pid}.tmp`;
        await fs.writeFile(tmp, seal(key, INDEX_ID, Buffer.from(JSON.stringify(list))));
        await fs.rename(tmp, file);
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
