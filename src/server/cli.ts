import { KindedError, RoleSchema, ROLES } from '@shared';
import { SERVER_READY_PREFIX, type ServerReady } from '@shared/http/server-ready';
import { startServer, type RunningServer } from './app';
import { addUser, createApiKey, createEnrolmentCode } from './auth/admin';
import { intOption, onlyOptions, option, parseArgs, UsageError, type ParsedArgs } from './cli-args';
import { openDatabase } from './db/database';
import { readPasswordFromStdin } from './cli-stdin';
import { EVIDENCE_HELP, evidenceExportCommand, evidenceLimitsOption, SERVE_EVIDENCE_OPTIONS } from './cli-evidence';
import { describeAudit, verifyAuditLog } from './audit/verify';
import { catalogImportCommand } from './catalog';
import { ACCOUNTS_HELP, accountsCommand } from './cli-accounts';
import { directoryDeactivateCommand, directoryExportCommand, directoryImportCommand } from './review';

const HELP = `pharos-server — PHAROS central server

Usage:
  pharos-server [serve] --data DIR [--port N] [--host H] [--demo [--demo-public]] [--cert FILE --key FILE] [--log]
                [--evidence-max-size SIZE] [--evidence-quota SIZE]
      Start the server (HTTPS). Embedded PGlite database in DIR, or PostgreSQL when DATABASE_URL is set.
      --demo listens on loopback only unless --demo-public (its accounts are public). Evidence uploads:
      largest capture (default 2G), pending bytes per officer (default 8G).
  pharos-server user add --data DIR --username U --role ${ROLES.join('|')} [--display-name NAME]
      Create a user. The password is read from stdin when piped, otherwise generated and printed.
  pharos-server device code --data DIR [--ttl-hours H]
      Print a one-time enrolment code for a new workstation (default validity 24 h).
  pharos-server apikey add --data DIR --organisation NAME --source professional|state
      Print a new intake API key for a professional or a State service.
  pharos-server audit verify --data DIR
      Walk the whole audit log (the server's chain and each device's chain), recompute every hash and
      print a summary; exit 1 naming the first altered, missing or forked entry.
  pharos-server catalog import --data DIR FILE.csv
      Import (or update) the official NATINF table: ';'-separated, Latin-1 or UTF-8, header
      "Numéro NATINF;Nature de l'infraction;Qualification de l'infraction;Définie par;Réprimée par"
      (optional "categorie" column). Any invalid line refuses the whole file; exit code 1.
  pharos-server directory export --data DIR
      Print the orientation directory (services, offices, platforms) as JSON.
  pharos-server directory import --data DIR FILE.json
      Add or update the services of FILE (an array of entries as exported), all or none, as one new
      directory version that workstations fetch at their next sync. Invalid entries are listed; exit 1.
  pharos-server directory deactivate --data DIR --id ID
      Stop offering a service (kept for the decisions that name it).
${EVIDENCE_HELP}${ACCOUNTS_HELP}  pharos-server --help
`;

/** Where the CLI reads and writes; tests pass their own. */
export type CliIo = { out(text: string): void; err(text: string): void; readPassword(): Promise<string | null> };

const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  readPassword: () => readPasswordFromStdin(),
};

/** Entry point of bin/pharos-server.mjs: returns the exit code (2 = bad arguments). */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
      io.out(HELP);
      return 0;
    }
    const args = parseArgs(argv, new Set(['demo', 'demo-public', 'log']));
    return await dispatch(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`pharos-server: ${e.message}\nRun pharos-server --help for usage.\n`);
      return 2;
    }
    io.err(`pharos-server: ${e instanceof Error ? e.message : String(e)}\n`);
    return e instanceof KindedError && e.kind === 'validation' ? 2 : 1;
  }
}

async function dispatch(args: ParsedArgs, io: CliIo): Promise<number> {
  const [command, sub, ...rest] = args.positional;
  if (command === undefined || command === 'serve') {
    if (sub !== undefined) throw new UsageError(`unexpected argument ${sub}`);
    return serve(args, io);
  }
  if (command === 'catalog' && sub === 'import') return importFile(args, rest, 'catalog import', (db, f) => catalogImportCommand(db, f, io));
  if (command === 'directory' && sub === 'import') return importFile(args, rest, 'directory import', (db, f) => directoryImportCommand(db, f, io));
  if (rest.length > 0) throw new UsageError(`unexpected argument ${rest[0]}`);
  const key = `${command} ${sub ?? ''}`.trim();
  const accounts = accountsCommand(key, args, io, withDb);
  if (accounts) return accounts;
  switch (key) {
    case 'user add':
      return userAdd(args, io);
    case 'device code':
      return deviceCode(args, io);
    case 'apikey add':
      return apikeyAdd(args, io);
    case 'audit verify':
      return auditVerify(args, io);
    case 'evidence export':
      onlyOptions(args, ['data', 'id', 'out']);
      return evidenceExportCommand(args, io);
    case 'directory export':
      onlyOptions(args, ['data']);
      return withDb(args, (db) => directoryExportCommand(db, io));
    case 'directory deactivate':
      onlyOptions(args, ['data', 'id']);
      return withDb(args, (db) => directoryDeactivateCommand(db, option(args, 'id', true), io));
    default:
      throw new UsageError(`unknown command: ${key}`);
  }
}

