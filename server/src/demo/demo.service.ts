import { seedDemoDispensers } from '../dispensers/dispenser.demo.js';
import { seedDemoCases } from '../cases/case.demo.js';
import { seedDemoPetitions } from '../petitions/petition.demo.js';
import { seedDemoCare } from '../care/care.demo.js';
import { seedDemoHealth } from '../health/health.demo.js';
import { hashPassword } from '../accounts/password.js';
import { withBulkSession, withDeferredIndexes, type BulkSession } from '../db/copy.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Role } from '../db/schema.js';
import type { Sealer } from '../lib/sealing.js';
import { loadShippedBoundaries } from '../org/boundaries.schematic.js';
import { seedDemoFeed } from './demo.feeds.js';
import { shippedCountyTree } from '../org/divisions.js';
import { loadDivisionTree, type DivisionTree } from '../org/org.service.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo.accounts.js';
import { DEFAULT_PARAMS, type PopulationParams } from './demography.js';
import { Rng, deriveSeed } from './random.js';
import { PopulationRows, type CopyTable } from './population.rows.js';
import { simulatePopulationAsync } from './population.simulation.js';
import { POPULATION_TABLES, writePopulation } from './population.writer.js';

export { DEMO_ACCOUNTS, DEMO_PASSWORD };

/** Villages the demo scripts and tests report births in: they always get 100+ people and young couples. */
export const DEMO_VILLAGES = { xinpu: '430623101208', fuxing: '430623101213' } as const;

/** Small villages get 3 groups (组), larger ones up to 8: deterministic from the code. */
export const groupsFor = (code: string) => 3 + (Number(code.slice(-3)) % 6);

export type DemoProgress = { stage: string; fraction: number };
export type DemoSize = 'county' | 'small';

export type SeedCounts = {
  users: number;
  households: number;
  persons: number;
  history: number;
  events: number;
  reports: number;
};

/** The parameters each demo size stands for: the full county, or ~4,000 people for tests and quick looks. */
export function demoParams(size: DemoSize, overrides: Partial<PopulationParams> = {}): Partial<PopulationParams> {
  const demoVillages = [DEMO_VILLAGES.xinpu, DEMO_VILLAGES.fuxing];
  return size === 'small'
    ? { persons: 3_350, scale: 1, demoVillages, ...overrides }
    : { scale: 1, demoVillages: [], ...overrides };
}

/**
 * The demo county: 华容县's real division tree, demo accounts at every level (one village worker
 * per village, one officer per township) and a simulated registry — about 720,000 people for
 * 'county', about 4,000 for 'small' — with vital events since 2015 and a few reports still in
 * the workflow in 新铺村. One transaction: an interrupted first start leaves an empty database.
 * @throws Error when the handle was not made by createDatabase (no raw driver for COPY)
 */
export async function seedDemoCounty(
  handle: DatabaseHandle,
  sealer: Sealer,
  opts: {
    size?: DemoSize;
    seed?: number;
    params?: Partial<PopulationParams>;
    onProgress?: (p: DemoProgress) => void;
  } = {},
): Promise<SeedCounts> {
  const params = demoParams(opts.size ?? 'county', {
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...opts.params,
  });
  const counts = await seedCounties(handle, sealer, [shippedCountyTree('430623')!], params, {
    demoAccounts: true,
    onProgress: opts.onProgress,
  });
  // Schematic township and village shapes (示意, not surveyed) so the dashboard's map shows.
  await loadShippedBoundaries(handle.db, '430623');
  // The hospitals' birth certificates of the last three months, received and waiting to be linked.
  await seedDemoFeed(handle.db, sealer, '430623', params.seed);
  await seedDemoDispensers(handle.db, sealer, '430623', params.seed ?? 1);
  await seedDemoCases(handle.db, sealer, '430623', params.seed ?? 1);
  await seedDemoPetitions(handle.db, sealer, '430623', params.seed ?? 1);
  await seedDemoCare(handle.db, sealer, '430623', params.seed ?? 1);
  await seedDemoHealth(handle.db, sealer, '430623', params.seed ?? 1);
  return counts;
}

/**
 * Simulates and loads any list of counties (a county of 湖南, or all of them for a benchmark):
 * division trees, one account per village and township and a county confirmer, then each
 * county's population. Indexes and foreign keys are rebuilt once, after the last county.
 */
