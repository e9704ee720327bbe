/**
 * Records prepared for linkage: every field turned into integers once (names interned, dates as
 * yyyymmdd, division codes as numbers, ID hashes interned), stored column by column so that a
 * million registry persons are a few dozen arrays rather than a million objects, and the field
 * comparisons of one pair are integer arithmetic.
 */
import { NameTable } from './linkage.names.js';

/**
 * One person as linkage sees it, from the registry or from a feed. The registry keeps only a
 * keyed hash and a masked form of ID numbers, so those are all that is compared.
 */
export type LinkRecord = {
  key: string;
  /** Keyed hash (HMAC) of the ID number, made the same way on both sides. */
  idHash: string | null;
  /** 430623********123X: the first 6 and last 4 characters visible. */
  idMasked: string | null;
  name: string | null;
  /**
   * Accepted so that registry rows can be passed as they are; not needed: the engine reads names
   * character by character from its own cache (a few thousand distinct characters), which is
   * cheaper than reading a million names.
   */
  namePinyin?: string | null;
  sex: 1 | 2 | null;
  /** YYYY-MM-DD */
  birthDate: string | null;
  /** 12-digit village division code, or a 9- or 6-digit prefix of one. */
  unitCode: string | null;
  /** Feed-specific fields, compared for equality when named in the linker's extraFields. */
  extra?: Record<string, string | null>;
};

/** Interning tables shared by the registry and every feed linked against it. */
export class SharedTables {
  readonly names = new NameTable();
  readonly hashIds = new Map<string, number>();
  readonly villageIds = new Map<number, number>();
  readonly extraValueIds: Array<Map<string, number>>;

  constructor(readonly extraFields: readonly string[]) {
    this.extraValueIds = extraFields.map(() => new Map());
  }
}

