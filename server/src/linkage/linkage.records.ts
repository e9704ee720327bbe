/**
 * Records prepared for linkage: every field turned into integers once (names interned, dates as
 * yyyymmdd, division codes as numbers, ID hashes interned), stored column by column so that a
 * million registry persons are a few dozen arrays rather than a million objects, and the field
 * comparisons of one pair are integer arithmetic.
 */
import { NameTable } from './linkage.names.js';
import { growShared, IntMap, sharedInt32, StringIds } from './linkage.tables.js';

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
  readonly hashIds: StringIds;
  readonly villageIds = new Map<number, number>();
  /** ID-number address codes (first 6 characters) as small ids, for blocking keys. */
  readonly idHeadIds = new IntMap(256);
  readonly extraValueIds: Array<Map<string, number>>;

  constructor(
    readonly extraFields: readonly string[],
    expectedRegistrySize = 1 << 16,
  ) {
    this.hashIds = new StringIds(expectedRegistrySize);
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

const MISSING = -1;
/** A feed's ID hash that no registry person has: present, equal to nothing. */
export const UNKNOWN_HASH = -2;

const isDigit = (c: number) => c >= 48 && c <= 57;

/** YYYY-MM-DD → yyyymmdd, 0 when it is not a date of that shape. Without a regex: a million calls. */
function parseDate(s: string | null): number {
  if (!s || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return 0;
  let v = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return 0;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** The leading digits of a division code (up to 12) and how many there are. */
function parseUnit(s: string | null): [number, number] {
  if (!s) return [0, 0];
  let v = 0;
  let n = 0;
  for (let i = 0; i < s.length && n < 12; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      v = v * 10 + (c - 48);
      n++;
    }
  }
  return [v, n];
}

/** Field offsets within a record's row. */
export const F_HASH = 0;
export const F_HEAD = 1;
export const F_HEAD_ID = 2;
export const F_TAIL = 3;
export const F_NAME = 4;
export const F_SEX = 5;
export const F_BIRTH = 6;
export const F_UNIT6 = 7;
export const F_UNIT9 = 8;
/** Interned 12-digit village code: equal ids, equal villages. */
export const F_VILLAGE = 9;
export const F_EXTRAS = 10;

/**
 * What the comparisons and blocking keys read of a store: its rows and the names they point to.
 * A RecordStore is one; a worker thread makes one from the shared arrays (linkage.worker.ts).
 */
export type PackedRows = {
  readonly data: Int32Array;
  readonly stride: number;
  readonly tables: { readonly names: NameTable };
};

/**
 * Prepared records as rows of int32 in one typed array, grown by doubling: a million registry
 * persons are one array, not a million objects, and comparing a candidate reads one cache line
 * (columns in separate arrays cost a cache miss per field per candidate, which was most of the
 * linking time on a million persons).
 */
export class RecordStore {
  readonly keys: string[] = [];
  /** Feed stores keep the hash itself, to tell twins (one mother, two births) from conflicts. */
  readonly hash: Array<string | null> | null;
  /** Row width. */
  readonly stride: number;
  /**
   * Per row: F_HASH interned hash (registry) or UNKNOWN_HASH (feed, not in the registry);
   * F_HEAD, F_HEAD_ID, F_TAIL the visible ID characters; F_NAME interned name; F_SEX 0/1/2;
   * F_BIRTH yyyymmdd (0 none); F_UNIT6, F_UNIT9 division prefixes; F_VILLAGE; extras.
   * MISSING (-1) where there is no value.
   */
  data: Int32Array;
  private capacity: number;

  /** `registry` stores add their hashes to the shared table; feed stores only look them up. */
  constructor(
    readonly tables: SharedTables,
    readonly registry: boolean,
    capacity = 1024,
  ) {
    this.capacity = Math.max(16, capacity);
    this.stride = F_EXTRAS + tables.extraFields.length;
    // Shared memory, so that worker threads read the rows without a copy.
    this.data = sharedInt32(this.capacity * this.stride);
    this.hash = registry ? null : [];
  }

  get length(): number {
    return this.keys.length;
  }

  add(r: LinkRecord): number {
    const t = this.tables;
    const idx = this.keys.length;
    if (idx === this.capacity) {
      this.capacity *= 2;
      this.data = growShared(this.data, this.capacity * this.stride);
    }
    const d = this.data;
    const o = idx * this.stride;
    this.keys.push(r.key);
    if (r.idHash) {
      if (this.registry) d[o + F_HASH] = t.hashIds.intern(r.idHash);
      else {
        const h = t.hashIds.find(r.idHash);
        d[o + F_HASH] = h >= 0 ? h : UNKNOWN_HASH;
      }
    } else d[o + F_HASH] = MISSING;
    this.hash?.push(r.idHash ?? null);
    this.parseMasked(o, r.idMasked);
    d[o + F_NAME] = t.names.intern(r.name);
    d[o + F_SEX] = r.sex === 1 || r.sex === 2 ? r.sex : 0;
    d[o + F_BIRTH] = parseDate(r.birthDate);
    const [code, digits] = parseUnit(r.unitCode);
    d[o + F_UNIT6] = digits >= 6 ? Math.floor(code / 10 ** (digits - 6)) : MISSING;
    d[o + F_UNIT9] = digits >= 9 ? Math.floor(code / 10 ** (digits - 9)) : MISSING;
    if (digits === 12) {
      let vid = t.villageIds.get(code);
      if (vid === undefined) {
        vid = t.villageIds.size;
        t.villageIds.set(code, vid);
      }
      d[o + F_VILLAGE] = vid;
    } else d[o + F_VILLAGE] = MISSING;
    for (let k = 0; k < t.extraFields.length; k++) {
      const v = r.extra?.[t.extraFields[k]!];
      d[o + F_EXTRAS + k] = v ? intern(t.extraValueIds[k]!, v) : MISSING;
    }
    return idx;
  }

  /** 430623********123X: six digits, anything, three digits and a check character. */
  private parseMasked(o: number, masked: string | null): void {
    const d = this.data;
    d[o + F_HEAD] = MISSING;
    d[o + F_HEAD_ID] = MISSING;
    d[o + F_TAIL] = MISSING;
    if (!masked || masked.length < 10) return;
    let head = 0;
    for (let i = 0; i < 6; i++) {
      const c = masked.charCodeAt(i);
      if (!isDigit(c)) return;
      head = head * 10 + (c - 48);
    }
    const n = masked.length;
    let tail = 0;
    for (let i = n - 4; i < n - 1; i++) {
      const c = masked.charCodeAt(i);
      if (!isDigit(c)) return;
      tail = tail * 10 + (c - 48);
    }
    const check = masked.charCodeAt(n - 1);
    if (!isDigit(check) && check !== 88 && check !== 120) return;
    // Three digits and a check character (0-9 or X = 10): 0 … 10,999.
    d[o + F_TAIL] = tail * 11 + (isDigit(check) ? check - 48 : 10);
    d[o + F_HEAD] = head;
    let hid = this.tables.idHeadIds.get(head);
    if (hid < 0) {
      hid = this.tables.idHeadIds.size;
      this.tables.idHeadIds.set(head, hid);
    }
    d[o + F_HEAD_ID] = hid;
  }

  get(i: number, field: number): number {
    return this.data[i * this.stride + field]!;
  }
}

/** yyyymmdd of a LinkRecord's birth date (0 when none), to order the registry before indexing. */
export function birthNumber(r: LinkRecord): number {
  return parseDate(r.birthDate);
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
  if (((a / 10000) | 0) === ((b / 10000) | 0) && ((a / 100) | 0) % 100 === b % 100 && a % 100 === ((b / 100) | 0) % 100)
    return 1;
  return 3;
}

/** 0 same village, 1 same township, 2 same county, 3 different county. */
function unitLevel(a: Int32Array, oa: number, b: Int32Array, ob: number): number {
  const a6 = a[oa + F_UNIT6]!;
  const b6 = b[ob + F_UNIT6]!;
  if (a6 < 0 || b6 < 0) return MISSING;
  const av = a[oa + F_VILLAGE]!;
  if (av >= 0 && av === b[ob + F_VILLAGE]) return 0;
  const a9 = a[oa + F_UNIT9]!;
  if (a9 >= 0 && a9 === b[ob + F_UNIT9]) return 1;
  return a6 === b6 ? 2 : 3;
}

/**
 * 0 same hash; 1 the visible characters (first 6, last 4) agree, the hidden ones do not or one
 * side has no hash; 2 one visible character wrong or two neighbours swapped (a typed number);
 * 3 different.
 */
function idLevel(a: Int32Array, oa: number, b: Int32Array, ob: number): number {
  const ha = a[oa + F_HASH]!;
  const hb = b[ob + F_HASH]!;
  if (ha >= 0 && ha === hb) return 0;
  const ta = a[oa + F_TAIL]!;
  const tb = b[ob + F_TAIL]!;
  if (ta >= 0 && tb >= 0) {
    const xa = a[oa + F_HEAD]!;
    const xb = b[ob + F_HEAD]!;
    if (ta === tb && xa === xb) return 1;
    return visibleTypo(xa, ta, xb, tb) ? 2 : 3;
  }
  return ha !== MISSING && hb !== MISSING ? 3 : MISSING;
}

/** The ten visible characters as digits (X = 10), first to last. */
function visibleDigits(head: number, tail: number, out: Int8Array): void {
  let h = head;
  for (let p = 5; p >= 0; p--) {
    out[p] = h % 10;
    h = (h / 10) | 0;
  }
  out[9] = tail % 11;
  let t = (tail / 11) | 0;
  for (let p = 8; p >= 6; p--) {
    out[p] = t % 10;
    t = (t / 10) | 0;
  }
}

const va = new Int8Array(10);
const vb = new Int8Array(10);
function visibleTypo(headA: number, tailA: number, headB: number, tailB: number): boolean {
  visibleDigits(headA, tailA, va);
  visibleDigits(headB, tailB, vb);
  let diffs = 0;
  let first = -1;
  for (let p = 0; p < 10; p++) {
    if (va[p] !== vb[p]) {
      if (++diffs > 2) return false;
      if (diffs === 1) first = p;
      else if (p !== first + 1 || va[first] !== vb[p] || va[p] !== vb[first]) return false;
    }
  }
  return diffs > 0;
}

/**
 * The comparison vector of record i of `a` and record j of `b`, written into `out` (one level per
 * field in model order, -1 when either value is missing). Allocates nothing.
 */
export function compareInto(a: PackedRows, i: number, b: PackedRows, j: number, out: Int8Array): void {
  const da = a.data;
  const db = b.data;
  const oa = i * a.stride;
  const ob = j * b.stride;
  out[0] = a.tables.names.compare(da[oa + F_NAME]!, db[ob + F_NAME]!);
  out[1] = dateLevel(da[oa + F_BIRTH]!, db[ob + F_BIRTH]!);
  const sa = da[oa + F_SEX]!;
  const sb = db[ob + F_SEX]!;
  out[2] = sa === 0 || sb === 0 ? MISSING : sa === sb ? 0 : 1;
  out[3] = unitLevel(da, oa, db, ob);
  out[4] = idLevel(da, oa, db, ob);
  const extras = a.stride - F_EXTRAS;
  for (let k = 0; k < extras; k++) {
    const x = da[oa + F_EXTRAS + k]!;
    const y = db[ob + F_EXTRAS + k]!;
    out[5 + k] = x < 0 || y < 0 ? MISSING : x === y ? 0 : 1;
  }
}
