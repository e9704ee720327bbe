/**
 * Two small hash tables for the linkage index. A JavaScript Map would do, but a million registry
 * persons make it the cost of the whole build: Map<number> boxes keys above 2^30 and Map<string>
 * of a million 64-character ID hashes holds a million entries of garbage-collected memory. These
 * are open-addressing tables over typed arrays.
 */

/**
 * An Int32Array in shared memory: the linkage index lives there from the start, so that worker
 * threads (linkage.parallel.ts) read the very arrays the main thread built, without a copy.
 * V8 reads and writes them as fast as ordinary typed arrays.
 */
export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * 4));
}

/** A copy of `a` in shared memory, `length` long (at least a's length). */
export function growShared(a: Int32Array, length: number): Int32Array {
  const more = sharedInt32(length);
  more.set(a);
  return more;
}

/** What a worker needs to read an IntMap built elsewhere. */
export type IntMapState = { keys: Int32Array; values: Int32Array; size: number };

/** int32 key (≥ 0) → int32 value; linear probing, doubled at half full. */
export class IntMap {
  private keys: Int32Array;
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.keys = sharedInt32(n).fill(-1);
    this.values = sharedInt32(n);
    this.mask = n - 1;
  }

  state(): IntMapState {
    return { keys: this.keys, values: this.values, size: this.size };
  }

  /** A read-only view of a map built by another thread (its arrays are shared; set() would not be seen there). */
  static view(state: IntMapState): IntMap {
    const m = Object.create(IntMap.prototype) as IntMap;
    m.keys = state.keys;
    m.values = state.values;
    m.mask = state.keys.length - 1;
    m.size = state.size;
    return m;
  }

  /** The value of `key`, or -1. */
  get(key: number): number {
    const keys = this.keys;
    let s = Math.imul(key, 0x9e3779b1) & this.mask;
    for (;;) {
      const k = keys[s]!;
      if (k === key) return this.values[s]!;
      if (k === -1) return -1;
      s = (s + 1) & this.mask;
    }
  }

  set(key: number, value: number): void {
    if (this.size * 2 >= this.keys.length) this.grow();
    const keys = this.keys;
    let s = Math.imul(key, 0x9e3779b1) & this.mask;
    for (;;) {
      const k = keys[s]!;
      if (k === key) {
        this.values[s] = value;
        return;
      }
      if (k === -1) {
        keys[s] = key;
        this.values[s] = value;
        this.size++;
        return;
      }
      s = (s + 1) & this.mask;
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = sharedInt32(oldKeys.length * 2).fill(-1);
    this.values = sharedInt32(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let s = 0; s < oldKeys.length; s++) if (oldKeys[s]! !== -1) this.set(oldKeys[s]!, oldValues[s]!);
  }
}

/** Keeps a combined key a non-negative int32; two keys folded together only add candidates. */
export function foldKey(x: number): number {
  return x < 2147483647 ? x : x % 2147483647;
}

/** FNV-1a over the string's UTF-16 units, as a non-negative int32. */
export function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 1;
}

/** Strings → dense ids (0, 1, 2 …), for the registry's ID hashes; linear probing over (hash, id). */
export class StringIds {
  private readonly strings: string[] = [];
  private hashes: Int32Array;
  private ids: Int32Array;
  private mask: number;

  constructor(capacity = 1024) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.hashes = new Int32Array(n);
    this.ids = new Int32Array(n).fill(-1);
    this.mask = n - 1;
  }

  get size(): number {
    return this.strings.length;
  }

  /** The id of `s`, or -1. */
  find(s: string): number {
    return this.lookup(s, stringHash(s));
  }

  intern(s: string): number {
    const h = stringHash(s);
    const found = this.lookup(s, h);
    if (found >= 0) return found;
    const id = this.strings.length;
    this.strings.push(s);
    if (this.strings.length * 2 > this.ids.length) this.grow();
    this.place(h, id);
    return id;
  }

  private lookup(s: string, h: number): number {
    let slot = Math.imul(h, 0x9e3779b1) & this.mask;
    for (;;) {
      const id = this.ids[slot]!;
      if (id === -1) return -1;
      if (this.hashes[slot] === h && this.strings[id] === s) return id;
      slot = (slot + 1) & this.mask;
    }
  }

  private place(h: number, id: number): void {
    let slot = Math.imul(h, 0x9e3779b1) & this.mask;
    while (this.ids[slot] !== -1) slot = (slot + 1) & this.mask;
    this.hashes[slot] = h;
    this.ids[slot] = id;
  }

  private grow(): void {
    const hashes = this.hashes;
    const ids = this.ids;
    this.hashes = new Int32Array(hashes.length * 2);
    this.ids = new Int32Array(ids.length * 2).fill(-1);
    this.mask = this.ids.length - 1;
    for (let slot = 0; slot < ids.length; slot++) if (ids[slot]! !== -1) this.place(hashes[slot]!, ids[slot]!);
  }
}
