import fs from 'node:fs';
import yazl from 'yazl';
import { EvidenceZip } from './zip-read';

// WACZ entries are stored, not deflated: the WARC is already gzip'd and replay tools read it by range.

export async function writeZip(file: string, entries: { path: string; data: Uint8Array }[]): Promise<void> {
  const zip = new yazl.ZipFile();
  const mtime = new Date();
  for (const e of entries) zip.addBuffer(Buffer.from(e.data), e.path, { compress: false, mtime });
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = fs.createWriteStream(file, { flags: 'wx' });
    out.on('error', reject);
    out.on('close', () => resolve());
    zip.outputStream.on('error', reject).pipe(out);
  });
}

/**
 * Every file of a small archive, in memory, through the evidence reader (so with all its refusals); for
 * tools and tests. Verification never uses it: it streams each entry instead.
 */
export async function readZip(file: string, maxBytes = 256 * 1024 * 1024): Promise<Map<string, Buffer>> {
  const zip = await EvidenceZip.open(file, { maxTotalBytes: maxBytes });
  try {
    const out = new Map<string, Buffer>();
    for (const e of zip.entries) if (!e.directory) out.set(e.name, await zip.read(e, e.size));
    return out;
  } finally {
    await zip.close();
  }
}
