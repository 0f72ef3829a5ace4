import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

// Files of the evidence folder. A capture's copy is, in turn:
//   <id>.wacz.enc.part + <id>.upload.json   while it arrives (sealed records appended per chunk; the
//                                           state file is the commit point of each chunk)
//   <id>.wacz.enc                           once its SHA-256 and size were checked
// <id>.wacz and <id>.part are the plaintext files of versions before encryption at rest.

export const names = {
  sealed: (id: string) => `${id}.wacz.enc`,
  part: (id: string) => `${id}.wacz.enc.part`,
  state: (id: string) => `${id}.upload.json`,
  legacyPlain: (id: string) => `${id}.wacz`,
  legacyPart: (id: string) => `${id}.part`,
};

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** What a name in the folder is, and for which capture. */
export function classify(name: string): { kind: keyof typeof names | 'temporary'; id: string } | null {
  const m = new RegExp(`^(${UUID})(\\.wacz\\.enc|\\.wacz\\.enc\\.part|\\.upload\\.json|\\.wacz|\\.part)(\\.[0-9a-f]{12}\\.tmp)?$`, 'i').exec(name);
  if (!m) return null;
  const id = (m[1] as string).toLowerCase();
  if (m[3]) return { kind: 'temporary', id };
  const kinds = { '.wacz.enc': 'sealed', '.wacz.enc.part': 'part', '.upload.json': 'state', '.wacz': 'legacyPlain', '.part': 'legacyPart' } as const;
  return { kind: kinds[(m[2] as string).toLowerCase() as keyof typeof kinds], id };
}

const PartStateSchema = z.object({
  v: z.literal(1),
  captureId: z.string(),
  /** The officer the pending bytes count against (their quota). */
  owner: z.string(),
  declared: z.number().int().nonnegative(),
  /** Plaintext bytes received and sealed. */
  received: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
  /** Length of the part file up to the last committed chunk (anything after it is discarded). */
  bytes: z.number().int().nonnegative(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type PartState = z.infer<typeof PartStateSchema>;

export async function readState(dir: string, id: string): Promise<PartState | null> {
  const text = await fs.readFile(path.join(dir, names.state(id)), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return PartStateSchema.parse(JSON.parse(text));
  } catch {
    return null; // unreadable state: the upload starts again from 0
  }
}

/** Written beside, then renamed over: a crash leaves the previous state, never half of one. */
export async function writeState(dir: string, state: PartState): Promise<void> {
  const file = path.join(dir, names.state(state.captureId));
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(state), { mode: 0o600 });
  await fs.rename(tmp, file);
}

/** Removes an upload in progress (its part and its state). */
export async function dropPart(dir: string, id: string): Promise<void> {
  await fs.rm(path.join(dir, names.part(id)), { force: true });
  await fs.rm(path.join(dir, names.state(id)), { force: true });
}

export async function listNames(dir: string): Promise<string[]> {
  return fs.readdir(dir).catch(() => []);
}

/** The uploads in progress in the folder. */
export async function pendingStates(dir: string): Promise<PartState[]> {
  const out: PartState[] = [];
  for (const name of await listNames(dir)) {
    const c = classify(name);
    if (c?.kind !== 'state') continue;
    const s = await readState(dir, c.id);
    if (s) out.push(s);
  }
  return out;
}

/** Temporary name beside TARGET for a file made whole before it is renamed into place. */
export const temporaryOf = (target: string) => `${target}.${randomBytes(6).toString('hex')}.tmp`;
