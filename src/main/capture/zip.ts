import fs from 'node:fs';
import yauzl from 'yauzl';
import yazl from 'yazl';

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

/** Every entry of a zip, in order; throws a readable error on a broken archive. */
export async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, validateEntrySizes: true }, (e, z) => (e || !z ? reject(e) : resolve(z))),
  );
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (e, stream) => {
        if (e || !stream) return reject(e ?? new Error(entry.fileName));
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', reject);
        stream.on('end', () => {
          out.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  zip.close();
  return out;
}