export async function seedCounties(
  handle: DatabaseHandle,
  sealer: Sealer,
  trees: DivisionTree[],
  params: Partial<PopulationParams>,
  opts: {
    demoAccounts?: boolean;
    onProgress?: (p: DemoProgress) => void;
    /** Benchmarks: time of each county's simulation, each table's load, and the index rebuild (with ANALYZE and commit). */
    onTiming?: (stage: 'simulate' | 'rows' | CopyTable | 'indexes', ms: number, rows?: number) => void;
  } = {},
): Promise<SeedCounts> {
  const progress = opts.onProgress ?? (() => undefined);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const counts: SeedCounts = { users: 0, households: 0, persons: 0, history: 0, events: 0, reports: 0 };
  let rebuild = 0;
  await withBulkSession(handle, (session) =>
    withDeferredIndexes(session, POPULATION_TABLES, async () => {
      for (const [i, tree] of trees.entries()) {
        const label = trees.length > 1 ? `${tree.county.name} (${i + 1}/${trees.length}) ` : '';
        await loadDivisionTree(session.db, tree, { groupsPerVillage: groupsFor });
        const actors = await createAccounts(
          session,
          tree,
          passwordHash,
          opts.demoAccounts ?? false,
          params.seed ?? DEFAULT_PARAMS.seed,
        );
        counts.users += actors.count;
        let t = performance.now();
        const pop = await simulatePopulationAsync(tree, params, {
          groupsPerVillage: groupsFor,
          onProgress: (f) => progress({ stage: `${label}人口模拟 (simulation)`, fraction: f }),
        });
        opts.onTiming?.('simulate', performance.now() - t);
        t = performance.now();
        const rows = new PopulationRows(pop, sealer, actors);
        const c = rows.counts;
        opts.onTiming?.('rows', performance.now() - t);
        await writePopulation(
          session,
          rows,
          (table, done, total) =>
            progress({ stage: `${label}写入 ${table} (loading)`, fraction: total ? done / total : 1 }),
          (table, ms, n) => opts.onTiming?.(table, ms, n),
        );
        counts.households += c.households;
        counts.persons += c.persons;
        counts.history += c.history;
        counts.events += c.events;
        counts.reports += c.reports;
      }
      progress({ stage: '建立索引与外键 (indexes and foreign keys)', fraction: 0 });
      rebuild = performance.now();
      await rebuildDerivedTables(session);
    }).then(async () => {
      // Fresh tables have no planner statistics, and PGlite runs no autovacuum: without them
      // a person page takes seconds instead of milliseconds.
      await session.query('ANALYZE');
    }),
  );
  opts.onTiming?.('indexes', performance.now() - rebuild);
  progress({ stage: '建立索引与外键 (indexes and foreign keys)', fraction: 1 });
  return counts;
}

/**
 * Tables other modules derive from person_history by trigger (indicators: person_span and
 * population_change) were not maintained during the load, its triggers being off; their own
 * rebuild function recomputes them in one pass, as after a restore.
 */
async function rebuildDerivedTables(session: BulkSession): Promise<void> {
  const [hook] = await session.query<{ present: boolean }>(
    `SELECT to_regprocedure('person_span_rebuild()') IS NOT NULL AS present`,
    [],
  );
  if (hook?.present) await session.query('SELECT person_span_rebuild()', []);
}

type Account = { id: string; username: string; displayName: string; role: Role; unitId: string };

/** One village worker per village, one officer per township, a county statistician who confirms. */
async function createAccounts(
  session: BulkSession,
  tree: DivisionTree,
  passwordHash: string,
  demo: boolean,
  seed: number,
) {
  const rng = new Rng(deriveSeed(seed, `${tree.county.code}:accounts`));
  const users: Account[] = demo ? DEMO_ACCOUNTS.map((a) => ({ id: rng.uuid(), ...a })) : [];
  const named = new Set(users.map((a) => a.unitId));
  const county = tree.county.code;
  if (!demo)
    users.push({
      id: rng.uuid(),
      username: `c${county}`,
      displayName: `${tree.county.name} 统计员`,
      role: 'county_statistician',
      unitId: county,
    });
  for (const t of tree.townships) {
    if (!named.has(t.code))
      users.push({
        id: rng.uuid(),
        username: `t${t.code}`,
        displayName: `${t.name} 审核员`,
        role: 'township_officer',
        unitId: t.code,
      });
    for (const v of t.villages) {
      if (!named.has(v.code))
        users.push({
          id: rng.uuid(),
          username: `v${v.code}`,
          displayName: `${v.name} 计生专干`,
          role: 'village_worker',
          unitId: v.code,
        });
    }
  }
  for (let i = 0; i < users.length; i += 500) {
    await session.db
      .insertInto('appUser')
      .values(users.slice(i, i + 500).map((u) => ({ ...u, passwordHash, isDemo: true, mustChangePassword: false })))
      .execute();
  }
  const reporter = new Map<string, string>();
  const reviewer = new Map<string, string>();
  for (const u of users) {
    if (u.role === 'village_worker') reporter.set(u.unitId, u.id);
    if (u.role === 'township_officer') reviewer.set(u.unitId, u.id);
  }
  const confirmer = users.find((u) => u.role === 'county_statistician')!.id;
  const townshipOf = new Map(tree.townships.flatMap((t) => t.villages.map((v) => [v.code, t.code] as const)));
  return {
    count: users.length,
    reporterFor: (village: string) => reporter.get(village)!,
    reviewerFor: (village: string) => reviewer.get(townshipOf.get(village)!) ?? confirmer,
    confirmerId: confirmer,
  };
}
