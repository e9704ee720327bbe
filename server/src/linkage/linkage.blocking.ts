/**
 * Blocking: only registry persons who share at least one key with a feed record are compared
 * with it. Each rule catches what the others miss:
 *
 *   idHash        the same ID number (the exact join)
 *   birthSex      birth date + sex (catches every name error)
 *   surnameMonth  surname pinyin + birth year-month + sex (catches a wrong birth day; homophone
 *                 surnames 刘/柳 share the key)
 *   villageGiven  village + given-name pinyin (catches any birth-date error when the name is read
 *                 the same)
 *   idTailYear    first 6 and last 4 ID characters + birth year (catches a typo in the middle of
 *                 an ID number)
 *   nameYear      whole-name pinyin + birth year (a wrong month or day and no usable address)
 *   nameDay       whole-name pinyin + birth month and day (a wrong year and no usable address)
 *
 * The index is built once over the registry: per rule a Map from the numeric key to a block, and
 * the blocks' members in one Int32Array (compressed sparse rows), so a million persons cost a
 * few arrays. Blocks larger than a cap are skipped (counted) rather than compared in full.
 */
import {
  F_BIRTH,
  F_HASH,
  F_HEAD_ID,
  F_NAME,
  F_SEX,
  F_TAIL,
  F_VILLAGE,
  type PackedRows,
  type RecordStore,
} from './linkage.records.js';
import { foldKey, IntMap, sharedInt32, type IntMapState } from './linkage.tables.js';

export const BLOCKING_RULES = [
  'idHash',
  'birthSex',
  'surnameMonth',
  'villageGiven',
  'idTailYear',
  'nameYear',
  'nameDay',
] as const;
export type BlockingRule = (typeof BLOCKING_RULES)[number];

/**
 * The default: surnameMonth only adds what nameYear and birthSex find unless the given name is
 * wrong as well as the day, and its blocks are the largest (刘 women born in one month): on a
 * million persons it doubled the pairs per feed record for a few records in ten thousand.
 */
export const DEFAULT_RULES: readonly BlockingRule[] = [
  'idHash',
  'birthSex',
  'villageGiven',
  'idTailYear',
  'nameYear',
  'nameDay',
];

const year = (birth: number) => Math.min(299, Math.max(0, ((birth / 10000) | 0) - 1800));
/** Month and day as 0 … 371 (31 a month): a dense index, not a calendar. */
const monthDay = (birth: number) => ((((birth / 100) | 0) % 100) - 1) * 31 + (birth % 100) - 1;

/**
 * The record's key for one rule as a non-negative int32, or -1 when it has none. Rules with the
 * sex in the key have two variants for a record without sex (variant 1 is -1 otherwise).
 */
export function blockingKey(s: PackedRows, i: number, rule: number, variant: number): number {
  const d = s.data;
  const o = i * s.stride;
  const birth = d[o + F_BIRTH]!;
  const recordSex = d[o + F_SEX]!;
  if (variant === 1 && (recordSex !== 0 || (rule !== 1 && rule !== 2))) return -1;
  const sex = recordSex === 0 ? variant : recordSex - 1;
  switch (rule) {
    case 0: {
      const h = d[o + F_HASH]!;
      return h >= 0 ? h : -1;
    }
    case 1:
      return birth === 0 ? -1 : (year(birth) * 372 + monthDay(birth)) * 2 + sex;
    case 2: {
      const n = d[o + F_NAME]!;
      if (birth === 0 || n < 0) return -1;
      const ym = year(birth) * 12 + ((((birth / 100) | 0) % 100) - 1);
      return foldKey((s.tables.names.surnameKeyOf(n) * 3600 + ym) * 2 + sex);
    }
    case 3: {
      const v = d[o + F_VILLAGE]!;
      const n = d[o + F_NAME]!;
      return v < 0 || n < 0 ? -1 : foldKey(v * 1_048_576 + s.tables.names.givenKeyOf(n));
    }
    case 4: {
      const tail = d[o + F_TAIL]!;
      if (tail < 0 || birth === 0) return -1;
      return foldKey((d[o + F_HEAD_ID]! * 11_000 + tail) * 300 + year(birth));
    }
    case 5: {
      const n = d[o + F_NAME]!;
      return birth === 0 || n < 0 ? -1 : foldKey(s.tables.names.fullKeyOf(n) * 300 + year(birth));
    }
    case 6: {
      const n = d[o + F_NAME]!;
      return birth === 0 || n < 0 ? -1 : foldKey(s.tables.names.fullKeyOf(n) * 372 + monthDay(birth));
    }
    default:
      return -1;
  }
}

export type RuleIndex = { rule: BlockingRule; code: number; blockOf: IntMap; start: Int32Array; members: Int32Array };
/** A rule's index as plain shared arrays, for a worker thread (BlockIndex.view). */
export type RuleIndexState = {
  rule: BlockingRule;
  code: number;
  blockOf: IntMapState;
  start: Int32Array;
  members: Int32Array;
};
export type BlockIndexState = { rules: RuleIndexState[]; maxBlockSize: number };
export type BlockStats = { rule: BlockingRule; blocks: number; largest: number; oversized: number };

