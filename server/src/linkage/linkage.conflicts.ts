/**
 * One registry person claimed by several feed records of one link() call: twins and repeated
 * records of one person keep the match together; otherwise the strongest claim keeps it and the
 * others go to a reviewer, naming the conflict.
 */
import type { LinkResult } from './linkage.engine.js';
import { F_BIRTH, F_NAME, F_VILLAGE, type RecordStore } from './linkage.records.js';

/** The same person twice in one feed (twins: two certificates, one mother) is not a conflict. */
function samePerson(feed: RecordStore, a: number, b: number): boolean {
  const ha = feed.hash![a];
  if (ha && ha === feed.hash![b]) return true;
  return (
    feed.get(a, F_NAME) >= 0 &&
    feed.get(a, F_NAME) === feed.get(b, F_NAME) &&
    feed.get(a, F_BIRTH) > 0 &&
    feed.get(a, F_BIRTH) === feed.get(b, F_BIRTH) &&
    feed.get(a, F_VILLAGE) === feed.get(b, F_VILLAGE)
  );
}

/**
 * One registry person matched by several feed records that are not plainly the same person: the
 * highest weight (an ID-hash match first) keeps the match, the others go to review naming it.
 * Returns the number of registry persons in conflict.
 */
export function resolveConflicts(
  feed: RecordStore,
  results: LinkResult[],
  bestOf: Int32Array,
  regKeys: readonly string[],
): number {
  const claims = new Map<number, number[]>();
  for (let j = 0; j < bestOf.length; j++) {
    const i = bestOf[j]!;
    if (i < 0) continue;
    const list = claims.get(i);
    if (list) list.push(j);
    else claims.set(i, [j]);
  }
  let conflicts = 0;
  for (const [i, js] of claims) {
    if (js.length < 2) continue;
    const rank = (j: number) => (results[j]!.reason === 'id-hash' ? Infinity : (results[j]!.weight ?? -Infinity));
    js.sort((a, b) => rank(b) - rank(a));
    const keeper = js[0]!;
    const losers = js.slice(1).filter((j) => !samePerson(feed, keeper, j));
    const registryKey = regKeys[i]!;
    const all = js.map((j) => feed.keys[j]!);
    if (losers.length === 0) {
      // Twins or repeated records of one mother: all keep the match, the others are listed.
      for (const j of js) results[j]!.conflict = { registryKey, feedKeys: all.filter((k) => k !== feed.keys[j]) };
      continue;
    }
    conflicts++;
    for (const j of js) results[j]!.conflict = { registryKey, feedKeys: all.filter((k) => k !== feed.keys[j]) };
    for (const j of losers) {
      const r = results[j]!;
      r.status = 'review';
      r.reason = 'conflict';
      r.verdict = `登记人员 ${registryKey} 已由 ${feed.keys[keeper]} 以更高权重匹配，交人工核对 (this registry person is claimed by another feed record with a higher weight: a person decides)`;
    }
  }
  return conflicts;
}
