import fs from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/database';
import { captures } from '../db/schema';
import { digestSealed, sealFile } from './files';
import { classify, dropPart, listNames, names, readState, temporaryOf } from './parts';

type Serial = <T>(id: string, fn: () => Promise<T>) => Promise<T>;
const age = (ms: number) => (ms >= 3_600_000 ? `${Math.round(ms / 3_600_000)} h` : `${Math.round(ms / 1000)} s`);
const mtimeOf = (file: string) => fs.stat(file).then((s) => s.mtimeMs, () => null);

/**
 * Removes uploads nobody continued for ABANDON_AFTER_MS (their sealed part and state), and leftovers of
 * a crash (a part without state, temporary files). Runs at start and then every quarter of that age
 * (at most hourly) on an unref'd timer that `stop` clears, so it never keeps the process alive.
 */
export function createSweeper(o: { dir: string; abandonAfterMs: number; serial: Serial; warn?: (text: string) => void }) {
  const { dir, abandonAfterMs, serial } = o;
  const every = Math.min(3_600_000, Math.max(100, Math.floor(abandonAfterMs / 4)));
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<string[]> | null = null;
  const old = (t: number | null) => t !== null && Date.now() - t >= abandonAfterMs;

  const removeIfStale = (id: string, kind: 'state' | 'part' | 'temporary', file: string): Promise<boolean> =>
    serial(id, async () => {
      if (kind === 'state') {
        const s = await readState(dir, id);
        if (!old(s?.updatedAt ?? (await mtimeOf(file)))) return false;
        await dropPart(dir, id);
        return true;
      }
      // A part whose state is gone, or a temporary file: a crash left it; its age says nobody uses it.
      if (kind === 'part' && (await mtimeOf(path.join(dir, names.state(id)))) !== null) return false;
      if (!old(await mtimeOf(file))) return false;
      await fs.rm(file, { force: true });
      return kind === 'part';
    });

  const once = async (): Promise<string[]> => {
    const removed: string[] = [];
    for (const name of await listNames(dir)) {
      const c = classify(name);
      if (c === null) continue;
      switch (c.kind) {
        case 'state':
        case 'part':
        case 'temporary':
          if (await removeIfStale(c.id, c.kind, path.join(dir, name))) removed.push(c.id);
          break;
        case 'sealed':
        case 'legacyPlain':
        case 'legacyPart':
          break;
      }
    }
    if (removed.length > 0) o.warn?.(`Envoi(s) de preuve abandonné(s) depuis plus de ${age(abandonAfterMs)} supprimé(s) : ${removed.join(', ')}\n`);
    return removed;
  };

  const sweep = (): Promise<string[]> => (running ??= once().finally(() => (running = null)));
  return {
    sweep,
    start() {
      if (timer) return;
      timer = setInterval(() => void sweep().catch(() => undefined), every);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}

/**
 * Copies kept in plaintext by versions before encryption at rest are sealed in place at start: sealed
 * beside, the sealed copy re-read and its digest compared with the plaintext's, then renamed into place
 * and the plaintext removed. Plaintext uploads in progress are removed: the workstation asks where to
 * resume, hears 0, and sends the copy again, sealed this time.
 */
export async function migratePlaintext(o: { db: Db; dir: string; key: Buffer; warn?: (text: string) => void }): Promise<void> {
  const lines: string[] = [];
  for (const name of await listNames(o.dir)) {
    const c = classify(name);
    if (c?.kind === 'legacyPart') {
      await fs.rm(path.join(o.dir, name), { force: true });
      lines.push(`  ${name} : envoi en clair interrompu supprimé (le poste le renverra)`);
    }
    if (c?.kind !== 'legacyPlain') continue;
    const plain = path.join(o.dir, name);
    const sealed = path.join(o.dir, names.sealed(c.id));
    if ((await mtimeOf(sealed)) === null) {
      const tmp = temporaryOf(sealed);
      const digest = await sealFile(plain, tmp, o.key, c.id);
      const back = await digestSealed(tmp, o.key, c.id);
      if (back.sha256 !== digest.sha256 || back.bytes !== digest.bytes) {
        await fs.rm(tmp, { force: true });
        throw new Error(`chiffrement de ${name} : la copie chiffrée relue diffère de l’originale ; rien n’a été changé`);
      }
      await fs.rename(tmp, sealed);
      const [rec] = await o.db.select().from(captures).where(eq(captures.id, c.id)).limit(1);
      const note = rec?.waczSha256 === digest.sha256 ? '' : ' (attention : son SHA-256 n’est pas celui de la capture enregistrée)';
      lines.push(`  ${name} → ${names.sealed(c.id)}${note}`);
    }
    await fs.rm(plain, { force: true });
  }
  if (lines.length > 0) o.warn?.(`Preuves en clair d’une version précédente chiffrées sur place :\n${lines.join('\n')}\n`);
}
