import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_OFFENCES } from '@shared';
import { catalogPage, CatalogFileError, ensureBuiltinCatalog, importNatinfFile } from '../../../src/server/catalog';
import { main, type CliIo } from '../../../src/server/cli';
import { openDatabase, type OpenDatabase } from '../../../src/server/db/database';
import { queryRows } from '../../../src/server/db/rows';
import { DEMO_NATINF_FILE } from '../../../src/server/demo/catalog';
import { backends, createDatabase, warnIfSkipped } from '../helpers';

const REAL = readFileSync(DEMO_NATINF_FILE, 'utf8');
const REAL_LINES = REAL.split('\n').filter((l) => l.length > 0);

type Row = { id: string; natinf: string; label: string; nature: string; contravention_class: number | null; category: string; source: string; version: string };
const rowsOf = async (db: OpenDatabase['db']): Promise<Row[]> =>
  queryRows<Row>(db, sql`select id, natinf, label, nature, contravention_class, category, source, version from catalog_offences where source = 'natinf' order by natinf::int`);

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), readPassword: async () => null };
  return { cli, out: () => out.join(''), err: () => err.join('') };
}

describe.each(backends())('NATINF import on $name', (b) => {
  warnIfSkipped(b, 'catalog import');
  let dir: string;
  let opened: OpenDatabase;
  let drop = async () => {};
  let url: string | undefined;
  const file = (name: string, content: string | Buffer): string => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pharos-catalog-'));
    if (b.skip) return;
    if (b.name === 'postgres') {
      const created = await createDatabase();
      url = created.url;
      drop = created.drop;
    }
  });
  beforeEach(async () => {
    if (b.skip) return;
    opened = await openDatabase({ dataDir: dir, databaseUrl: url });
    await opened.db.execute(sql`delete from catalog_offences`);
    await opened.db.execute(sql`delete from catalog_imports`);
  });
  afterEach(async () => {
    await opened?.close();
  });
  afterAll(async () => {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(b.skip)('imports the 100 real rows with their codes, labels, natures and categories', async () => {
    const s = await importNatinfFile(opened.db, DEMO_NATINF_FILE);
    expect(s).toMatchObject({ rows: 100, inserted: 100, updated: 0, unchanged: 0, encoding: 'utf-8', uncategorised: false });
    const rows = await rowsOf(opened.db);
    expect(rows).toHaveLength(100);
    const byCode = new Map(rows.map((r) => [r.natinf, r]));
    expect(byCode.get('30736')).toMatchObject({
      id: 'natinf-30736',
      label: "APOLOGIE PUBLIQUE D'UN ACTE DE TERRORISME COMMISE AU MOYEN D'UN SERVICE DE COMMUNICATION AU PUBLIC EN LIGNE",
      nature: 'delit',
      category: 'terrorism',
    });
    expect(byCode.get('26406')).toMatchObject({ nature: 'contravention', contravention_class: 5, category: 'hate_discrimination', label: 'DIFFAMATION NON PUBLIQUE EN RAISON DU SEXE' });
    expect(byCode.get('23339')).toMatchObject({ nature: 'crime', category: 'pimping' });
    expect(byCode.get('7875')).toMatchObject({ label: 'ESCROQUERIE', category: 'scam' });
    expect(byCode.get('23441')?.category).toBe('child_sexual_abuse');
    const [imports] = await queryRows<{ n: number }>(opened.db, sql`select count(*)::int as n from catalog_imports where rows = 100 and inserted = 100`);
    expect(imports?.n).toBe(1);
  });

  it.skipIf(b.skip)('reads a Latin-1 copy of the file to exactly the same labels', async () => {
    await importNatinfFile(opened.db, DEMO_NATINF_FILE);
    const utf8 = await rowsOf(opened.db);
    await opened.db.execute(sql`delete from catalog_offences where source = 'natinf'`);
    const latin1 = Buffer.from(REAL, 'latin1');
    expect(latin1.length).toBeLessThan(Buffer.byteLength(REAL, 'utf8'));
    const s = await importNatinfFile(opened.db, file('latin1.csv', latin1));
    expect(s.encoding).toBe('windows-1252');
    const strip = (rows: Row[]) => rows.map(({ version: _v, ...r }) => r);
    expect(strip(await rowsOf(opened.db))).toEqual(strip(utf8));
  });

  it.skipIf(b.skip)('refuses a file with invalid rows, listing their line numbers, and writes nothing', async () => {
    await importNatinfFile(opened.db, DEMO_NATINF_FILE);
    const before = await rowsOf(opened.db);
    const lines = [...REAL_LINES];
    lines[4] = lines[4]!.replace(/^\d+;/, '12a;');
    lines[9] = lines[9]!.replace(';Délit;', ';Infraction;');
    lines[20] = lines[20]!.split(';').slice(0, 4).join(';');
    lines[30] = `${lines[2]!.replace(/^\d+;Délit;[^;]+/, (m) => m.replace(/;[^;]+$/, ';QUALIFICATION CHANGÉE'))}`;
    lines.push(lines[1]!);
    const bad = file('bad.csv', `${lines.join('\r\n')}\r\n`);
    const e = await importNatinfFile(opened.db, bad).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CatalogFileError);
    const problems = (e as CatalogFileError).problems;
    expect(problems.map((p) => p.line)).toEqual([5, 10, 21, 31, 102]);
    expect(problems[0]?.message).toContain('12a');
    expect(problems[1]?.message).toContain('Infraction');
    expect(problems[3]?.message).toMatch(/déjà présent ligne 3/);
    expect(await rowsOf(opened.db)).toEqual(before);
  });

  it.skipIf(b.skip)('re-imports idempotently: only a changed row gets a new version and reaches the feed', async () => {
    await ensureBuiltinCatalog(opened.db);
    await importNatinfFile(opened.db, DEMO_NATINF_FILE);
    const first = await catalogPage(opened.db, null, 5000);
    expect(first.offences).toHaveLength(100 + BUILTIN_OFFENCES.length);
    expect(first.hasMore).toBe(false);
    const again = await importNatinfFile(opened.db, DEMO_NATINF_FILE);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 100 });
    expect((await catalogPage(opened.db, first.cursor, 5000)).offences).toHaveLength(0);
    const changed = REAL.replace('7875;Délit;ESCROQUERIE;', '7875;Délit;ESCROQUERIE (LIBELLÉ RÉVISÉ);');
    const s = await importNatinfFile(opened.db, file('v2.csv', changed));
    expect(s).toMatchObject({ inserted: 0, updated: 1, unchanged: 99 });
    const next = await catalogPage(opened.db, first.cursor, 5000);
    expect(next.offences.map((o) => [o.natinf, o.label])).toEqual([['7875', 'ESCROQUERIE (LIBELLÉ RÉVISÉ)']]);
    const paged = await catalogPage(opened.db, null, 60);
    expect(paged).toMatchObject({ hasMore: true, remaining: 100 + BUILTIN_OFFENCES.length - 60 });
  });

  it.skipIf(b.skip)('reads quoted fields (separator, quotes, line breaks inside) and a file without categories', async () => {
    const content =
      '\ufeffNuméro NATINF;Nature de l\'infraction;Qualification de l\'infraction;Définie par;Réprimée par\n' +
      '7875;Délit;"ESCROQUERIE; DITE ""EN LIGNE""";"ART.313-1\nC.PENAL.";ART.313-1 AL.2 C.PENAL.\n' +
      '26406;Contravention de classe 5;DIFFAMATION NON PUBLIQUE EN RAISON DU SEXE;ART.R.625-8 AL.2 C.PENAL.;ART.R.625-8 C.PENAL.\n';
    const s = await importNatinfFile(opened.db, file('quoted.csv', content));
    expect(s).toMatchObject({ rows: 2, uncategorised: true, encoding: 'utf-8' });
    const rows = await rowsOf(opened.db);
    expect(rows.map((r) => [r.natinf, r.label, r.category])).toEqual([
      ['7875', 'ESCROQUERIE; DITE "EN LIGNE"', 'other'],
      ['26406', 'DIFFAMATION NON PUBLIQUE EN RAISON DU SEXE', 'other'],
    ]);
  });

  it.skipIf(b.skip)('CLI: 0 imported, 1 refused or unreadable file, 2 bad arguments', async () => {
    await opened.close();
    const saved = process.env.DATABASE_URL;
    if (url) process.env.DATABASE_URL = url;
    else delete process.env.DATABASE_URL;
    try {
      const ok = io();
      expect(await main(['catalog', 'import', '--data', dir, DEMO_NATINF_FILE], ok.cli)).toBe(0);
      expect(ok.out()).toContain('100 ajoutée(s)');
      expect(ok.out()).toContain('Import : 100 / 100');
      const bad = io();
      expect(await main(['catalog', 'import', '--data', dir, file('b.csv', REAL.replace('30735;Délit', '30735;Délire'))], bad.cli)).toBe(1);
      expect(bad.err()).toMatch(/ligne 2 : nature de l'infraction inconnue « Délire »/);
      expect(bad.err()).toContain('rien n’a été importé');
      const missing = io();
      expect(await main(['catalog', 'import', '--data', dir, join(dir, 'absent.csv')], missing.cli)).toBe(1);
      expect(missing.err()).toContain('Fichier introuvable');
      for (const argv of [['catalog', 'import', '--data', dir], ['catalog', 'import', DEMO_NATINF_FILE], ['catalog', 'import', '--data', dir, 'a.csv', 'b.csv'], ['catalog', 'import', '--data', dir, '--force', 'x', 'a.csv']]) {
        expect(await main(argv, io().cli), argv.join(' ')).toBe(2);
      }
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
      opened = await openDatabase({ dataDir: dir, databaseUrl: url });
    }
    expect(await rowsOf(opened.db)).toHaveLength(100);
  });
});
