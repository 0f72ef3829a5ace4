import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join, relative } from 'node:path';

// The data folder holds the PGlite files (its WAL carries reporters' e-mails, report texts and password
// hashes), the TLS key, the server's secrets and the evidence: no other local account may read or
// change any of it. The folder is 0700 and everything in it 0600/0700: the process umask makes new
// files so, and every start walks the folder and repairs what an older version, a restore or a hand
// copy left open.

export type ModeFix = { path: string; from: number; to: number; error?: string };

const OWNER_ONLY = 0o077;

/**
 * Restricts the process umask (best effort: worker threads may not change it), creates the folder 0700
 * and repairs the modes found in it. Returns what was changed, for the warning.
 */
export function prepareDataDir(dir: string): ModeFix[] {
  try {
    process.umask(OWNER_ONLY);
  } catch {
    // A worker thread cannot set the umask: explicit modes and the repair below still apply.
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return repairModes(dir);
}

/**
 * Removes group and other bits from DIR and everything under it (symbolic links are left alone: their
 * mode means nothing and their target may be outside the folder). Directories become 0700.
 */
export function repairModes(dir: string): ModeFix[] {
  if (process.platform === 'win32') return [];
  const fixes: ModeFix[] = [];
  const visit = (path: string): void => {
    let st: Stats;
    try {
      st = path === dir ? statSync(path) : lstatSync(path); // the folder itself may be a link to it
    } catch {
      return; // removed meanwhile (PGlite's temporary files)
    }
    if (st.isSymbolicLink()) return;
    const mode = st.mode & 0o7777;
    const wanted = st.isDirectory() ? 0o700 : mode & 0o700;
    if ((mode & OWNER_ONLY) !== 0 || (st.isDirectory() && mode !== wanted)) {
      const fix: ModeFix = { path, from: mode, to: wanted };
      try {
        chmodSync(path, wanted);
      } catch (e) {
        fix.error = e instanceof Error ? e.message : String(e);
      }
      fixes.push(fix);
    }
    if (st.isDirectory()) for (const name of safeList(path)) visit(join(path, name));
  };
  visit(dir);
  return fixes;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

const octal = (m: number) => `0${m.toString(8).padStart(3, '0')}`;

/** The French warning printed at start: each repaired path with its old and new mode (the first 20). */
export function describeModeFixes(dir: string, fixes: readonly ModeFix[], shown = 20): string {
  const lines = fixes.slice(0, shown).map((f) => {
    const name = relative(dir, f.path) || '.';
    return f.error ? `  ${name} ${octal(f.from)} : correction impossible (${f.error})` : `  ${name} ${octal(f.from)} → ${octal(f.to)}`;
  });
  if (fixes.length > shown) lines.push(`  … et ${fixes.length - shown} autres`);
  return `Attention : ${fixes.length} élément(s) du dossier de données ${dir} étaient accessibles à d’autres comptes ; droits corrigés :\n${lines.join('\n')}\n`;
}
