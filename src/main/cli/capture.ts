import fs from 'node:fs/promises';
import path from 'node:path';
import { KindedError } from '@shared/result';
import { packageKind, verifyTransmissionPackage } from '../transmission';
import { capture, chromiumProvider, DEFAULT_BUDGET_MS, DEFAULT_KEY_FILE, DEFAULT_ZIP_LIMITS, MIN_BUDGET_MS, loadOrCreateKey, tsaTimestamper, verifyWacz, writePv, WACZ_FILE, type CaptureResult } from '../capture';

// `pharos capture` and `pharos verify`: the capture engine from a terminal, and the check anyone can run on
// an exported WACZ.

const MIB = 1024 * 1024;

export const CAPTURE_HELP = `  pharos capture <url> --out DOSSIER [--report ID] [--tsa URL] [--allow-host HÔTE:PORT]…
      Capture la page dans DOSSIER (nouveau ou vide) : capture.wacz signé, pv.pdf, summary.json, rendus.
      --key FICHIER        clé de signature du poste (défaut : ${DEFAULT_KEY_FILE}, créée au premier usage)
      --operator NOM       agent (défaut : $USER) ; --persona NOM ; --legal-basis TEXTE
      --budget S           durée maximale de toute la capture, du lancement au paquet signé, en secondes
                           (défaut 75, au moins 10) ; --size-budget MIO (défaut 200)
      --chromium CHEMIN    navigateur (défaut /usr/bin/chromium) ; --accept-invalid-certs
      --allow-host         autorise un hôte local ou privé (répétable), sinon refusé
  pharos verify <fichier.wacz | paquet de transmission .zip> [--max-size MIO]
      Recalcule chaque empreinte, vérifie la signature et l’horodatage (et chaque capture d’un paquet de
      transmission) : 0 si intact, 1 sinon, en nommant le fichier altéré. Refuse toute archive ZIP ambiguë
      (noms en double, entrée non listée, octets hors des entrées…) ; --max-size : taille décompressée
      admise (défaut ${DEFAULT_ZIP_LIMITS.maxTotalBytes / MIB} Mio).
`;

type Args = { positional: string[]; flags: Map<string, string[]> };
const BOOLEAN = new Set(['accept-invalid-certs']);

function parseArgs(argv: string[]): Args | string {
  const out: Args = { positional: [], flags: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (!a.startsWith('--')) {
      out.positional.push(a);
      continue;
    }
    const name = a.slice(2);
    const value = BOOLEAN.has(name) ? 'true' : argv[++i];
    if (value === undefined) return `valeur manquante pour ${a}`;
    out.flags.set(name, [...(out.flags.get(name) ?? []), value]);
  }
  return out;
}

const one = (a: Args, name: string): string | undefined => a.flags.get(name)?.at(-1);

