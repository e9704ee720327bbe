/**
 * The linkage engine (issue 5): a department's feed against the registry, in memory.
 *
 *   const linker = createLinker(registryRecords, { extraFields: [] });
 *   linker.train(feedRecords);           // EM on candidate pairs of a sample
 *   const { results } = linker.link(feedRecords);
 *
 * Decisions, per feed record:
 * - the same ID-number hash as exactly one registry person: a match, unless the sex differs or the
 *   birth date is plainly different (then review: a wrong number or a wrong person);
 * - otherwise the best-weighted candidate: at or above the upper threshold a match, below the lower
 *   one no match, between them review; a match whose runner-up is also above the lower threshold
 *   and within `marginBits` of it goes to review as ambiguous;
 * - one registry person claimed by several feed records: records that are plainly the same person
 *   (same ID hash, or same name, birth date and address — twins have two birth certificates and one
 *   mother) all keep the match; otherwise the highest weight keeps it and the others go to review
 *   with the conflict named. Within one link() call.
 * Every result explains itself: per field the level, its m, u and weight, the prior, the total,
 * and the verdict in words (Chinese with an English gloss).
 */
import os from 'node:os';
import { BlockIndex, type BlockingRule, type BlockStats } from './linkage.blocking.js';
import { flatWeights, newScores, Scorer, type Scores } from './linkage.kernel.js';
import {
  CORE_FIELDS,
  FIELD_BIRTH,
  FIELD_SEX,
  estimateEm,
  extraField,
  initialModel,
  PatternCounts,
  probabilityOf,
  weightTables,
  withRandomU,
  type FieldSpec,
  type LinkModel,
  type Thresholds,
  type WeightTables,
} from './linkage.model.js';
import { resolveConflicts } from './linkage.conflicts.js';
import { LinkPool } from './linkage.parallel.js';
import { birthNumber, compareInto, F_HASH, RecordStore, SharedTables, type LinkRecord } from './linkage.records.js';

export type { LinkRecord } from './linkage.records.js';

export type LinkStatus = 'match' | 'review' | 'nonmatch';
export type LinkReason =
  | 'id-hash'
  | 'id-contradicted'
  | 'id-duplicate'
  | 'above-upper'
  | 'ambiguous'
  | 'between'
  | 'below-lower'
  | 'no-candidate'
  | 'conflict';

export type FieldExplanation = {
  field: string;
  label: string;
  /** null when either side has no value. */
  level: string | null;
  levelLabel: string;
  m: number | null;
  u: number | null;
  /** Bits this field added: log2(m/u), 0 when missing. */
  weight: number;
};

export type PairExplanation = {
  key: string;
  /** prior + Σ fields[].weight */
  weight: number;
  probability: number;
  prior: number;
  fields: FieldExplanation[];
};

export type LinkResult = {
  feedKey: string;
  status: LinkStatus;
  reason: LinkReason;
  /** The registry person matched (or the best candidate, for review); null when none. */
  key: string | null;
  weight: number | null;
  probability: number | null;
  /** Why it passed or failed, in words. */
  verdict: string;
  /** The best candidate's explanation. */
  explanation: PairExplanation | null;
  /** Best first: up to three for review and no-match, the match alone otherwise. */
  candidates: PairExplanation[];
  candidateCount: number;
  /** Other feed records of this run that claimed the same registry person. */
  conflict?: { registryKey: string; feedKeys: string[] };
};

export type LinkStats = {
  records: number;
  pairs: number;
  oversizedBlocksSkipped: number;
  match: number;
  review: number;
  nonmatch: number;
  conflicts: number;
  seconds: number;
  /** Threads that scored the candidates: 1 in the calling thread, else the workers of linkAsync. */
  threads: number;
};

export type LinkerOptions = {
  /** Names of LinkRecord.extra fields to compare for equality. */
  extraFields?: readonly string[];
  /** A model to start from (e.g. the JSON of an earlier run); otherwise untrained defaults. */
  model?: LinkModel;
  thresholds?: Thresholds;
  /** Blocks with more registry persons are skipped (default 1,000). */
  maxBlockSize?: number;
  /** Blocking rules (default DEFAULT_RULES; the ID hash is always one). */
  rules?: readonly BlockingRule[];
};

