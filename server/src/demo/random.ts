/**
 * Deterministic randomness and calendar arithmetic for the synthetic population. Dates are day
 * numbers (days since 1970-01-01) inside the simulation and 'YYYY-MM-DD' strings at its edges.
 */

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a seed with a string (a county code, a stream name) into an independent seed. */
export function deriveSeed(seed: number, key: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1]![0];
  }
  normal(mean: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** A version-4-shaped uuid drawn from the seeded stream. */
  uuid(): string {
    const a = (this.next() * 0x1_0000_0000) >>> 0;
    const b = (this.next() * 0x1_0000_0000) >>> 0;
    const c = (this.next() * 0x1_0000_0000) >>> 0;
    const d = (this.next() * 0x1_0000_0000) >>> 0;
    const variant = '89ab'[Math.floor(this.next() * 4)]!;
    return (
      HEX[a >>> 24]! +
      HEX[(a >>> 16) & 255]! +
      HEX[(a >>> 8) & 255]! +
      HEX[a & 255]! +
      '-' +
      HEX[b >>> 24]! +
      HEX[(b >>> 16) & 255]! +
      '-4' +
      HEX[(b >>> 8) & 255]!.slice(1) +
      HEX[b & 255]! +
      '-' +
      variant +
      HEX[c >>> 24]!.slice(1) +
      HEX[(c >>> 16) & 255]! +
      '-' +
      HEX[(c >>> 8) & 255]! +
      HEX[c & 255]! +
      HEX[d >>> 24]! +
      HEX[(d >>> 16) & 255]! +
      HEX[(d >>> 8) & 255]! +
      HEX[d & 255]!
    );
  }
}

const DAY_MS = 86_400_000;
export const toDay = (iso: string): number => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);

// Formatting dates is slow and the same ~60,000 days recur millions of times: cache them.
const CACHE_FROM = -40_000; // 1860
const isoCache: Array<string | undefined> = [];
const yearCache: number[] = [];
export const fromDay = (day: number): string => {
  const i = day - CACHE_FROM;
  return (isoCache[i] ??= new Date(day * DAY_MS).toISOString().slice(0, 10));
};
export const yearOfDay = (day: number): number => {
  const i = day - CACHE_FROM;
  return (yearCache[i] ??= new Date(day * DAY_MS).getUTCFullYear());
};
export const dayOf = (year: number, month = 1, date = 1): number =>
  Math.floor(Date.UTC(year, month - 1, date) / DAY_MS);

/** The same calendar date `years` later (29 February becomes 1 March). */
export function addYearsDay(day: number, years: number): number {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear() + years;
  const m = d.getUTCMonth();
  const date = d.getUTCDate();
  if (m === 1 && date === 29) return dayOf(y, 3, 1);
  return Math.floor(Date.UTC(y, m, date) / DAY_MS);
}

/** Completed years of age on a date (ISO strings), as the registry computes it. */
export function ageOn(birth: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  return on.slice(5) >= birth.slice(5) ? years : years - 1;
}

/** Completed years of age on a day, exact. */
export const ageOnDay = (birthDay: number, day: number): number => ageOn(fromDay(birthDay), fromDay(day));

/** Age in years as a fraction, for hazards (not for legal ages). */
export const approxAge = (birthDay: number, day: number): number => (day - birthDay) / 365.2425;
