import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEvidenceStore } from '../../../src/main/evidence';
import { useTempDirs } from '../helpers/temp';

describe('evidence store', () => {
  const temp = useTempDirs();
  const key = crypto.randomBytes(32);

  it('stores artifacts encrypted, records the plaintext SHA-256 and reads them back verified', async () => {
    const dir = temp();
    const store = openEvidenceStore(dir, key);
    const data = Buffer.from('<html>preuve : contenu illicite</html>');
    const a = await store.put(data, { captureId: 'c1', reportId: 'R-1', name: 'dom.html', mime: 'text/html' });
    expect(a.sha256).toBe(crypto.createHash('sha256').update(data).digest('hex'));
    const onDisk = fs.readFileSync(path.join(dir, `${a.id}.bin`));
    expect(onDisk.includes(Buffer.from('preuve'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'index.enc')).includes(Buffer.from('dom.html'))).toBe(false);
    expect(await store.read(a.id)).toEqual(data);
    // Reopened with the same key: the index and the blob are still there.
    const again = openEvidenceStore(dir, key);
    expect((await again.list({ reportId: 'R-1' })).map((x) => x.name)).toEqual(['dom.html']);
    expect(await again.read(a.id)).toEqual(data);
  });

  it('refuses a changed blob, a blob moved under another id and a wrong key, without damaging anything', async () => {
    const dir = temp();
    const store = openEvidenceStore(dir, key);
    const [a, b] = await Promise.all([
      store.put(Buffer.from('A'.repeat(100)), { captureId: 'c', reportId: null, name: 'a.txt', mime: 'text/plain' }),
      store.put(Buffer.from('B'.repeat(100)), { captureId: 'c', reportId: null, name: 'b.txt', mime: 'text/plain' }),
    ]);
    expect((await store.list()).length).toBe(2); // concurrent puts both indexed
    const file = path.join(dir, `${a?.id}.bin`);
    const blob = fs.readFileSync(file);
    blob[blob.length - 1] = (blob[blob.length - 1] ?? 0) ^ 1;
    fs.writeFileSync(file, blob);
    await expect(store.read(a?.id ?? '')).rejects.toThrow(/a\.txt illisible ou altérée/);
    fs.copyFileSync(path.join(dir, `${b?.id}.bin`), file);
    await expect(store.read(a?.id ?? '')).rejects.toThrow(/altérée/);
    await expect(openEvidenceStore(dir, crypto.randomBytes(32)).list()).rejects.toThrow();
    expect(await store.read(b?.id ?? '')).toEqual(Buffer.from('B'.repeat(100)));
    await expect(store.read('absent')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('imports a whole capture folder', async () => {
    const dir = temp();
    const folder = temp();
    fs.writeFileSync(path.join(folder, 'capture.wacz'), 'zip');
    fs.writeFileSync(path.join(folder, 'pv.pdf'), '%PDF');
    const stored = await openEvidenceStore(dir, key).importCaptureFolder(folder, { captureId: 'c9', reportId: 'R-9' });
    expect(stored.map((s) => [s.name, s.mime])).toEqual([['capture.wacz', 'application/wacz'], ['pv.pdf', 'application/pdf']]);
  });
});
