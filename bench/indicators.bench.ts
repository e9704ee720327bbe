/**
 * Indicator benchmark (issue 4): the annual indicator set (10 indicators, 2016, registered
 * population, present boundaries) of every unit of the full synthetic county — the county, its
 * 14 townships and 225 villages — as the API computes it (indicator.service computeIndicators
 * with breakdown=all), against baselines in the same run:
 *
 * - one hand-written SQL statement over the same tables the service reads, in the same engine
 *   (and the same with women's exposure computed from their states instead of women_years);
 * - the same statement over the registry history alone (no derived tables), once, for scale;
 * - DuckDB over the same rows copied into it (the copy is not timed), DuckDB computing exposure
 *   from the states, and DuckDB deriving the
 *   states' end dates itself from the history rows (a window), as an analyst would;
 * - liveness: a birth report submitted, approved and confirmed through the HTTP API, then the
 *   time from the confirmation's answer to a figure request that counts the birth.
 *
 * Every baseline's values are checked against the service's. Prints each run, then medians and ratios.
 *
 *   npx tsx bench/indicators.bench.ts [--engine pglite|pg] [--runs 5] [--size county|small]
 *       [--url postgres://root@127.0.0.1:5432/postgres]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { createDatabase, type DatabaseHandle, type Db } from '../server/src/db/database.js';
import { migrateToLatest } from '../server/src/db/migrate.js';
import { DEMO_PASSWORD, DEMO_VILLAGES, seedDemoCounty } from '../server/src/demo/demo.service.js';
import { computeIndicators } from '../server/src/indicators/indicator.service.js';
import { clock } from '../server/src/lib/clock.js';
import { createSealer } from '../server/src/lib/sealing.js';
import { annualIndicatorsSql, type Dialect, type Source } from './indicators.baseline.js';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'pglite' },
    size: { type: 'string', default: 'county' },
    runs: { type: 'string', default: '5' },
    url: { type: 'string', default: 'postgres://root@127.0.0.1:5432/postgres' },
    // A database that already holds the generated county (PostgreSQL URL or PGlite folder): no
    // generation, no migration, not dropped. For working on the queries; figures for the docs
    // come from fresh runs.
    database: { type: 'string' },
  },
});
const engine = args.engine === 'pg' ? 'pg' : 'pglite';
const runs = Math.max(1, Number(args.runs));
const COUNTY = '430623';
const YEAR = 2016;
const sealer = createSealer(randomBytes(32));

async function freshDatabase(): Promise<DatabaseHandle & { dir?: string }> {
  if (args.database)
    return createDatabase(args.database.startsWith('postgres') ? { url: args.database } : { dataDir: args.database });
  if (engine === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-bench-'));
    const handle = await createDatabase({ dataDir: dir });
    return {
      ...handle,
      dir,
      close: async () => (await handle.close(), fs.rmSync(dir, { recursive: true, force: true })),
    };
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

type Values = Map<string, Record<string, number | null>>;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

async function timed<T>(n: number, label: string, f: () => Promise<T>): Promise<{ times: number[]; last: T }> {
  const times: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    last = await f();
    times.push(performance.now() - t);
    console.log(`  ${label} run ${i + 1}: ${ms(times.at(-1)!)}`);
  }
  return { times, last: last! };
}

/** The service's answer as unit → code → value. */
async function serviceValues(db: Db): Promise<Values> {
  const r = await computeIndicators(
    db,
    { unitPath: `/${COUNTY}/` },
    { unitId: COUNTY, period: String(YEAR), population: 'registered', boundaries: 'present', breakdown: 'all' },
  );
  const out: Values = new Map();
  for (const u of [{ unit: r.unit, figures: r.figures }, ...r.breakdown!])
    out.set(u.unit.id, Object.fromEntries(u.figures.map((f) => [f.code, f.value])));
  return out;
}

const toValues = (rows: Array<Record<string, unknown>>, idKey: string): Values =>
  new Map(
    rows.map((r) => [
      String(r[idKey]),
      Object.fromEntries(
        Object.entries(r)
          .filter(([k]) => k !== idKey)
          .map(([k, v]) => [k, v === null ? null : Number(v)]),
      ),
    ]),
  );

