/**
 * Record-linkage benchmark (issue 5): a synthetic hospital birth feed (default 100,000 records,
 * with typos, homophones, swapped digits, missing ID numbers and mothers from outside the
 * registry) linked to a synthetic registry grown to a million persons, in memory
 * (server/src/linkage). Per run: index build, training (EM on a sample), linking; throughput,
 * precision, recall and F1 against the known truth, the share sent to review, peak RSS.
 *
 * Each run links the feed three times with the same linker: link() in this thread, then
 * linkAsync() with worker threads twice — the first call starts the workers (what the service
 * pays, as it builds a linker per run), the second reuses them (what a kept linker pays). The
 * parallel results are checked to be identical to the single-thread ones.
 *
 * Baseline in the same process: the exact join on the ID-number hash (a Map from hash to
 * registry key, then one lookup per feed record), which is what linking costs when every record
 * carries a correct ID number. Prints each run, then medians and the ratios (throughput against
 * the goal of 50,000 records a second; linking time against the hash join).
 *
 *   npx tsx bench/linkage.bench.ts [--registry 1000000] [--feed 100000] [--runs 3] [--seed 1] [--threads N] [--dist]
 *
 * --dist links with the compiled engine (`npm run build:server` first), as production does: its
 * workers start from dist/server/linkage/linkage.worker.js instead of compiling TypeScript.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type * as Engine from '../server/src/linkage/linkage.engine.js';
import type { LinkResult } from '../server/src/linkage/linkage.engine.js';
import { scoreLinkage, syntheticBirthFeed, syntheticRegistry } from '../server/src/linkage/linkage.synthetic.js';

const { values: args } = parseArgs({
  options: {
    registry: { type: 'string', default: '1000000' },
    feed: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    threads: { type: 'string' },
    dist: { type: 'boolean', default: false },
  },
});
const engine = args.dist ? '../dist/server/linkage/linkage.engine.js' : '../server/src/linkage/linkage.engine.js';
const { createLinker, MAX_THREADS } = (await import(engine)) as typeof Engine;
const registrySize = Number(args.registry);
const feedSize = Number(args.feed);
const runs = Math.max(1, Number(args.runs));
const seed = Number(args.seed);
const threads = args.threads ? Number(args.threads) : Math.min(os.availableParallelism(), MAX_THREADS);
const GOAL = 50_000;

/**
 * CPU milliseconds per thread of this process (Linux /proc; empty elsewhere): the main thread's
 * share of a parallel link is its critical path, whatever the neighbours' load does to wall time.
 */
function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), ((Number(f[11]) + Number(f[12])) * 1000) / 100);
    }
  } catch {
    // not Linux
  }
  return out;
}

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const ms = (x: number) => `${x.toFixed(0)} ms`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

console.log(
  `linkage bench: registry ${registrySize.toLocaleString('en')}, feed ${feedSize.toLocaleString('en')}, runs ${runs}, seed ${seed}`,
);
console.log(
  `node ${process.version}, ${os.cpus().length} cores, ${threads} worker threads for linkAsync, engine ${args.dist ? 'compiled (dist)' : 'TypeScript sources (tsx)'}, load average at start ${load()}`,
);

let t = performance.now();
const registry = syntheticRegistry({ persons: registrySize, seed });
const feed = syntheticBirthFeed(registry, { births: feedSize, seed: seed + 1 });
console.log(`generated in ${ms(performance.now() - t)} (not timed below)`);

type Run = {
  /** linkAsync, first call on the linker: includes starting the workers. */
  parallelCold: number;
  /** linkAsync again, workers running. */
  parallel: number;
  parallelPerSecond: number;
  parallelColdPerSecond: number;
  parallelCpu: number;
  /** CPU of the main thread during the second linkAsync (interning, decisions): its critical path. */
  mainCpu: number;
  /** CPU of a worker thread during it, on average. */
  workerCpu: number;
  linkCpu: number;
  perCpuSecond: number;
  build: number;
  train: number;
  link: number;
  perSecond: number;
  hashJoin: number;
  precision: number;
  recall: number;
  f1: number;
  reviewShare: number;
  recallAfterReview: number;
  pairsPerRecord: number;
};
const results: Run[] = [];
const byHash = new Map<string, string>();
for (const r of registry.records) if (r.idHash) byHash.set(r.idHash, r.key);