export type LinkAsyncOptions = {
  /** Worker threads (default: the available parallelism, at most MAX_THREADS); below 2, none. */
  threads?: number;
  /** Smaller feeds are linked in the calling thread: starting workers costs more (default 5,000). */
  minRecords?: number;
  /**
   * Called when the workers could not start or failed and the feed was linked in the calling
   * thread instead (default: a process warning).
   */
  onWorkerError?: (error: Error) => void;
  /** Another worker script, for tests. */
  workerFile?: URL;
};

/** Beyond a few threads the link is bound by memory bandwidth and by the main thread's share. */
export const MAX_THREADS = 8;
export const MIN_PARALLEL_RECORDS = 5_000;
/** Feed records interned before the workers are told they may score them. */
const INTERN_CHUNK = 2_048;

export type TrainOptions = {
  /** Feed records used (a seeded sample when there are more; default 20,000). */
  sampleSize?: number;
  /** Random pairs for u (default 500,000). */
  randomPairs?: number;
  maxIterations?: number;
  seed?: number;
};

export type Linker = {
  readonly size: number;
  readonly model: LinkModel;
  setModel(model: LinkModel): void;
  train(records: readonly LinkRecord[], options?: TrainOptions): LinkModel;
  link(records: readonly LinkRecord[]): { results: LinkResult[]; stats: LinkStats };
  /**
   * The same results as link(), the candidates scored by worker threads sharing the index; the
   * calling thread is free meanwhile except while it interns the feed and builds the results.
   * Falls back to the calling thread for small feeds or when workers fail.
   */
  linkAsync(
    records: readonly LinkRecord[],
    options?: LinkAsyncOptions,
  ): Promise<{ results: LinkResult[]; stats: LinkStats }>;
  /** Ends the worker threads of linkAsync, if any (idle workers never keep the process alive). */
  close(): Promise<void>;
  /** Compares one feed record with one registry person (to explain a decision or a reviewer's pick). */
  explain(record: LinkRecord, registryKey: string): PairExplanation | undefined;
  blockStats(): BlockStats[];
};

