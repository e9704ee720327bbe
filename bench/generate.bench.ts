/**
 * Generation benchmark (issue 3): simulate a synthetic county and load it into a fresh database
 * the way the first start does (demo/demo.service.ts seedCounties: COPY, indexes and foreign keys
 * rebuilt at the end), then, in the same process and database, the baseline: PostgreSQL's own
 * COPY of the same rows (same count, same columns, the text made beforehand) into bare tables
 * without indexes or constraints. Prints each run and the medians.
 *
 *   npx tsx bench/generate.bench.ts [--engine pglite|pg] [--size county|small|province]
 *       [--county 430623] [--scale 1] [--runs 3] [--url postgres://root@127.0.0.1:5432/postgres]
 *
 * --size province generates every county of 湖南 (29,534 villages) at --scale (default 0.01).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { textChunks, withBulkSession } from '../server/src/db/copy.js';
import { createDatabase, type DatabaseHandle } from '../server/src/db/database.js';
import { migrateToLatest } from '../server/src/db/migrate.js';
import { demoParams, groupsFor, seedCounties } from '../server/src/demo/demo.service.js';
import type { PopulationParams } from '../server/src/demo/demography.js';
import { COLUMNS, PopulationRows, type CopyTable } from '../server/src/demo/population.rows.js';
import { simulatePopulation } from '../server/src/demo/population.simulation.js';
import { POPULATION_TABLES } from '../server/src/demo/population.writer.js';
import { createSealer } from '../server/src/lib/sealing.js';
import { shippedCountyTree } from '../server/src/org/divisions.js';
import type { DivisionTree } from '../server/src/org/org.service.js';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'pglite' },
    size: { type: 'string', default: 'county' },
    county: { type: 'string', default: '430623' },
    scale: { type: 'string' },
    runs: { type: 'string', default: '1' },
    url: { type: 'string', default: 'postgres://root@127.0.0.1:5432/postgres' },
  },
});

const engine = args.engine === 'pg' ? 'pg' : 'pglite';
const runs = Math.max(1, Number(args.runs));
const sealer = createSealer(randomBytes(32));

function provinceTrees(): DivisionTree[] {
  const file = path.resolve(import.meta.dirname, '../server/src/org/data/43.json.gz');
  const province = JSON.parse(gunzipSync(fs.readFileSync(file)).toString('utf8')) as {
    cities: Array<{ counties: Array<{ code: string }> }>;
  };
  return province.cities.flatMap((c) => c.counties.map((k) => shippedCountyTree(k.code)!));
}

function setUp(): { trees: DivisionTree[]; params: Partial<PopulationParams>; label: string } {
  const scale = args.scale !== undefined ? Number(args.scale) : undefined;
  if (args.size === 'province') {
    const s = scale ?? 0.01;
    return { trees: provinceTrees(), params: { scale: s }, label: `湖南省 (all counties) at scale ${s}` };
  }
  const tree = shippedCountyTree(args.county!);
  if (!tree) throw new Error(`no division data for county ${args.county}`);
  const size = args.size === 'small' ? 'small' : 'county';
  const params =
    args.county === '430623' ? demoParams(size, scale !== undefined ? { scale } : {}) : { scale: scale ?? 1 };
  return {
    trees: [tree],
    params,
    label: `${tree.county.name} (${args.county}) ${size}${scale !== undefined ? ` scale ${scale}` : ''}`,
  };
}

async function freshDatabase(): Promise<DatabaseHandle> {
  if (engine === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-bench-'));
    const handle = await createDatabase({ dataDir: dir });
    return { ...handle, close: async () => (await handle.close(), fs.rmSync(dir, { recursive: true, force: true })) };
  }
  const name = `renkou_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: args.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(args.url!);
  u.pathname = `/${name}`;
  const handle = await createDatabase({ url: u.toString() });
  return {
    ...handle,
    async close() {
      await handle.close();
      const c = new pg.Client({ connectionString: args.url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The same rows as COPY text in files (made outside the timing), one folder per table. */