for (let run = 1; run <= runs; run++) {
  t = performance.now();
  const linker = createLinker(registry.records);
  const build = performance.now() - t;

  t = performance.now();
  const model = linker.train(feed.records, { seed: run });
  const train = performance.now() - t;

  t = performance.now();
  const cpu0 = process.cpuUsage();
  const { results: linked, stats } = linker.link(feed.records);
  const link = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  // CPU time of the process while linking (includes V8's GC threads): on a shared machine whose
  // load is above its cores, wall time measures the neighbours as much as the engine.
  const linkCpu = (cpu.user + cpu.system) / 1000;

  t = performance.now();
  const cold = await linker.linkAsync(feed.records, { threads });
  const parallelCold = performance.now() - t;
  t = performance.now();
  const cpuWarm = process.cpuUsage();
  const threadsBefore = threadCpu();
  const warm = await linker.linkAsync(feed.records, { threads });
  const parallel = performance.now() - t;
  const cpuParallel = process.cpuUsage(cpuWarm);
  // All threads of the process: the workers' scoring plus this thread's interning and decisions.
  const parallelCpu = (cpuParallel.user + cpuParallel.system) / 1000;
  const threadsAfter = threadCpu();
  const mainCpu = (threadsAfter.get(process.pid) ?? NaN) - (threadsBefore.get(process.pid) ?? NaN);
  // The busiest other threads are the workers (the rest: V8's GC and compiler helpers).
  const others = [...threadsAfter]
    .filter(([tid]) => tid !== process.pid)
    .map(([tid, c]) => c - (threadsBefore.get(tid) ?? c))
    .sort((a, b) => b - a);
  const workerCpu = others.slice(0, threads).reduce((a, b) => a + b, 0) / threads;
  if (warm.stats.threads !== threads || cold.stats.threads !== threads)
    throw new Error(`linkAsync ran on ${cold.stats.threads}/${warm.stats.threads} threads, not ${threads}`);
  const same = (a: LinkResult[]) =>
    a.length === linked.length &&
    a.every((r, i) => {
      const s = linked[i]!;
      return (
        r.feedKey === s.feedKey &&
        r.status === s.status &&
        r.reason === s.reason &&
        r.key === s.key &&
        r.weight === s.weight &&
        r.candidateCount === s.candidateCount &&
        r.candidates.length === s.candidates.length &&
        r.candidates.every((c, k) => c.key === s.candidates[k]!.key && c.weight === s.candidates[k]!.weight)
      );
    });
  if (!same(cold.results) || !same(warm.results)) throw new Error('linkAsync results differ from link()');
  await linker.close();

  // The baseline: an exact join on the ID hash (the map is built once, before the runs, as the
  // engine's index is timed separately); the join is the lookups.
  t = performance.now();
  let joined = 0;
  const exact: Array<string | undefined> = new Array<string | undefined>(feed.records.length);
  for (let i = 0; i < feed.records.length; i++) {
    const h = feed.records[i]!.idHash;
    exact[i] = h ? byHash.get(h) : undefined;
    if (exact[i]) joined++;
  }
  const hashJoin = performance.now() - t;

  const score = scoreLinkage(linked, feed.truth);
  const r: Run = {
    parallelCold,
    parallel,
    parallelPerSecond: feed.records.length / (parallel / 1000),
    parallelColdPerSecond: feed.records.length / (parallelCold / 1000),
    parallelCpu,
    mainCpu,
    workerCpu,
    linkCpu,
    perCpuSecond: feed.records.length / (linkCpu / 1000),
    build,
    train,
    link,
    perSecond: feed.records.length / (link / 1000),
    hashJoin,
    precision: score.precision,
    recall: score.recall,
    f1: score.f1,
    reviewShare: score.reviewShare,
    recallAfterReview: score.recallAfterReview,
    pairsPerRecord: stats.pairs / stats.records,
  };
  results.push(r);
  console.log(
    `run ${run}: build ${ms(build)}, train ${ms(train)} (EM ${model.training!.iterations} iterations on ${model.training!.pairs.toLocaleString('en')} pairs), ` +
      `link ${ms(link)} = ${Math.round(r.perSecond).toLocaleString('en')} records/s (CPU ${ms(linkCpu)} = ${Math.round(r.perCpuSecond).toLocaleString('en')} records per CPU-second; ${r.pairsPerRecord.toFixed(1)} pairs/record); ` +
      `linkAsync ${threads} threads: first call ${ms(parallelCold)} = ${Math.round(r.parallelColdPerSecond).toLocaleString('en')} records/s, ` +
      `again ${ms(parallel)} = ${Math.round(r.parallelPerSecond).toLocaleString('en')} records/s (CPU of all threads ${ms(parallelCpu)}: main thread ${ms(mainCpu)}, a worker ${ms(workerCpu)}; identical results); ` +
      `hash join ${hashJoin.toFixed(1)} ms (${joined.toLocaleString('en')} joined, recall ${(joined / score.matchable).toFixed(3)})`,
  );
  console.log(
    `        match ${stats.match}, review ${stats.review}, nonmatch ${stats.nonmatch}, conflicts ${stats.conflicts}; ` +
      `precision ${score.precision.toFixed(4)}, recall ${score.recall.toFixed(4)}, F1 ${score.f1.toFixed(4)}, ` +
      `review ${(score.reviewShare * 100).toFixed(2)}%, recall if reviewers pick right ${score.recallAfterReview.toFixed(4)}; load ${load()}`,
  );
}