/** Runs an administration command against the database of DIR (or DATABASE_URL). */
async function withDb<T>(args: ParsedArgs, fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const opened = await openDatabase({ dataDir: option(args, 'data', true), databaseUrl: process.env.DATABASE_URL || undefined });
  try {
    return await fn(opened.db);
  } finally {
    await opened.close();
  }
}

async function userAdd(args: ParsedArgs, io: CliIo): Promise<number> {
  onlyOptions(args, ['data', 'username', 'role', 'display-name']);
  const username = option(args, 'username', true);
  const role = RoleSchema.safeParse(option(args, 'role', true));
  if (!role.success) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  option(args, 'data', true);
  const piped = await io.readPassword();
  const created = await withDb(args, (db) => addUser(db, { username, role: role.data, password: piped ?? undefined, displayName: option(args, 'display-name') }));
  io.out(`User ${username} (${role.data}) created, id ${created.id}.\n`);
  if (piped === null) io.out(`Generated password (shown once): ${created.password}\n`);
  return 0;
}

async function deviceCode(args: ParsedArgs, io: CliIo): Promise<number> {
  onlyOptions(args, ['data', 'ttl-hours']);
  const ttl = intOption(args, 'ttl-hours', 1, 720) ?? 24;
  const code = await withDb(args, (db) => createEnrolmentCode(db, ttl));
  io.out(`Enrolment code (one use, valid ${ttl} h): ${code}\n`);
  return 0;
}

async function apikeyAdd(args: ParsedArgs, io: CliIo): Promise<number> {
  onlyOptions(args, ['data', 'organisation', 'source']);
  const organisation = option(args, 'organisation', true);
  const source = option(args, 'source', true);
  if (source !== 'professional' && source !== 'state') throw new UsageError('--source must be professional or state');
  const key = await withDb(args, (db) => createApiKey(db, { organisation, source }));
  io.out(`API key for ${organisation} (${source}), shown once — send it in the x-api-key header:\n${key}\n`);
  return 0;
}

async function auditVerify(args: ParsedArgs, io: CliIo): Promise<number> {
  onlyOptions(args, ['data']);
  const report = await withDb(args, (db) => verifyAuditLog(db));
  if (report.broken) {
    io.err(`${describeAudit(report)}\n`);
    return 1;
  }
  io.out(`${describeAudit(report)}\n`);
  return 0;
}

/** An import command reading one file: `catalog import`, `directory import`. */
async function importFile(args: ParsedArgs, files: string[], what: string, run: (db: Awaited<ReturnType<typeof openDatabase>>['db'], file: string) => Promise<number>): Promise<number> {
  onlyOptions(args, ['data']);
  option(args, 'data', true);
  const [file, extra] = files;
  if (file === undefined) throw new UsageError(`${what} needs the file to read`);
  if (extra !== undefined) throw new UsageError(`unexpected argument ${extra}`);
  return withDb(args, (db) => run(db, file));
}

async function serve(args: ParsedArgs, io: CliIo): Promise<number> {
  onlyOptions(args, ['data', 'port', 'host', 'demo', 'demo-public', 'cert', 'key', 'log', ...SERVE_EVIDENCE_OPTIONS]);
  const cert = option(args, 'cert');
  const key = option(args, 'key');
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--cert and --key go together');
  const server = await startServer({
    dataDir: option(args, 'data', true),
    port: intOption(args, 'port', 0, 65535),
    host: option(args, 'host'),
    demo: args.options.get('demo') === true,
    demoPublic: args.options.get('demo-public') === true,
    evidence: evidenceLimitsOption(args),
    warn: (t) => io.err(t),
    tls: cert && key ? { certFile: cert, keyFile: key } : undefined,
    log: args.options.get('log') === true,
  });
  announce(server, io);
  await waitForSignal();
  io.out('Stopping…\n');
  await server.close();
  return 0;
}

function announce(server: RunningServer, io: CliIo): void {
  const lines = [
    `PHAROS server listening on ${server.url}`,
    `  public reporting form: ${server.url}/`,
    `  TLS certificate SHA-256 fingerprint (check it when enrolling a workstation):`,
    `    ${server.fingerprint}`,
    `  database: ${server.database === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'}`,
  ];
  if (server.demo) {
    lines.push('', '  DEMO MODE — demo-only credentials, never use them for real work:');
    for (const a of server.demo.accounts) lines.push(`    ${a.role.padEnd(12)} ${a.username.padEnd(16)} password: ${a.password}`);
    lines.push(`    enrolment code: ${server.demo.enrolmentCode}`, `    intake API key: ${server.demo.apiKey}`, `    demo web: ${server.demo.demoWebUrl}`);
  }
  const ready: ServerReady = { url: server.url, fingerprint: server.fingerprint, database: server.database, demo: server.demo };
  io.out(`${lines.join('\n')}\n${SERVER_READY_PREFIX}${JSON.stringify(ready)}\n`);
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