export function linkFields(extraFields: readonly string[] = []): FieldSpec[] {
  return [...CORE_FIELDS, ...extraFields.map((f) => extraField(f))];
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pct = (p: number) => (p >= 0.9995 && p < 1 ? p.toFixed(4) : p.toFixed(3));
const bits = (x: number) => x.toFixed(1);

/**
 * Per field, the explanation of each level (index level + 1; 0 is "missing"). A field's
 * explanation depends only on the model and the level, so every pair shares these frozen objects:
 * a link of 100,000 records allocates no per-field objects.
 */
type FieldExplanations = ReadonlyArray<readonly FieldExplanation[]>;

function fieldExplanations(model: LinkModel, tables: WeightTables): FieldExplanations {
  return model.fields.map((f, k) => [
    Object.freeze({
      field: f.field,
      label: f.label,
      level: null,
      levelLabel: '缺失，不计权重 (missing: no weight)',
      m: null,
      u: null,
      weight: 0,
    }),
    ...f.levels.map((lv, l) =>
      Object.freeze({
        field: f.field,
        label: f.label,
        level: lv.level,
        levelLabel: lv.label,
        m: lv.m,
        u: lv.u,
        weight: tables.weights[k]![l]!,
      }),
    ),
  ]);
}

function explainLevels(explained: FieldExplanations, prior: number, levels: Int8Array, key: string): PairExplanation {
  let weight = prior;
  const fields = new Array<FieldExplanation>(explained.length);
  for (let k = 0; k < explained.length; k++) {
    const e = explained[k]![levels[k]! + 1]!;
    weight += e.weight;
    fields[k] = e;
  }
  return { key, weight, probability: probabilityOf(weight), prior, fields };
}

/**
 * Builds the index over the registry (once; the registry is read in one pass and not kept).
 * Registry keys must be unique.
 */
export function createLinker(registry: Iterable<LinkRecord>, options: LinkerOptions = {}): Linker {
  const extraFields = options.extraFields ?? [];
  const fields = linkFields(extraFields);
  const rows: readonly LinkRecord[] = Array.isArray(registry) ? registry : Array.from(registry);
  const tables = new SharedTables(extraFields, rows.length);
  const reg = new RecordStore(tables, true, rows.length);
  // Persons are stored in birth-date and sex order, so that a birth-date block (the largest
  // source of candidates) is a run of neighbouring rows in memory, and their names are interned
  // near each other too: linking reads the registry mostly sequentially.
  // One numeric sort: (birth, sex, index) packed in a double (exact below 2^53 up to 10^8 rows).
  const scale = 2 ** Math.ceil(Math.log2(rows.length + 1));
  const order = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    order[i] = (birthNumber(r) * 4 + (r.sex ?? 0)) * scale + i;
  }
  order.sort();
  for (let k = 0; k < order.length; k++) reg.add(rows[order[k]! % scale]!);
  const keyIndex = new Map<string, number>();
  const index = BlockIndex.build(reg, options.maxBlockSize ?? 1000, options.rules);
  let model = options.model ?? initialModel(fields, options.thresholds);
  if (model.fields.length !== fields.length || model.fields.some((f, k) => f.field !== fields[k]!.field)) {
    throw new Error('模型的比较字段与连接器不一致 (the model compares other fields than this linker)');
  }
  let weights = weightTables(model);
  const scorer = new Scorer(index, reg, reg.length, fields.length);
  const levels = scorer.levels;
  let pool: LinkPool | undefined;

  function feedStore(records: readonly LinkRecord[]): RecordStore {
    const s = new RecordStore(tables, false, records.length);
    for (const r of records) s.add(r);
    return s;
  }

  function train(records: readonly LinkRecord[], opts: TrainOptions = {}): LinkModel {
    const rand = rng(opts.seed ?? 1);
    const sampleSize = opts.sampleSize ?? 20_000;
    let sample = records;
    if (records.length > sampleSize) {
      // Partial Fisher–Yates over indices: a uniform sample without replacement.
      const idx = Array.from(records, (_, i) => i);
      for (let i = 0; i < sampleSize; i++) {
        const j = i + Math.floor(rand() * (idx.length - i));
        [idx[i], idx[j]] = [idx[j]!, idx[i]!];
      }
      sample = idx.slice(0, sampleSize).map((i) => records[i]!);
    }
    const feed = feedStore(sample);
    const patterns = new PatternCounts(fields.map((f) => f.levels.length));
    for (let j = 0; j < feed.length; j++) {
      const found = scorer.collect(feed, j);
      for (let c = 0; c < found.count; c++) {
        compareInto(feed, j, reg, found.ids[c]!, levels);
        patterns.add(levels);
      }
    }
    const randomPairs = opts.randomPairs ?? 500_000;
    const counts = fields.map((f) => new Array<number>(f.levels.length).fill(0));
    if (feed.length > 0 && reg.length > 0) {
      for (let p = 0; p < randomPairs; p++) {
        const j = Math.floor(rand() * feed.length);
        const i = Math.floor(rand() * reg.length);
        compareInto(feed, j, reg, i, levels);
        for (let k = 0; k < fields.length; k++) if (levels[k]! >= 0) counts[k]![levels[k]!]!++;
      }
    }
    const randomU = withRandomU(initialModel(fields, model.thresholds), counts);
    // EM starts from u = each level's share among all candidate pairs (most of them are
    // non-matches). Starting from the random-pair u instead makes the pairs of the birth-date
    // block, which agree on the date far more than random pairs, look like matches, and EM
    // settles on "shares a block key" as its match class.
    const marginals = patterns.marginals();
    const start: LinkModel = {
      ...initialModel(fields, model.thresholds),
      fields: initialModel(fields).fields.map((f, k) => ({
        ...f,
        levels: f.levels.map((l, li) => ({ ...l, u: marginals[k]![li]! })),
      })),
      lambda: 0.1,
      marginBits: model.marginBits,
    };
    const em = estimateEm(start, patterns, { maxIterations: opts.maxIterations });
    const expectedMatches = em.model.lambda * patterns.total;
    model = {
      ...em.model,
      fields: em.model.fields.map((f, k) => ({
        ...f,
        levels: f.levels.map((l, li) => ({ ...l, u: randomU.fields[k]!.levels[li]!.u })),
      })),
      lambda: Math.min(0.5, Math.max(1e-12, expectedMatches / (feed.length * reg.length))),
      training: {
        trainedAt: new Date().toISOString(),
        records: feed.length,
        pairs: patterns.total,
        patterns: patterns.size,
        randomPairs,
        registrySize: reg.length,
        lambdaCandidates: em.model.lambda,
        iterations: em.iterations,
        converged: em.converged,
      },
    };
    weights = weightTables(model);
    return model;
  }

  function link(records: readonly LinkRecord[]): { results: LinkResult[]; stats: LinkStats } {
    const t0 = performance.now();
    const feed = feedStore(records);
    const scores = newScores(feed.length, false);
    const skipped = scorer.score(feed, flatWeights(weights), 0, feed.length, scores);
    const d = decider(feed, feed.length, scores);
    for (let j = 0; j < feed.length; j++) d.decide(j);
    return d.finish(skipped, t0, 1);
  }

  /**
   * Three stages overlap: this thread interns the feed chunk by chunk, publishing how far it
   * got (`ready`); the workers score the chunks interned so far; this thread then decides the
   * chunks they report, while they score the rest. Only the conflicts wait for the whole feed.
   */
  async function linkAsync(
    records: readonly LinkRecord[],
    opts: LinkAsyncOptions = {},
  ): Promise<{ results: LinkResult[]; stats: LinkStats }> {
    const threads = Math.max(1, Math.floor(opts.threads ?? Math.min(os.availableParallelism(), MAX_THREADS)));
    if (threads < 2 || records.length < (opts.minRecords ?? MIN_PARALLEL_RECORDS)) return link(records);
    const t0 = performance.now();
    if (pool && (pool.failure || pool.threads !== threads)) {
      await pool.close();
      pool = undefined;
    }
    // Started before the feed is interned: the workers boot while this thread works.
    pool ??= new LinkPool(
      {
        registry: { data: reg.data, stride: reg.stride, length: reg.length },
        index: index.state(),
        fieldCount: fields.length,
      },
      threads,
      opts.workerFile,
    );
    const n = records.length;
    const feed = new RecordStore(tables, false, n);
    // The workers read the name table through the arrays they are given now: make room for every
    // name of this feed first, so that interning it does not replace them.
    let newNames = 0;
    let newChars = 0;
    for (const r of records) {
      if (r.name) {
        newNames++;
        newChars += r.name.length;
      }
    }
    tables.names.reserve(newNames, newChars);
    const names = tables.names.state();
    const w = flatWeights(weights);
    const scores = newScores(n, true);
    // The feed is interned below, while the workers score it: its length is the records'.
    const d = decider(feed, n, scores);
    const ready = new Int32Array(new SharedArrayBuffer(4));
    let stale = false;
    let decideError: unknown;
    const job = pool.score(
      { names, feed: { data: feed.data, stride: feed.stride, length: n }, weights: w, scores, ready },
      (from, to) => {
        if (stale || decideError !== undefined) return;
        try {
          for (let j = from; j < to; j++) d.decide(j);
        } catch (e) {
          decideError = e;
        }
      },
    );
    // Awaited below, unless interning throws first.
    job.catch(() => undefined);
    try {
      for (let from = 0; from < n; from += INTERN_CHUNK) {
        const to = Math.min(n, from + INTERN_CHUNK);
        for (let j = from; j < to; j++) feed.add(records[j]!);
        Atomics.store(ready, 0, to);
        Atomics.notify(ready, 0);
      }
      // More new characters or readings than reserved for: the workers compared with old arrays.
      stale = !tables.names.sameArrays(names);
    } finally {
      // Never leave a worker waiting for records that will not come.
      Atomics.store(ready, 0, n);
      Atomics.notify(ready, 0);
    }
    let threadsUsed = threads;
    let skipped: number;
    try {
      skipped = await job;
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      if (opts.onWorkerError) opts.onWorkerError(error);
      else process.emitWarning(`linkage: worker threads failed, linking in the calling thread: ${error.message}`);
      stale = true;
    }
    if (decideError !== undefined) throw decideError;
    if (stale) {
      threadsUsed = 1;
      skipped = scorer.score(feed, w, 0, n, scores);
      for (let j = 0; j < n; j++) d.decide(j);
    }
    return d.finish(skipped!, t0, threadsUsed);
  }

  /**
   * Decisions and explanations of feed records from their scores, one record at a time in any
   * order (deciding a record again replaces its result); then the conflicts, over all of them.
   */
  function decider(feed: RecordStore, n: number, scores: Scores) {
    const { upper, lower } = model.thresholds;
    const margin = model.marginBits;
    const hashRule = index.rules.find((r) => r.rule === 'idHash')!;
    const results: LinkResult[] = new Array<LinkResult>(n);
    const bestOf = new Int32Array(n).fill(-1);
    const explained = fieldExplanations(model, weights);
    // One string for every clear match (most of a feed): the numbers are in the result itself.
    const matchVerdict = `匹配概率达到上限 ${upper}，认定为同一人 (probability at or above the upper threshold: match)`;
    const { best: bestRows, weight: bestWeights, count } = scores;

    let j = 0;
    const explainAt = (i: number) => {
      compareInto(feed, j, reg, i, levels);
      return explainLevels(explained, weights.prior, levels, reg.keys[i]!);
    };

    function decide(record: number): void {
      j = record;
      bestOf[j] = -1;
      const o = j * 3;
      const i1 = bestRows[o]!,
        i2 = bestRows[o + 1]!,
        i3 = bestRows[o + 2]!;
      const w1 = bestWeights[o]!,
        w2 = bestWeights[o + 1]!;
      const candidateCount = count[j]!;
      const feedKey = feed.keys[j]!;
      if (i1 < 0) {
        results[j] = {
          feedKey,
          status: 'nonmatch',
          reason: 'no-candidate',
          key: null,
          weight: null,
          probability: null,
          verdict: '登记库中没有可比的候选人 (no registry person shares a blocking key)',
          explanation: null,
          candidates: [],
          candidateCount,
        };
        return;
      }
      const h = feed.get(j, F_HASH);
      const hb = h >= 0 ? hashRule.blockOf.get(h) : -1;
      if (hb >= 0) {
        const s = hashRule.start[hb]!;
        const e = hashRule.start[hb + 1]!;
        const target = hashRule.members[s]!;
        // Leaves the target's comparison vector in `levels`, read below.
        const best = explainAt(target);
        let status: LinkStatus = 'match';
        let reason: LinkReason = 'id-hash';
        let verdict = '身份证号一致，认定为同一人 (same ID number: match)';
        if (e - s > 1) {
          status = 'review';
          reason = 'id-duplicate';
          verdict = `身份证号与登记库中 ${e - s} 人一致，交人工核对 (the ID number belongs to ${e - s} registry persons: a person decides)`;
        } else if (levels[FIELD_SEX] === 1 || levels[FIELD_BIRTH] === 3) {
          status = 'review';
          reason = 'id-contradicted';
          verdict =
            '身份证号一致，但性别或出生日期矛盾，交人工核对 (same ID number but sex or birth date contradicts: a person decides)';
        } else bestOf[j] = target;
        // The other candidates only for review: a match shows the match alone.
        const candidates =
          status === 'match'
            ? [best]
            : [
                best,
                ...[i1, i2, i3]
                  .filter((i) => i >= 0 && i !== target)
                  .slice(0, 2)
                  .map(explainAt),
              ];
        results[j] = {
          feedKey,
          status,
          reason,
          key: reg.keys[target]!,
          weight: best.weight,
          probability: best.probability,
          verdict,
          explanation: best,
          candidates,
          candidateCount,
        };
        return;
      }
      const p1 = probabilityOf(w1);
      const best = explainAt(i1);
      const rest = () => {
        const out = [best];
        if (i2 >= 0) out.push(explainAt(i2));
        if (i3 >= 0) out.push(explainAt(i3));
        return out;
      };
      if (p1 >= upper) {
        if (i2 >= 0 && probabilityOf(w2) >= lower && w1 - w2 < margin) {
          results[j] = {
            feedKey,
            status: 'review',
            reason: 'ambiguous',
            key: reg.keys[i1]!,
            weight: w1,
            probability: p1,
            verdict: `最佳候选概率 ${pct(p1)} 达到上限 ${upper}，但次佳候选 ${reg.keys[i2]} 只低 ${bits(w1 - w2)} 位，交人工核对 (a second candidate is almost as likely: a person decides)`,
            explanation: best,
            candidates: rest(),
            candidateCount,
          };
        } else {
          bestOf[j] = i1;
          results[j] = {
            feedKey,
            status: 'match',
            reason: 'above-upper',
            key: reg.keys[i1]!,
            weight: w1,
            probability: p1,
            verdict: matchVerdict,
            explanation: best,
            candidates: [best],
            candidateCount,
          };
        }
      } else if (p1 >= lower) {
        results[j] = {
          feedKey,
          status: 'review',
          reason: 'between',
          key: reg.keys[i1]!,
          weight: w1,
          probability: p1,
          verdict: `匹配概率 ${pct(p1)} 介于下限 ${lower} 与上限 ${upper} 之间，交人工核对 (between the thresholds: a person decides)`,
          explanation: best,
          candidates: rest(),
          candidateCount,
        };
      } else {
        results[j] = {
          feedKey,
          status: 'nonmatch',
          reason: 'below-lower',
          key: null,
          weight: w1,
          probability: p1,
          verdict: `最佳候选匹配概率 ${pct(p1)} 低于下限 ${lower}，认定不是登记库中的人 (probability below the lower threshold: no match)`,
          explanation: best,
          candidates: rest(),
          candidateCount,
        };
      }
    }

    function finish(skipped: number, t0: number, threads: number): { results: LinkResult[]; stats: LinkStats } {
      const conflicts = resolveConflicts(feed, results, bestOf, reg.keys);
      let pairs = 0;
      for (let j = 0; j < n; j++) pairs += count[j]!;
      const stats: LinkStats = {
        records: n,
        pairs,
        oversizedBlocksSkipped: skipped,
        match: 0,
        review: 0,
        nonmatch: 0,
        conflicts,
        seconds: (performance.now() - t0) / 1000,
        threads,
      };
      for (const r of results) stats[r.status]++;
      return { results, stats };
    }

    return { decide, finish };
  }

  function explain(record: LinkRecord, registryKey: string): PairExplanation | undefined {
    if (keyIndex.size === 0) reg.keys.forEach((k, i) => keyIndex.set(k, i));
    const i = keyIndex.get(registryKey);
    if (i === undefined) return undefined;
    const feed = feedStore([record]);
    compareInto(feed, 0, reg, i, levels);
    return explainLevels(fieldExplanations(model, weights), weights.prior, levels, registryKey);
  }

  return {
    get size() {
      return reg.length;
    },
    get model() {
      return model;
    },
    setModel(m: LinkModel) {
      if (m.fields.length !== fields.length || m.fields.some((f, k) => f.field !== fields[k]!.field)) {
        throw new Error('模型的比较字段与连接器不一致 (the model compares other fields than this linker)');
      }
      model = m;
      weights = weightTables(m);
    },
    train,
    link,
    linkAsync,
    async close() {
      const p = pool;
      pool = undefined;
      await p?.close();
    },
    explain,
    blockStats: () => index.stats(),
  };
}
