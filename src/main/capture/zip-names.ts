import { entryLabel, ZipRefusal } from './zip-refusal';

// Entry names of an evidence ZIP. A name must mean one path, the same for every unzip tool on every system:
// UTF-8 (or plain ASCII), relative, with "/" only, no "." / ".." / empty segments, no control or invisible
// format characters; and no two names may land on the same file of a case-insensitive or normalising file
// system (macOS, Windows), where one would silently replace the other when extracted.

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const UTF8_FLAG = 0x0800;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

export function decodeName(raw: Buffer, flags: number, index: number): string {
  const ascii = raw.every((b) => b < 0x80);
  // Without the UTF-8 flag, APPNOTE says CP 437, which tools ignore or honour at will: only ASCII is unambiguous.
  if (!ascii && !(flags & UTF8_FLAG)) throw new ZipRefusal('name-encoding', entryLabel(null, index), 'nom non ASCII sans l’indicateur UTF-8 (lecture ambiguë selon l’outil)');
  try {
    return UTF8.decode(raw);
  } catch {
    throw new ZipRefusal('name-encoding', entryLabel(null, index), 'nom qui n’est pas de l’UTF-8 valide');
  }
}

/** Refuses a name that is not one plain relative path; says whether it names a folder. */
export function checkName(name: string, index: number): { directory: boolean } {
  const label = entryLabel(name, index);
  if (name === '') throw new ZipRefusal('empty-name', entryLabel(null, index), 'nom vide');
  if (INVISIBLE.test(name)) throw new ZipRefusal('control-character', label, 'caractère de contrôle ou invisible dans le nom');
  if (name.includes('\\')) throw new ZipRefusal('backslash', label, 'barre oblique inverse « \\ » dans le nom (chemin lu autrement sous Windows)');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw new ZipRefusal('absolute-path', label, 'chemin absolu');
  const directory = name.endsWith('/');
  const segments = (directory ? name.slice(0, -1) : name).split('/');
  for (const s of segments) {
    if (s === '.' || s === '..') throw new ZipRefusal('dot-segment', label, `segment « ${s} » dans le chemin`);
    if (s === '') throw new ZipRefusal('empty-segment', label, 'segment vide (« // ») dans le chemin');
  }
  return { directory };
}

/** The file a name lands on where names are compared loosely: compatibility-normalised, case-folded, and
 *  without the trailing dots and spaces that Windows drops. */
export function foldName(name: string): string {
  const bare = name.endsWith('/') ? name.slice(0, -1) : name;
  return bare
    .split('/')
    .map((s) => s.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC').replace(/[. ]+$/, ''))
    .join('/');
}

/** Refuses duplicate names, names equal once folded, and a file named like another entry's folder. */
export function checkNameSet(entries: readonly { name: string; directory: boolean }[]): void {
  const seen = new Map<string, string>();
  const folders = new Set<string>();
  entries.forEach((e, i) => {
    const folded = foldName(e.name);
    const other = seen.get(folded);
    if (other === e.name) throw new ZipRefusal('duplicate-name', entryLabel(e.name, i), 'nom présent deux fois dans l’archive (les outils de décompression n’en gardent qu’un)');
    if (other !== undefined) throw new ZipRefusal('ambiguous-name', entryLabel(e.name, i), `même fichier que « ${entryLabel(other, i)} » une fois la casse et la forme Unicode ramenées`);
    seen.set(folded, e.name);
    const parts = folded.split('/');
    for (let n = 1; n < parts.length; n++) folders.add(parts.slice(0, n).join('/'));
  });
  entries.forEach((e, i) => {
    if (!e.directory && folders.has(foldName(e.name))) throw new ZipRefusal('path-conflict', entryLabel(e.name, i), 'fichier portant le nom d’un dossier d’une autre entrée');
  });
}
