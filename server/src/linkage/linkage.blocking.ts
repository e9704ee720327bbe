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
import type { RecordStore } from './linkage.records.js';

export const BLOCKING_RULES = ['idHash', 'birthSex', 'surnameMonth', 'villageGiven', 'idTailYear', 'nameYear', 'nameDay'] as const;
export type BlockingRule = (typeof BLOCKING_RULES)[number];

/** Pushes the record's keys for one rule (two when the sex is unknown and the key includes it). */
export function blockingKeys(s: RecordStore, i: number, rule: number, out: number[]): void {
  const birth = s.birth[i]!;
  const sex = s.sex[i]!;
  switch (rule) {
    case 0: {
      const h = s.hashId[i]!;
      if (h >= 0) out.push(h);
      return;
    }
    case 1:
      if (birth === 0) return;
      if (sex) out.push(birth * 4 + sex);
      else out.push(birth * 4 + 1, birth * 4 + 2);
      return;
    case 2: {
      const n = s.name[i]!;
      if (birth === 0 || n < 0) return;
      const base = (s.tables.names.surnameKeyOf(n) * 1_000_000 + ((birth / 100) | 0)) * 4;
      if (sex) out.push(base + sex);
      else out.push(base + 1, base + 2);
      return;
    }
    case 3: {
      const v = s.village[i]!;
      const n = s.name[i]!;
      if (v < 0 || n < 0) return;
      out.push(v * 16_777_216 + s.tables.names.givenKeyOf(n));
      return;
    }
    case 4: {
      const tail = s.idTail[i]!;
      if (tail < 0 || birth === 0) return;
      out.push((Math.max(0, s.idHead[i]!) * 11_000 + tail) * 3_000 + ((birth / 10000) | 0));
      return;
    }
    case 5: {
      const n = s.name[i]!;
      if (birth === 0 || n < 0) return;
      out.push(s.tables.names.fullKeyOf(n) * 10_000 + ((birth / 10000) | 0));
      return;
    }
    case 6: {
      const n = s.name[i]!;
      if (birth === 0 || n < 0) return;
      out.push(s.tables.names.fullKeyOf(n) * 10_000 + (birth % 10000));
      return;
    }
    default:
      return;
  }
}

export type RuleIndex = { rule: BlockingRule; blockOf: Map<number, number>; start: Int32Array; members: Int32Array };
export type BlockStats = { rule: BlockingRule; blocks: number; largest: number; oversized: number };

export class BlockIndex {
  constructor(
    readonly rules: readonly RuleIndex[],
    readonly maxBlockSize: number,
  ) {}

  /** Builds every rule's blocks over the registry in two passes (count, then fill). */
  static build(registry: RecordStore, maxBlockSize: number): BlockIndex {
    const n = registry.length;
    const keys: number[] = [];
    const rules: RuleIndex[] = BLOCKING_RULES.map((rule, r) => {
      const blockOf = new Map<number, number>();
      const blockOfRecord = new Int32Array(n).fill(-1);
      const counts: number[] = [];
      for (let i = 0; i < n; i++) {
        keys.length = 0;
        blockingKeys(registry, i, r, keys);
        // Registry persons have a sex, so every rule yields at most one key for them.
        const k = keys[0];
        if (k === undefined) continue;
        let b = blockOf.get(k);
        if (b === undefined) {
          b = counts.length;
          blockOf.set(k, b);
          counts.push(0);
        }
        counts[b]!++;
        blockOfRecord[i] = b;
      }
      const start = new Int32Array(counts.length + 1);
      for (let b = 0; b < counts.length; b++) start[b + 1] = start[b]! + counts[b]!;
      const fill = start.slice(0, counts.length);
      const members = new Int32Array(start[counts.length]!);
      for (let i = 0; i < n; i++) {
        const b = blockOfRecord[i]!;
        if (b >= 0) members[fill[b]!++] = i;
      }
      return { rule, blockOf, start, members };
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

/**
 * Calls `visit` once for every registry person sharing a key with feed record j (each pair once:
 * `seen` holds, per registry person, the stamp of the last feed record that visited it). Returns
 * the number of oversized blocks skipped.
 */
export function forEachCandidate(
  index: BlockIndex,
  feed: RecordStore,
  j: number,
  seen: Int32Array,
  stamp: number,
  keys: number[],
  visit: (i: number) => void,
): number {
  let skipped = 0;
  const cap = index.maxBlockSize;
  for (let r = 0; r < index.rules.length; r++) {
    const rule = index.rules[r]!;
    keys.length = 0;
    blockingKeys(feed, j, r, keys);
    for (let k = 0; k < keys.length; k++) {
      const b = rule.blockOf.get(keys[k]!);
      if (b === undefined) continue;
      const s = rule.start[b]!;
      const e = rule.start[b + 1]!;
      if (e - s > cap) {
        skipped++;
        continue;
      }
      for (let p = s; p < e; p++) {
        const i = rule.members[p]!;
        if (seen[i] === stamp) continue;
        seen[i] = stamp;
        visit(i);
      }
    }
  }
  return skipped;
}