export class BlockIndex {
  constructor(
    readonly rules: readonly RuleIndex[],
    readonly maxBlockSize: number,
  ) {}

  state(): BlockIndexState {
    return {
      rules: this.rules.map((r) => ({
        rule: r.rule,
        code: r.code,
        blockOf: r.blockOf.state(),
        start: r.start,
        members: r.members,
      })),
      maxBlockSize: this.maxBlockSize,
    };
  }

  /** The index built by another thread, read through its shared arrays. */
  static view(state: BlockIndexState): BlockIndex {
    return new BlockIndex(
      state.rules.map((r) => ({
        rule: r.rule,
        code: r.code,
        blockOf: IntMap.view(r.blockOf),
        start: r.start,
        members: r.members,
      })),
      state.maxBlockSize,
    );
  }

  /** Builds every rule's blocks over the registry in two passes (count, then fill). */
  static build(
    registry: RecordStore,
    maxBlockSize: number,
    ruleNames: readonly BlockingRule[] = DEFAULT_RULES,
  ): BlockIndex {
    const n = registry.length;
    const blockOfRecord = new Int32Array(n);
    // The ID hash is always a rule: an exact ID agreement is decided on it.
    const names = BLOCKING_RULES.filter((r) => r === 'idHash' || ruleNames.includes(r));
    const rules: RuleIndex[] = names.map((rule) => {
      const r = BLOCKING_RULES.indexOf(rule);
      const blockOf = new IntMap(Math.max(1 << 12, n >> 1));
      let counts = new Int32Array(1 << 12);
      let blocks = 0;
      for (let i = 0; i < n; i++) {
        // Registry persons have a sex, so every rule yields at most one key for them.
        const k = blockingKey(registry, i, r, 0);
        if (k < 0) {
          blockOfRecord[i] = -1;
          continue;
        }
        let b = blockOf.get(k);
        if (b < 0) {
          b = blocks++;
          blockOf.set(k, b);
          if (b === counts.length) {
            const more = new Int32Array(counts.length * 2);
            more.set(counts);
            counts = more;
          }
        }
        counts[b]!++;
        blockOfRecord[i] = b;
      }
      // Shared memory: worker threads collect candidates from these very arrays.
      const start = sharedInt32(blocks + 1);
      for (let b = 0; b < blocks; b++) start[b + 1] = start[b]! + counts[b]!;
      const fill = start.slice(0, blocks);
      const members = sharedInt32(start[blocks]!);
      for (let i = 0; i < n; i++) {
        const b = blockOfRecord[i]!;
        if (b >= 0) members[fill[b]!++] = i;
      }
      return { rule, code: r, blockOf, start, members };
    });
    return new BlockIndex(rules, maxBlockSize);
  }

  stats(): BlockStats[] {
    return this.rules.map((r) => {
      let largest = 0;
      let oversized = 0;
      for (let b = 0; b + 1 < r.start.length; b++) {
        const size = r.start[b + 1]! - r.start[b]!;
        largest = Math.max(largest, size);
        if (size > this.maxBlockSize) oversized++;
      }
      return { rule: r.rule, blocks: r.blockOf.size, largest, oversized };
    });
  }
}

/** Registry rows found for one feed record; reused from record to record. */
export class Candidates {
  ids = new Int32Array(256);
  count = 0;
  skipped = 0;

  push(i: number): void {
    if (this.count === this.ids.length) {
      const more = new Int32Array(this.ids.length * 2);
      more.set(this.ids);
      this.ids = more;
    }
    this.ids[this.count++] = i;
  }
}

/**
 * Collects every registry person sharing a key with feed record j, each once (`seen` holds, per
 * registry person, the stamp of the last feed record that collected it), into `out`; counts the
 * oversized blocks skipped.
 */
export function collectCandidates(
  index: BlockIndex,
  feed: PackedRows,
  j: number,
  seen: Int32Array,
  stamp: number,
  out: Candidates,
): void {
  out.count = 0;
  out.skipped = 0;
  const cap = index.maxBlockSize;
  const rules = index.rules;
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    for (let variant = 0; variant < 2; variant++) {
      const key = blockingKey(feed, j, rule.code, variant);
      if (key < 0) continue;
      const b = rule.blockOf.get(key);
      if (b < 0) continue;
      const s = rule.start[b]!;
      const e = rule.start[b + 1]!;
      if (e - s > cap) {
        out.skipped++;
        continue;
      }
      const members = rule.members;
      for (let p = s; p < e; p++) {
        const i = members[p]!;
        if (seen[i] === stamp) continue;
        seen[i] = stamp;
        out.push(i);
      }
    }
  }
}
