import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { WARCParser } from 'warcio';

// Which WARC record of a damaged archive no longer matches its block digest. Only run once the WARC is known
// to differ from what was signed, so it may be anything — a gzip bomb included: it is read as a stream, and
// decompression stops at a bound (the verdict is already "altered"; this only says where).

const MiB = 1024 * 1024;
const MIN_BOUND = 8 * MiB;
/** Records are gzip'd one by one: web content rarely inflates more; past it, only the diagnosis stops. */
const MAX_RATIO = 10;

class Bound extends Error {}
class NotWarc extends Error {}

const MAGIC = Buffer.from('WARC/');

async function* bounded(source: AsyncIterable<Buffer>, limit: number): AsyncGenerator<Buffer> {
  const gunzip = createGunzip();
  const input = Readable.from(source);
  input.on('error', (e) => gunzip.destroy(e));
  input.pipe(gunzip);
  let n = 0;
  let head = Buffer.alloc(0);
  try {
    for await (const chunk of gunzip) {
      n += (chunk as Buffer).length;
      if (n > limit) throw new Bound();
      // Every WARC starts with its version line: anything else is not parsed at all.
      if (head.length < MAGIC.length) {
        head = Buffer.concat([head, chunk as Buffer]);
        if (!head.subarray(0, MAGIC.length).equals(MAGIC.subarray(0, Math.min(head.length, MAGIC.length)))) throw new NotWarc();
      }
      yield chunk as Buffer;
    }
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

export async function locateWarcDamage(name: string, source: AsyncIterable<Buffer>, compressedBytes: number): Promise<string[]> {
  const limit = Math.max(MIN_BOUND, MAX_RATIO * compressedBytes);
  const problems: string[] = [];
  let n = 0;
  try {
    const parser = new WARCParser(bounded(source, limit), { parseHttp: false });
    for await (const record of parser) {
      n++;
      const h = createHash('sha256');
      for await (const chunk of record) h.update(chunk);
      const expected = record.warcBlockDigest;
      if (expected && expected !== `sha256:${h.digest('hex')}`) {
        problems.push(`${name} : enregistrement ${record.warcHeader('WARC-Record-ID') ?? n} (${record.warcType} ${record.warcTargetURI ?? ''}) modifié`);
      }
    }
  } catch (e) {
    if (e instanceof NotWarc) problems.push(`${name} : n’est plus un fichier WARC (en-tête « WARC/ » absent)`);
    else if (e instanceof Bound) problems.push(`${name} : se décompresse au-delà de ${limit} octets (bombe de décompression ?), analyse arrêtée après l’enregistrement n° ${n}`);
    else if (n === 0 && /header|gzip|zlib|incorrect/i.test(e instanceof Error ? e.message : '')) problems.push(`${name} : compression gzip endommagée (${e instanceof Error ? e.message : String(e)})`);
    else problems.push(`${name} : illisible après l’enregistrement n° ${n} (${e instanceof Error ? e.message : String(e)})`);
  }
  return problems;
}