function numberFlag(a: Args, name: string, fallback: number): number | string {
  const v = one(a, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? n : `--${name} : nombre positif attendu`;
}

function summary(r: CaptureResult, outDir: string) {
  const p = r.provenance;
  return {
    captureId: p.captureId,
    state: p.state,
    reason: p.reason,
    missing: p.missing,
    url: p.urlGiven,
    finalUrl: p.finalUrl,
    httpStatus: p.httpStatus,
    startedAt: p.startedAt,
    endedAt: p.endedAt,
    outDir,
    signer: r.signerFingerprint,
    timestamp: r.timestamp,
    blockedRequests: p.blockedRequests.length,
    events: p.events.length,
    files: [r.wacz, ...r.renderings.map((f) => ({ path: f.file, bytes: f.bytes, sha256: f.sha256 }))],
  };
}

export async function runCapture(argv: string[]): Promise<number> {
  try {
    return await captureCommand(argv);
  } catch (e) {
    if (e instanceof KindedError && e.kind === 'validation') return fail(e.message);
    process.stderr.write(`capture impossible : ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

async function captureCommand(argv: string[]): Promise<number> {
  const a = parseArgs(argv);
  if (typeof a === 'string') return fail(a);
  const url = a.positional[0];
  const out = one(a, 'out');
  if (!url || a.positional.length > 1 || !out) return fail('usage : pharos capture <url> --out DOSSIER');
  // --time-budget: the former name of --budget, still read so that existing scripts keep their bound.
  const time = numberFlag(a, a.flags.has('budget') ? 'budget' : 'time-budget', DEFAULT_BUDGET_MS / 1000);
  const size = numberFlag(a, 'size-budget', 200);
  if (typeof time === 'string') return fail(time);
  if (time * 1000 < MIN_BUDGET_MS) return fail(`--budget : ${MIN_BUDGET_MS / 1000} secondes au moins`);
  if (typeof size === 'string') return fail(size);
  const outDir = path.resolve(out);
  if ((await fs.readdir(outDir).catch(() => [])).length > 0) return fail(`${outDir} n’est pas vide : une capture va dans un dossier neuf`);
  const key = await loadOrCreateKey(path.resolve(one(a, 'key') ?? DEFAULT_KEY_FILE));
  const tsa = one(a, 'tsa');
  const result = await capture({
    url,
    outDir,
    provider: chromiumProvider(one(a, 'chromium') ? { executablePath: one(a, 'chromium') } : {}),
    key,
    operator: one(a, 'operator') ?? process.env.USER ?? 'inconnu',
    persona: one(a, 'persona') ?? null,
    reportId: one(a, 'report') ?? null,
    legalBasis: one(a, 'legal-basis') ?? '',
    timestamper: tsa ? tsaTimestamper(tsa) : null,
    options: {
      timeBudgetMs: time * 1000,
      sizeBudgetBytes: size * 1024 * 1024,
      allowHosts: a.flags.get('allow-host') ?? [],
      acceptInvalidCertificates: one(a, 'accept-invalid-certs') === 'true',
    },
    onStep: (label) => process.stderr.write(`… ${label}\n`),
  });
  const read = (f: string) => fs.readFile(path.join(outDir, f)).catch(() => undefined);
  const pv = await writePv(result, { viewport: await read('screenshot-viewport.png'), full: await read('screenshot-full.png') });
  await fs.writeFile(path.join(outDir, 'pv.pdf'), pv, { flag: 'wx' });
  const s = summary(result, outDir);
  await fs.writeFile(path.join(outDir, 'summary.json'), JSON.stringify(s, null, 2) + '\n', { flag: 'wx' });
  process.stdout.write(JSON.stringify(s, null, 2) + '\n');
  return result.provenance.state === 'failed' ? 1 : 0;
}

export async function runVerify(argv: string[]): Promise<number> {
  const a = parseArgs(argv);
  const file = typeof a === 'string' ? undefined : a.positional[0];
  if (typeof a === 'string' || !file || a.positional.length !== 1 || [...a.flags.keys()].some((k) => k !== 'max-size')) {
    return fail(`usage : pharos verify <fichier.wacz | paquet.zip> [--max-size MIO] (par exemple ${WACZ_FILE})`);
  }
  const max = numberFlag(a, 'max-size', DEFAULT_ZIP_LIMITS.maxTotalBytes / MIB);
  if (typeof max === 'string') return fail(max);
  const opts = { limits: { maxTotalBytes: Math.floor(max * MIB) } };
  const resolved = path.resolve(file);
  // A transmission package is sealed like a capture and holds captures: it is checked whole, then each one.
  const report = (await packageKind(resolved, opts.limits)) === 'transmission' ? await verifyTransmissionPackage(resolved, opts) : await verifyWacz(resolved, opts);
  const { problems, ...rest } = report;
  process.stdout.write(JSON.stringify({ ...rest, problems }, null, 2) + '\n');
  if (report.ok) {
    process.stderr.write(`intact : ${report.files.length} fichiers vérifiés, signé par ${report.signer}${report.timestamp ? `, horodaté ${report.timestamp}` : ''}\n`);
    return 0;
  }
  for (const p of problems) process.stderr.write(`ALTÉRÉ : ${p}\n`);
  return 1;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n\n${CAPTURE_HELP}`);
  return 2;
}