/** Largest relative difference between two answers, and where (Infinity when a value is missing on one side). */
function maxDifference(a: Values, b: Values): { d: number; where: string } {
  let worst = { d: a.size === b.size ? 0 : Infinity, where: a.size === b.size ? '' : `${a.size} vs ${b.size} units` };
  for (const [unit, va] of a) {
    const vb = b.get(unit);
    if (!vb) return { d: Infinity, where: `${unit} missing` };
    for (const [code, x] of Object.entries(va)) {
      const y = vb[code] ?? null;
      const d = x === null || y === null ? (x === y ? 0 : Infinity) : Math.abs(x - y) / Math.max(1, Math.abs(x));
      if (d > worst.d) worst = { d, where: `${unit} ${code}: ${x} vs ${y}` };
    }
  }
  return worst;
}

const pgSql = (db: Db, source: Source) => async () =>
  toValues(
    (
      await sql
        .raw<Record<string, unknown>>(annualIndicatorsSql({ dialect: 'pg', source, countyCode: COUNTY, year: YEAR }))
        .execute(db)
    ).rows,
    'unitId',
  );

/** Copies the rows the baselines read into DuckDB through CSV files (not timed). */
async function loadDuckDb(db: Db, dir: string): Promise<DuckDBConnection> {
  const duck = await (await DuckDBInstance.create(':memory:')).connect();
  const tables: Array<{ name: string; columns: string; select: string; keyset?: boolean }> = [
    {
      name: 'org_unit',
      columns: 'id VARCHAR, county_code VARCHAR, level VARCHAR, path VARCHAR, valid_to DATE',
      select: 'SELECT id, county_code, level, path, valid_to FROM org_unit',
    },
    {
      name: 'vital_event',
      columns:
        'county_code VARCHAR, type VARCHAR, event_date DATE, unit_id VARCHAR, child_sex INTEGER, birth_order INTEGER, has_defect BOOLEAN, mother_age INTEGER, reported_on DATE',
      select:
        'SELECT county_code, type, event_date, unit_id, child_sex, birth_order, has_defect, mother_age, reported_on FROM vital_event',
    },
    {
      name: 'population_change',
      columns:
        'county_code VARCHAR, basis VARCHAR, unit_id VARCHAR, sex INTEGER, year INTEGER, month INTEGER, change INTEGER',
      select: 'SELECT county_code, basis, unit_id, sex, year, month, change FROM population_change',
    },
    {
      name: 'women_years',
      columns:
        'county_code VARCHAR, basis VARCHAR, year INTEGER, unit_id VARCHAR, age_after INTEGER, before INTEGER, after INTEGER',
      select: 'SELECT county_code, basis, year, unit_id, age_after, before, after FROM women_years',
    },
    {
      name: 'person_span',
      columns:
        'person_id VARCHAR, history_id BIGINT, county_code VARCHAR, valid_from DATE, valid_to DATE, active BOOLEAN, hukou_unit_id VARCHAR, sex INTEGER, birth_date DATE, birth_year INTEGER, birthday INTEGER',
      select:
        'SELECT person_id, history_id, county_code, valid_from, valid_to, active, hukou_unit_id, sex, birth_date, birth_year, birthday FROM person_span',
      keyset: true,
    },
  ];
  const cell = (v: unknown) =>
    v === null || v === undefined
      ? ''
      : v instanceof Date
        ? v.toISOString().slice(0, 10)
        : typeof v === 'string' && /[",\n]/.test(v)
          ? `"${v.replace(/"/g, '""')}"`
          : String(v);
  for (const t of tables) {
    const file = path.join(dir, `${t.name}.csv`);
    const out = fs.openSync(file, 'w');
    // Keyset pages keep a million rows from becoming one array in memory.
    let after = ['00000000-0000-0000-0000-000000000000', 0] as [string, number];
    for (;;) {
      const q = t.keyset
        ? `${t.select} WHERE (person_id, history_id) > ('${after[0]}', ${after[1]}) ORDER BY person_id, history_id LIMIT 100000`
        : t.select;
      const rows = (await sql.raw<Record<string, unknown>>(q).execute(db)).rows;
      fs.writeSync(out, rows.map((r) => Object.values(r).map(cell).join(',')).join('\n') + (rows.length ? '\n' : ''));
      if (!t.keyset || rows.length === 0) break;
      after = [String(rows.at(-1)!.personId), Number(rows.at(-1)!.historyId)];
    }
    fs.closeSync(out);
    await duck.run(`CREATE TABLE ${t.name} (${t.columns})`);
    await duck.run(`COPY ${t.name} FROM '${file}' (FORMAT csv, HEADER false, NULLSTR '')`);
    fs.rmSync(file);
  }
  // The history as rows: each state with its start only, the way person_history keeps it.
  await duck.run(
    `CREATE TABLE history AS SELECT person_id, history_id, county_code, valid_from, active, hukou_unit_id, sex, birth_date FROM person_span`,
  );
  return duck;
}

const duckSql =
  (duck: DuckDBConnection, source: Source, dialect: Dialect = 'duckdb') =>
  async () => {
    const reader = await duck.runAndReadAll(annualIndicatorsSql({ dialect, source, countyCode: COUNTY, year: YEAR }));
    return toValues(reader.getRowObjectsJS() as Array<Record<string, unknown>>, 'unit_id');
  };

/** A birth through the API (village reports, township approves, county confirms), then the figures until they count it. */
async function liveness(handle: DatabaseHandle) {
  const app = await buildApp({
    database: handle,
    config: loadConfig({ RENKOU_DATA: os.tmpdir() }),
    sealer,
    version: 'bench',
  });
  await app.ready();
  const login = async (username: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: DEMO_PASSWORD },
    });
    const c = res.cookies.find((x) => x.name === 'renkou_session')!;
    return async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
      const r = await app.inject({
        method,
        url,
        payload: payload as never,
        headers: { cookie: `renkou_session=${c.value}` },
      });
      if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
      return JSON.parse(r.body);
    };
  };
  const [village, township, county] = await Promise.all([login('village'), login('township'), login('county')]);
  const today = clock.today();
  const year = today.slice(0, 4);
  const mother = await sql<{ id: string }>`
    SELECT p.id FROM person p WHERE p.hukou_unit_id = ${DEMO_VILLAGES.xinpu} AND p.status = 'active' AND p.sex = 2
       AND p.birth_date BETWEEN ${`${Number(year) - 38}-01-01`}::date AND ${`${Number(year) - 22}-01-01`}::date
       AND NOT EXISTS (SELECT 1 FROM person c WHERE c.mother_id = p.id AND c.birth_date > ${`${Number(year) - 2}-01-01`}::date)
     ORDER BY p.id LIMIT 1`.execute(handle.db);
  const births = async (unitId: string) =>
    (await county('GET', `/api/indicators?unitId=${unitId}&period=${year}`)).figures.find(
      (f: { code: string }) => f.code === 'crudeBirthRate',
    ).parts.births as number;
  const before = { village: await births(DEMO_VILLAGES.xinpu), county: await births(COUNTY) };
  const created = await village('POST', '/api/reports', {
    type: 'birth',
    unitId: DEMO_VILLAGES.xinpu,
    eventDate: today,
    payload: {
      motherId: mother.rows[0]!.id,
      child: { name: '测速宝宝', sex: 1 },
      weightGrams: 3200,
      gestationalWeeks: 39,
      place: 'hospital',
      hospitalName: '华容县人民医院',
      defect: false,
    },
  });
  const approved = await township('POST', `/api/reports/${created.id}/approve`, { version: created.version });
  const t0 = performance.now();
  await county('POST', `/api/reports/${created.id}/confirm`, { version: approved.version });
  const confirmedAt = performance.now();
  const villageCount = await births(DEMO_VILLAGES.xinpu);
  const villageAt = performance.now();
  const countyCount = await births(COUNTY);
  const countyAt = performance.now();
  await app.close();
  if (villageCount !== before.village + 1 || countyCount !== before.county + 1)
    throw new Error('the confirmed birth is not in the figures');
  return { confirm: confirmedAt - t0, village: villageAt - confirmedAt, county: countyAt - villageAt };
}

