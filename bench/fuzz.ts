// Fuzzing of the central server: the real server (PGlite, HTTPS, demo data) receives FUZZ_REQUESTS
// (default 10 000) generated malformed requests — bodies (U+0000, lone surrogates, control characters,
// invalid and overlong UTF-8, wrong types, huge strings, deep nesting, truncated JSON, duplicate keys,
// giant numbers, form data where JSON is expected), headers and encodings — to every endpoint: the public
// form, the reports API with a valid and an invalid key, enrolment and login, sync push and pull with a
// valid session, catalog pull, evidence, competing decisions. Prints the 5xx count and the rows changed
// (every table compared row by row before and after), both to be 0, and the rows added to the tables
// that record refusals. FUZZ_SEED replays a run.
import { runFuzz, serverErrors, unexpectedRows } from './fuzz/run';

const count = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 32));

async function main(): Promise<void> {
  console.log(`seed ${seed} (FUZZ_SEED=${seed} to replay), ${count} requests`);
  const r = await runFuzz({ count, seed, onProgress: (n) => process.stdout.write(`\r${n}/${count}`) });
  process.stdout.write('\n');
  console.log(`sent ${r.requests} requests in ${r.seconds.toFixed(1)} s (${Math.round(r.requests / r.seconds)} /s)`);
  console.log(`statuses: ${[...r.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s === -1 ? 'cut short, no answer' : s || 'no answer'}×${n}`).join(', ')}`);
  for (const [endpoint, e] of [...r.byEndpoint].sort(([a], [b]) => a.localeCompare(b))) console.log(`  ${endpoint.padEnd(44)} ${String(e.sent).padStart(5)} sent, ${e.failed} × 5xx, ${(e.ms / e.sent).toFixed(1)} ms each`);
  console.log(`5xx (or no answer): ${serverErrors(r)}`);
  console.log(`rows changed outside the refusal records: ${unexpectedRows(r)}${r.unexpected.size > 0 ? ` (${[...r.unexpected].map(([t, n]) => `${t}: ${n}`).join(', ')})` : ''}`);
  if (r.appliedMutations > 0) console.log(`  of which mutations recorded as applied: ${r.appliedMutations}`);
  console.log(`refusals recorded: ${[...r.recorded].map(([t, n]) => `${t} +${n}`).join(', ') || 'none'}`);
  for (const row of r.samples) console.log(`  changed ${row}`);
  for (const f of r.failures) console.log(`  failure #${f.index} ${f.endpoint}: ${f.status} ${f.body}`);
  process.exitCode = serverErrors(r) + unexpectedRows(r) > 0 ? 1 : 0;
}

await main();