function renderRows(
  trees: DivisionTree[],
  params: Partial<PopulationParams>,
  dir: string,
): Record<CopyTable, string[]> {
  const files = Object.fromEntries(POPULATION_TABLES.map((t) => [t, [] as string[]])) as Record<CopyTable, string[]>;
  const actors = { reporterFor: () => randomUuid, reviewerFor: () => randomUuid, confirmerId: randomUuid };
  for (const tree of trees) {
    const rows = new PopulationRows(simulatePopulation(tree, params, { groupsPerVillage: groupsFor }), sealer, actors);
    const sources: Record<CopyTable, () => Iterable<ReadonlyArray<unknown>>> = {
      household: () => rows.households(),
      person: () => rows.persons(),
      person_history: () => rows.history(),
      report: () => rows.reports(),
      report_action: () => rows.actions(),
      vital_event: () => rows.vitals(),
    };
    for (const table of POPULATION_TABLES) {
      for (const chunk of textChunks(sources[table]() as Iterable<never>)) {
        const file = path.join(dir, `${table}.${String(files[table].length).padStart(5, '0')}`);
        fs.writeFileSync(file, chunk);
        files[table].push(file);
      }
    }
  }
  return files;
}
const randomUuid = '00000000-0000-4000-8000-000000000001';

/** PostgreSQL's own COPY of the rendered rows into bare tables (no keys, no indexes). */
async function baseline(
  handle: DatabaseHandle,
  files: Record<CopyTable, string[]>,
): Promise<{ total: number; tables: Record<string, number> }> {
  return withBulkSession(handle, async (s) => {
    for (const table of POPULATION_TABLES) {
      await s.query(`CREATE TABLE bare_${table} AS SELECT ${COLUMNS[table].join(', ')} FROM ${table} WITH NO DATA`);
    }
    const tables: Record<string, number> = {};
    const t = performance.now();
    for (const table of POPULATION_TABLES) {
      const tt = performance.now();
      for (const f of files[table]) await s.copyText(`bare_${table}`, COLUMNS[table], fs.readFileSync(f));
      tables[table] = performance.now() - tt;
    }
    return { total: performance.now() - t, tables };
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  const { trees, params, label } = setUp();
  console.log(
    `generate.bench: ${label}, engine ${engine}, ${runs} run(s), ${os.cpus().length} CPUs, node ${process.version}`,
  );
  const results: Array<Record<string, number>> = [];
  for (let run = 1; run <= runs; run++) {
    const handle = await freshDatabase();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-bench-rows-'));
    try {
      await migrateToLatest(handle.db);
      const timing: Record<string, number> = {};
      const t0 = performance.now();
      const counts = await seedCounties(handle, sealer, trees, params, {
        demoAccounts: trees.length === 1 && trees[0]!.county.code === '430623',
        onTiming: (stage, ms) => (timing[stage] = (timing[stage] ?? 0) + ms),
      });
      const total = performance.now() - t0;
      const files = renderRows(trees, params, dir);
      const { total: base, tables: baseTables } = await baseline(handle, files);
      const simulate = timing.simulate ?? 0;
      const load = total - simulate;
      const r = { simulate, load, total, baseline: base, persons: counts.persons, ...timing };
      results.push(r);
      const tables = POPULATION_TABLES.map((t) => `${t} ${sec(timing[t] ?? 0)}`).join(', ');
      console.log(
        `run ${run}: ${counts.persons.toLocaleString()} persons, ${counts.history.toLocaleString()} history rows, ${counts.reports.toLocaleString()} reports; ` +
          `simulate ${sec(simulate)}, load ${sec(load)} (rows ${sec(timing.rows ?? 0)}, ${tables}, indexes+FKs ${sec(timing.indexes ?? 0)}), ` +
          `total ${sec(total)}; baseline COPY ${sec(base)} (${POPULATION_TABLES.map((t) => `${t} ${sec(baseTables[t] ?? 0)}`).join(', ')}); ` +
          `total/baseline ${(total / base).toFixed(2)}, load/baseline ${(load / base).toFixed(2)}`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await handle.close();
    }
  }
  const m = (k: string) => median(results.map((r) => r[k] ?? 0));
  console.log(
    `median of ${runs}: simulate ${sec(m('simulate'))}, load ${sec(m('load'))}, total ${sec(m('total'))}, baseline ${sec(m('baseline'))}, ` +
      `total/baseline ${(m('total') / m('baseline')).toFixed(2)}, load/baseline ${(m('load') / m('baseline')).toFixed(2)}`,
  );
}

await main();
