/**
 * Importing one million persons from CSV, against PostgreSQL's own COPY of the same file into a
 * bare table, in the same process (issue 3: the full validated import within 2× the bare COPY).
 *
 *   npx tsx bench/import.bench.ts --engine pg|pglite [--rows 1000000] [--runs 3]
 *                                 [--url postgres://root@127.0.0.1:5432/postgres]
 *
 * Each run uses a fresh database: a new database on the server (pg) or a new data folder
 * (pglite). The baseline is `COPY bare FROM … WITH (FORMAT csv, HEADER)` into a table of text
 * columns without keys. The import is `importFile` as the API and CLI run it: the file is read
 * twice (check, then write), every row validated, ID numbers sealed, hashed and masked, pinyin
 * computed, households built, relatives linked, and persons, history and households written with
 * COPY in one transaction with the batch and audit rows.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createDatabase, type DatabaseHandle } from '../server/src/db/database.js';
import { migrateToLatest } from '../server/src/db/migrate.js';
import { PERSONS_HEADER, writePersonsCsv } from '../server/src/imports/fixtures/generate.js';
import { importFile } from '../server/src/imports/import.service.js';
import { createSealer } from '../server/src/lib/sealing.js';
import { shippedCountyTree } from '../server/src/org/divisions.js';
import { loadDivisionTree } from '../server/src/org/org.service.js';
import { createHash } from 'node:crypto';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'pg' },
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    url: { type: 'string', default: process.env.RENKOU_BENCH_PG ?? 'postgres://root@127.0.0.1:5432/postgres' },
  },
});
const engine = args.engine === 'pglite' ? 'pglite' : 'pg';
const rows = Number(args.rows);
const runs = Number(args.runs);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-import-bench-'));
const cleanups: Array<() => Promise<void>> = [];

async function freshDatabase(): Promise<DatabaseHandle> {
  if (engine === 'pglite') {
    const dir = fs.mkdtempSync(path.join(tmp, 'data-'));
    const h = await createDatabase({ dataDir: dir });
    return {
      ...h,
      close: async () => {
        await h.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `renkou_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: args.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(args.url!);
  u.pathname = `/${name}`;
  const h = await createDatabase({ url: u.toString() });
  // DROP DATABASE … WITH (FORCE) ends connections the pool may still be closing.
  if (h.raw?.kind === 'pg') h.raw.pool.on('error', () => undefined);
  return {
    ...h,
    close: async () => {
      await h.close();
      const c = new pg.Client({ connectionString: args.url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** PostgreSQL's own COPY of the CSV into a table of text columns: the floor for loading the rows. */
async function bareCopy(file: string): Promise<number> {
  const h = await freshDatabase();
  try {
    const columns = PERSONS_HEADER.map((_, i) => `c${i} text`).join(', ');
    const copySql = (src: string) => `COPY bare FROM ${src} WITH (FORMAT csv, HEADER true)`;
    if (h.raw?.kind === 'pglite') {
      await h.raw.client.exec(`CREATE TABLE bare (${columns})`);
      const blob = new Blob([await fs.promises.readFile(file)]);
      const t = performance.now();
      await h.raw.client.query(copySql(`'/dev/blob'`), [], { blob });
      return performance.now() - t;
    }
    const client = await (h.raw as { pool: pg.Pool }).pool.connect();
    try {
      await client.query(`CREATE TABLE bare (${columns})`);
      const t = performance.now();
      await new Promise<void>((resolve, reject) => {
        const stream = client.query(copyFrom(copySql('STDIN')));
        stream.on('finish', resolve);
        stream.on('error', reject);
        fs.createReadStream(file, { highWaterMark: 1 << 20 })
          .on('error', reject)
          .pipe(stream);
      });
      return performance.now() - t;
    } finally {
      client.release();
    }
  } finally {
    await h.close();
  }
}

async function fullImport(file: string, sha256: string): Promise<{ ms: number; persons: number; peakRss: number }> {
  const h = await freshDatabase();
  try {
    await migrateToLatest(h.db);
    await loadDivisionTree(h.db, shippedCountyTree('430623')!);
    const sealer = createSealer(randomBytes(32));
    let peakRss = process.memoryUsage().rss;
    const t = performance.now();
    // Phase times, printed so that a run says where its time went.
    let phase = 'start';
    let phaseAt = t;
    const phases: string[] = [];
    const result = await importFile(
      { database: h, sealer, limits: { maxBytes: 1024 * 1024 * 1024 } },
      {
        userId: null,
        username: 'bench',
        displayName: '基准测试',
        role: 'operator',
        unitId: '430623',
        unitPath: '/430623/',
        countyCode: '430623',
      },
      { userId: null, username: 'bench', unitId: '430623', address: 'bench' },
      'persons',
      { path: file, fileName: path.basename(file), bytes: fs.statSync(file).size, sha256 },
      {},
      (p) => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        if (p.phase !== phase) {
          const now = performance.now();
          phases.push(`${phase} ${s(now - phaseAt)}`);
          phase = p.phase;
          phaseAt = now;
        }
      },
    );
    const ms = performance.now() - t;
    phases.push(`${phase} ${s(performance.now() - phaseAt)}`);
    console.log(`  phases: ${phases.join(', ')}`);
    if (result.status !== 'imported') {
      throw new Error(
        `import refused: ${result.message}\n${
          'problems' in result
            ? result.problems
                .slice(0, 5)
                .map((p) => p.message)
                .join('\n')
            : ''
        }`,
      );
    }
    const n = Number(
      (
        await h.db
          .selectFrom('person')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    return { ms, persons: n, peakRss };
  } finally {
    await h.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const file = path.join(tmp, 'persons.csv');
  process.stdout.write(`generating ${rows.toLocaleString()} persons… `);
  const written = await writePersonsCsv(file, rows);
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  const sha256 = hash.digest('hex');
  console.log(`${written.toLocaleString()} rows, ${(fs.statSync(file).size / 1024 / 1024).toFixed(0)} MB`);
  console.log(`engine ${engine}, ${runs} runs, ${os.cpus().length} CPUs, Node ${process.version}`);
  const copies: number[] = [];
  const imports: number[] = [];
  for (let r = 1; r <= runs; r++) {
    const c = await bareCopy(file);
    copies.push(c);
    const i = await fullImport(file, sha256);
    imports.push(i.ms);
    console.log(
      `run ${r}: bare COPY ${s(c)}   full import ${s(i.ms)} (${i.persons.toLocaleString()} persons, peak RSS ${(i.peakRss / 1024 / 1024).toFixed(0)} MB)   ratio ${(i.ms / c).toFixed(2)}`,
    );
  }
  const mc = median(copies);
  const mi = median(imports);
  console.log(`median: bare COPY ${s(mc)}   full import ${s(mi)}   ratio ${(mi / mc).toFixed(2)}× (goal ≤ 2×)`);
  console.log(
    `        ${Math.round(written / (mi / 1000)).toLocaleString()} persons/s imported, ${Math.round(written / (mc / 1000)).toLocaleString()} rows/s bare COPY`,
  );
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const c of cleanups) await c();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
