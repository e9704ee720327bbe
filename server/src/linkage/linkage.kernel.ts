/**
 * The scoring kernel of linking: per feed record, its candidates, their comparison vectors and
 * weights, and the best three. One implementation, run by link() in the calling thread and by
 * the worker threads of linkAsync() (linkage.worker.ts) over ranges of the feed; everything
 * after it (decisions, explanations, conflicts) needs the interned strings and stays in the
 * main thread. It reads only integer rows and typed arrays, so a worker runs it over the shared
 * arrays of the registry index without a copy.
 */
import { Candidates, collectCandidates, type BlockIndex } from './linkage.blocking.js';
import type { WeightTables } from './linkage.model.js';
import { compareInto, type PackedRows } from './linkage.records.js';

/** The weights of all fields in one array, field k's levels from offset[k]. */
export type FlatWeights = { prior: number; flat: Float64Array; offset: Int32Array };

export function flatWeights(weights: WeightTables): FlatWeights {
  const offset = new Int32Array(weights.weights.length);
  const flat = new Float64Array(weights.weights.reduce((n, t) => n + t.length, 0));
  weights.weights.forEach((t, k) => {
    offset[k] = k === 0 ? 0 : offset[k - 1]! + weights.weights[k - 1]!.length;
    flat.set(t, offset[k]!);
  });
  return { prior: weights.prior, flat, offset };
}

/**
 * Per feed record j: the best three registry rows best[3j … 3j+2] (-1 where there are fewer),
 * their weights (-Infinity there) and the number of candidates. In shared memory when workers
 * write it.
 */
export type Scores = { best: Int32Array; weight: Float64Array; count: Int32Array };

export function newScores(n: number, shared: boolean): Scores {
  const buffer = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  return {
    best: new Int32Array(buffer(n * 3 * 4)),
    weight: new Float64Array(buffer(n * 3 * 8)),
    count: new Int32Array(buffer(n * 4)),
  };
}

/** The kernel with its scratch arrays: one per thread. */
export class Scorer {
  /** Per registry row, the stamp of the last feed record that collected it. */
  private readonly seen: Int32Array;
  private stamp = 0;
  readonly found = new Candidates();
  readonly levels: Int8Array;

  constructor(
    readonly index: BlockIndex,
    /** Set by a worker per job, with that job's name table. */
    public registry: PackedRows | undefined,
    registrySize: number,
    fieldCount: number,
  ) {
    this.seen = new Int32Array(registrySize);
    this.levels = new Int8Array(fieldCount);
  }

  /** Every registry row sharing a blocking key with feed record j, each once, into `found`. */
  collect(feed: PackedRows, j: number): Candidates {
    if (this.stamp === 0x7fffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    collectCandidates(this.index, feed, j, this.seen, ++this.stamp, this.found);
    return this.found;
  }

  /** Scores feed records from … to-1 into `out`; returns the oversized blocks skipped. */
  score(feed: PackedRows, weights: FlatWeights, from: number, to: number, out: Scores): number {
    const reg = this.registry!;
    const levels = this.levels;
    const F = levels.length;
    const { prior, flat, offset } = weights;
    const { best, weight, count } = out;
    let skipped = 0;
    for (let j = from; j < to; j++) {
      const found = this.collect(feed, j);
      skipped += found.skipped;
      // Top three: plain variables, no allocation per candidate.
      let i1 = -1,
        i2 = -1,
        i3 = -1;
      let w1 = -Infinity,
        w2 = -Infinity,
        w3 = -Infinity;
      const ids = found.ids;
      for (let c = 0; c < found.count; c++) {
        const i = ids[c]!;
        compareInto(feed, j, reg, i, levels);
        let s = prior;
        for (let k = 0; k < F; k++) {
          const l = levels[k]!;
          if (l >= 0) s += flat[offset[k]! + l]!;
        }
        if (s > w1) {
          i3 = i2;
          w3 = w2;
          i2 = i1;
          w2 = w1;
          i1 = i;
          w1 = s;
        } else if (s > w2) {
          i3 = i2;
          w3 = w2;
          i2 = i;
          w2 = s;
        } else if (s > w3) {
          i3 = i;
          w3 = s;
        }
      }
      const o = j * 3;
      best[o] = i1;
      best[o + 1] = i2;
      best[o + 2] = i3;
      weight[o] = w1;
      weight[o + 1] = w2;
      weight[o + 2] = w3;
      count[j] = found.count;
    }
    return skipped;
  }
}