function intern(map: Map<string, number>, s: string): number {
  let id = map.get(s);
  if (id === undefined) {
    id = map.size;
    map.set(s, id);
  }
  return id;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MISSING = -1;
/** A feed's ID hash that no registry person has: present, equal to nothing. */
export const UNKNOWN_HASH = -2;

export class RecordStore {
  readonly keys: string[] = [];
  /** Interned hash (registry) or UNKNOWN_HASH (feed, not in the registry), MISSING when none. */
  readonly hashId: number[] = [];
  /** Feed stores keep the hash itself, to tell twins (one mother, two births) from conflicts. */
  readonly hash: Array<string | null> | null;
  readonly idHead: number[] = [];
  readonly idTail: number[] = [];
  readonly name: number[] = [];
  readonly sex: number[] = [];
  readonly birth: number[] = [];
  readonly unit6: number[] = [];
  readonly unit9: number[] = [];
  readonly unit12: number[] = [];
  readonly village: number[] = [];
  readonly extras: number[][];

  /** `registry` stores add their hashes to the shared table; feed stores only look them up. */
  constructor(
    readonly tables: SharedTables,
    readonly registry: boolean,
  ) {
    this.extras = tables.extraFields.map(() => []);
    this.hash = registry ? null : [];
  }

  get length(): number {
    return this.keys.length;
  }

  add(r: LinkRecord): number {
    const t = this.tables;
    const idx = this.keys.length;
    this.keys.push(r.key);
    if (r.idHash) {
      this.hashId.push(this.registry ? intern(t.hashIds, r.idHash) : (t.hashIds.get(r.idHash) ?? UNKNOWN_HASH));
    } else this.hashId.push(MISSING);
    this.hash?.push(r.idHash ?? null);
    const masked = r.idMasked?.toUpperCase() ?? '';
    if (masked.length >= 10 && /^\d{6}/.test(masked) && /^\d{3}[\dX]$/.test(masked.slice(-4))) {
      this.idHead.push(Number(masked.slice(0, 6)));
      const tail = masked.slice(-4);
      // Three digits and a check character (0-9 or X = 10): 0 … 10,999.
      this.idTail.push(Number(tail.slice(0, 3)) * 11 + (tail[3] === 'X' ? 10 : Number(tail[3])));
    } else {
      this.idHead.push(MISSING);
      this.idTail.push(MISSING);
    }
    this.name.push(t.names.intern(r.name));
    this.sex.push(r.sex === 1 || r.sex === 2 ? r.sex : 0);
    const d = r.birthDate ? DATE.exec(r.birthDate) : null;
    this.birth.push(d ? Number(d[1]) * 10000 + Number(d[2]) * 100 + Number(d[3]) : 0);
    const code = (r.unitCode ?? '').replace(/\D/g, '');
    this.unit6.push(code.length >= 6 ? Number(code.slice(0, 6)) : MISSING);
    this.unit9.push(code.length >= 9 ? Number(code.slice(0, 9)) : MISSING);
    if (code.length >= 12) {
      const v = Number(code.slice(0, 12));
      this.unit12.push(v);
      let vid = t.villageIds.get(v);
      if (vid === undefined) {
        vid = t.villageIds.size;
        t.villageIds.set(v, vid);
      }
      this.village.push(vid);
    } else {
      this.unit12.push(MISSING);
      this.village.push(MISSING);
    }
    t.extraFields.forEach((f, k) => {
      const v = r.extra?.[f];
      this.extras[k]!.push(v ? intern(t.extraValueIds[k]!, v) : MISSING);
    });
    return idx;
  }
}

/** 0 exact, 1 one digit off / two digits swapped / month and day swapped, 2 same year and month, 3 different. */
export function dateLevel(a: number, b: number): number {
  if (a === 0 || b === 0) return MISSING;
  if (a === b) return 0;
  let diffs = 0;
  let first = -1;
  let second = -1;
  let x = a;
  let y = b;
  for (let p = 0; p < 8; p++) {
    if (x % 10 !== y % 10) {
      diffs++;
      if (diffs === 1) first = p;
      else if (diffs === 2) second = p;
    }
    x = (x / 10) | 0;
    y = (y / 10) | 0;
  }
  if (diffs === 1) return 1;
  if (diffs === 2 && second === first + 1) {
    const pow = 10 ** first;
    const a1 = ((a / pow) | 0) % 10;
    const a2 = ((a / (pow * 10)) | 0) % 10;
    const b1 = ((b / pow) | 0) % 10;
    const b2 = ((b / (pow * 10)) | 0) % 10;
    if (a1 === b2 && a2 === b1) return 1;
  }
  const ym = (a / 100) | 0;
  if (ym === ((b / 100) | 0)) return 2;
  // Month and day written the other way round (03-12 for 12-03).
  if (((a / 10000) | 0) === ((b / 10000) | 0) && ((a / 100) | 0) % 100 === b % 100 && a % 100 === ((b / 100) | 0) % 100) return 1;
  return 3;
}

/** 0 same village, 1 same township, 2 same county, 3 different county. */
function unitLevel(a: RecordStore, i: number, b: RecordStore, j: number): number {
  const a6 = a.unit6[i]!;
  const b6 = b.unit6[j]!;
  if (a6 < 0 || b6 < 0) return MISSING;
  const a12 = a.unit12[i]!;
  if (a12 >= 0 && a12 === b.unit12[j]) return 0;
  const a9 = a.unit9[i]!;
  if (a9 >= 0 && a9 === b.unit9[j]) return 1;
  return a6 === b6 ? 2 : 3;
}

/** 0 same hash, 1 first 6 and last 4 agree, 2 last 4 agree, 3 different. */
function idLevel(a: RecordStore, i: number, b: RecordStore, j: number): number {
  const ha = a.hashId[i]!;
  const hb = b.hashId[j]!;
  if (ha >= 0 && ha === hb) return 0;
  const ta = a.idTail[i]!;
  const tb = b.idTail[j]!;
  if (ta >= 0 && tb >= 0) {
    if (ta !== tb) return 3;
    return a.idHead[i] === b.idHead[j] ? 1 : 2;
  }
  return ha !== MISSING && hb !== MISSING ? 3 : MISSING;
}

/**
 * The comparison vector of record i of `a` and record j of `b`, written into `out` (one level per
 * field in model order, -1 when either value is missing). Allocates nothing.
 */
export function compareInto(a: RecordStore, i: number, b: RecordStore, j: number, out: Int8Array): void {
  out[0] = a.tables.names.compare(a.name[i]!, b.name[j]!);
  out[1] = dateLevel(a.birth[i]!, b.birth[j]!);
  const sa = a.sex[i]!;
  const sb = b.sex[j]!;
  out[2] = sa === 0 || sb === 0 ? MISSING : sa === sb ? 0 : 1;
  out[3] = unitLevel(a, i, b, j);
  out[4] = idLevel(a, i, b, j);
  const extras = a.extras;
  for (let k = 0; k < extras.length; k++) {
    const va = extras[k]![i]!;
    const vb = b.extras[k]![j]!;
    out[5 + k] = va < 0 || vb < 0 ? MISSING : va === vb ? 0 : 1;
  }
}
