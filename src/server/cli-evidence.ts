import type { StartOptions } from './app';
import { option, type ParsedArgs, UsageError } from './cli-args';
import { openDatabase } from './db/database';
import { checkExportArgs, exportEvidence } from './evidence/export';
import { parseSize } from './evidence/limits';

// The evidence commands and options of pharos-server (kept apart from cli.ts).

type Io = { out(text: string): void; err(text: string): void };

export const EVIDENCE_HELP = `  pharos-server evidence export --data DIR --id CAPTURE --out FILE
      Write the WACZ of a capture, decrypted from the server's evidence store, to FILE (never over an
      existing file). Each record is authenticated and the SHA-256 compared with the recorded one; on
      any failure nothing is written and the exit code is 1.
`;

export const SERVE_EVIDENCE_OPTIONS = ['evidence-max-size', 'evidence-quota'] as const;

/** --evidence-max-size SIZE, --evidence-quota SIZE of `serve` (2G, 512M, bytes…). */
export function evidenceLimitsOption(args: ParsedArgs): StartOptions['evidence'] {
  const size = (name: string): number | undefined => {
    const v = option(args, name);
    if (v === undefined) return undefined;
    const n = parseSize(v);
    if (n === null) throw new UsageError(`--${name} must be a size such as 2G, 512M or a number of bytes`);
    return n;
  };
  const maxBytes = size('evidence-max-size');
  const quotaBytes = size('evidence-quota');
  return { ...(maxBytes !== undefined ? { maxBytes } : {}), ...(quotaBytes !== undefined ? { quotaBytes } : {}) };
}

export async function evidenceExportCommand(args: ParsedArgs, io: Io): Promise<number> {
  const dataDir = option(args, 'data', true);
  const captureId = option(args, 'id', true);
  const out = option(args, 'out', true);
  checkExportArgs(dataDir, captureId);
  const opened = await openDatabase({ dataDir, databaseUrl: process.env.DATABASE_URL || undefined });
  try {
    const got = await exportEvidence({ db: opened.db, dataDir, captureId, out });
    io.out(`Preuve de la capture ${captureId} exportée : ${out} (${got.bytes} octets, SHA-256 ${got.sha256}, celui enregistré avec la capture).\n`);
    return 0;
  } finally {
    await opened.close();
  }
}