async function main() {
  const size = args.size === 'small' ? 'small' : 'county';
  console.log(
    `indicators.bench: 华容县 ${size}, engine ${engine}, ${runs} run(s), ${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, node ${process.version}`,
  );
  const handle = await freshDatabase();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'renkou-bench-duck-'));
  try {
    let t = performance.now();
    if (!args.database) {
      await migrateToLatest(handle.db);
      const counts = await seedDemoCounty(handle, sealer, { size });
      console.log(
        `generated ${counts.persons.toLocaleString()} persons, ${counts.history.toLocaleString()} history rows, ${counts.events.toLocaleString()} events in ${ms(performance.now() - t)}`,
      );
    }
    t = performance.now();
    const warm = await serviceValues(handle.db);
    console.log(
      `first request (vacuums and analyses the tables indicators scan, after the bulk load): ${ms(performance.now() - t)}, ${warm.size} units`,
    );

    console.log('service: computeIndicators(county, 2016, breakdown=all)');
    const service = await timed(runs, 'service', () => serviceValues(handle.db));
    console.log('hand-written SQL, same tables, same engine');
    const hand = await timed(runs, 'SQL', pgSql(handle.db, 'stored'));
    console.log("hand-written SQL, women's exposure from their states (person_span)");
    const handSpans = await timed(runs, 'SQL/spans', pgSql(handle.db, 'derived'));
    console.log('hand-written SQL over the registry history alone (no derived tables), once');
    const history = await timed(1, 'SQL/history', pgSql(handle.db, 'history'));
    t = performance.now();
    const duck = await loadDuckDb(handle.db, work);
    console.log(`DuckDB: rows copied in ${ms(performance.now() - t)} (not timed)`);
    const duckSame = await timed(runs, 'DuckDB', duckSql(duck, 'stored'));
    const duckSpans = await timed(runs, 'DuckDB/spans', duckSql(duck, 'derived'));
    const duckHistory = await timed(runs, 'DuckDB/history', duckSql(duck, 'history'));
    duck.closeSync();
    console.log('liveness: confirm a birth through the API, then ask for the figures');
    const live = await timed(1, 'liveness', () => liveness(handle));

    const s = median(service.times);
    const agreement = (a: Values, b: Values) => {
      const m = maxDifference(a, b);
      return m.d < 1e-9 ? 'yes' : `NO (${m.where})`;
    };
    const row = (label: string, times: number[], values: Values) =>
      `  ${label.padEnd(44)} ${ms(median(times)).padStart(9)}   service/this ${(s / median(times)).toFixed(2)}   agrees: ${agreement(service.last, values)}`;
    console.log(`\nmedians of ${runs} (${warm.size} units × 10 indicators, ${YEAR}):`);
    console.log(`  ${'service (API computation)'.padEnd(44)} ${ms(s).padStart(9)}`);
    console.log(row('hand-written SQL, same tables', hand.times, hand.last));
    console.log(row('hand-written SQL, exposure from person_span', handSpans.times, handSpans.last));
    console.log(row('hand-written SQL, registry history only (1)', history.times, history.last));
    console.log(row('DuckDB, same rows', duckSame.times, duckSame.last));
    console.log(row('DuckDB, exposure from person_span', duckSpans.times, duckSpans.last));
    console.log(row('DuckDB, history rows (window)', duckHistory.times, duckHistory.last));
    const l = live.last;
    console.log(
      `  liveness: confirm ${ms(l.confirm)}; confirmed → village figures counting it ${ms(l.village)}; → county figures ${ms(l.county)}`,
    );
    console.log(
      `  goals: service/hand-written ${(s / median(hand.times)).toFixed(2)} (≤ 1.5), service/DuckDB same rows ${(s / median(duckSame.times)).toFixed(2)} (≤ 3), service/DuckDB from person_span ${(s / median(duckSpans.times)).toFixed(2)}, service/DuckDB history ${(s / median(duckHistory.times)).toFixed(2)} (≤ 3), visible ${l.village < 1000 ? '<' : '≥'} 1 s`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    await handle.close();
  }
}

await main();