const med = (k: keyof Run) => median(results.map((r) => r[k]));
const peakMb = process.resourceUsage().maxRSS / 1024;
console.log('');
console.log(
  `medians of ${runs}: build ${ms(med('build'))}, train ${ms(med('train'))}, link ${ms(med('link'))}, ` +
    `${Math.round(med('perSecond')).toLocaleString('en')} records/s (CPU ${ms(med('linkCpu'))}, ${Math.round(med('perCpuSecond')).toLocaleString('en')} records per CPU-second); precision ${med('precision').toFixed(4)}, recall ${med('recall').toFixed(4)}, ` +
    `F1 ${med('f1').toFixed(4)}, review ${(med('reviewShare') * 100).toFixed(2)}%, recall after review ${med('recallAfterReview').toFixed(4)}; peak RSS ${peakMb.toFixed(0)} MB`,
);
console.log(
  `medians of ${runs}, linkAsync with ${threads} worker threads: first call ${ms(med('parallelCold'))} = ${Math.round(med('parallelColdPerSecond')).toLocaleString('en')} records/s, ` +
    `again ${ms(med('parallel'))} = ${Math.round(med('parallelPerSecond')).toLocaleString('en')} records/s (CPU of all threads ${ms(med('parallelCpu'))}: main thread ${ms(med('mainCpu'))}, a worker ${ms(med('workerCpu'))}); speed-up over link() ${(med('parallelPerSecond') / med('perSecond')).toFixed(2)}x`,
);
console.log(
  `ratios: throughput / goal (${GOAL.toLocaleString('en')}/s) = ${(med('perSecond') / GOAL).toFixed(2)} wall, ${(med('perCpuSecond') / GOAL).toFixed(2)} CPU single thread; ` +
    `${(med('parallelPerSecond') / GOAL).toFixed(2)} (${(med('parallelColdPerSecond') / GOAL).toFixed(2)} first call) with ${threads} threads; ` +
    `link time / exact hash join = ${(med('link') / med('hashJoin')).toFixed(0)}x single thread, ${(med('parallel') / med('hashJoin')).toFixed(0)}x with ${threads} threads; ` +
    `build + train + link = ${Math.round(feedSize / ((med('build') + med('train') + med('link')) / 1000)).toLocaleString('en')} records/s end to end`,
);
console.log(`load average at end ${load()}`);
