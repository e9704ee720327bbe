/**
 * The Fellegi–Sunter model (Fellegi & Sunter 1969, with EM as Winkler and Jaro used it): each
 * compared field falls to a discrete level; a level has m = P(level | same person) and
 * u = P(level | different persons); it adds log2(m/u) bits to the pair's weight. The weight plus
 * the prior log-odds log2(λ/(1−λ)) is the log-odds that the pair is one person, so
 * probability = 1 / (1 + 2^−weight). A missing value adds nothing (m and u both 1).
 *
 * How the parameters are learned, as Splink does it (and why): u, the chance that two different
 * persons agree at a level, is counted on random pairs of feed record and registry person; m and
 * the share of matches come from EM over the candidate pairs blocking yields. Candidate pairs are
 * not random: the non-matches among them share a block key, so they agree on the blocked fields
 * far more often than random pairs, and in a way that breaks EM's conditional independence (the
 * pairs of the birth-date block agree on the date and not on the name, those of the name block the
 * other way round). EM therefore estimates its own u on candidate pairs (kept as uCandidates, for
 * inspection) to absorb that, but weights use the random-pair u; and the prior is the chance that
 * a random feed record and a random registry person are one person: λ = expected matches /
 * (feed records × registry persons). Weights and probabilities then mean the same whichever
 * block found the pair.
 */
import { NAME_LEVELS } from './linkage.names.js';

export type LevelSpec = { level: string; label: string; m0: number; u0: number };
export type FieldSpec = { field: string; label: string; levels: readonly LevelSpec[] };

export const FIELD_NAME = 0;
export const FIELD_BIRTH = 1;
export const FIELD_SEX = 2;
export const FIELD_UNIT = 3;
export const FIELD_ID = 4;
export const CORE_FIELD_COUNT = 5;

const NAME_LABELS: Record<(typeof NAME_LEVELS)[number], [string, number, number]> = {
  exact: ['姓名相同 (same name)', 0.86, 0.002],
  pinyin: ['姓名同音 (same pinyin)', 0.04, 0.001],
  similar: ['姓名形近、颠倒或错漏一字 (look-alike, swapped, missing or extra character)', 0.06, 0.005],
  partial: ['同姓，名字部分相同 (same surname, given name partly the same)', 0.02, 0.03],
  surname: ['仅姓氏相同 (same surname only)', 0.01, 0.06],
  different: ['姓名不同 (different name)', 0.01, 0.902],
};

/** The fields every linkage compares; a feed may add its own (see extraField). */
export const CORE_FIELDS: readonly FieldSpec[] = [
  {
    field: 'name',
    label: '姓名 (name)',
    levels: NAME_LEVELS.map((level) => ({
      level,
      label: NAME_LABELS[level][0],
      m0: NAME_LABELS[level][1],
      u0: NAME_LABELS[level][2],
    })),
  },
  {
    field: 'birthDate',
    label: '出生日期 (birth date)',
    levels: [
      { level: 'exact', label: '出生日期相同 (same birth date)', m0: 0.9, u0: 0.001 },
      {
        level: 'typo',
        label: '出生日期差一位数字或两位颠倒 (one digit off or two digits swapped)',
        m0: 0.05,
        u0: 0.002,
      },
      { level: 'month', label: '同年同月 (same year and month)', m0: 0.03, u0: 0.01 },
      { level: 'different', label: '出生日期不同 (different birth date)', m0: 0.02, u0: 0.987 },
    ],
  },
  {
    field: 'sex',
    label: '性别 (sex)',
    levels: [
      { level: 'agree', label: '性别相同 (same sex)', m0: 0.99, u0: 0.5 },
      { level: 'differ', label: '性别不同 (different sex)', m0: 0.01, u0: 0.5 },
    ],
  },
  {
    field: 'unit',
    label: '户籍地 (address code)',
    levels: [
      { level: 'village', label: '同村（社区） (same village)', m0: 0.8, u0: 0.005 },
      { level: 'township', label: '同乡镇、不同村 (same township, other village)', m0: 0.12, u0: 0.07 },
      { level: 'county', label: '同县、不同乡镇 (same county, other township)', m0: 0.07, u0: 0.9 },
      { level: 'different', label: '不同县 (different county)', m0: 0.01, u0: 0.025 },
    ],
  },
  {
    field: 'id',
    label: '身份证号 (ID number)',
    levels: [
      { level: 'exact', label: '身份证号一致 (ID number agrees)', m0: 0.95, u0: 0.00001 },
      { level: 'masked', label: '身份证号前6位与后4位一致 (first 6 and last 4 digits agree)', m0: 0.03, u0: 0.0001 },
      {
        level: 'typo',
        label: '身份证号可见部分差一位或两位颠倒 (one visible digit wrong or two swapped)',
        m0: 0.01,
        u0: 0.0005,
      },
      { level: 'different', label: '身份证号不同 (different ID number)', m0: 0.01, u0: 0.99989 },
    ],
  },
];

/** A feed-specific field compared for equality (e.g. the mother's ethnicity). */
export function extraField(name: string, label?: string): FieldSpec {
  const l = label ?? name;
  return {
    field: `extra.${name}`,
    label: l,
    levels: [
      { level: 'agree', label: `${l}相同 (same)`, m0: 0.9, u0: 0.2 },
      { level: 'differ', label: `${l}不同 (different)`, m0: 0.1, u0: 0.8 },
    ],
  };
}

/** u is what weights use (random pairs once trained); uCandidates is EM's u among candidate pairs. */
export type ModelLevel = { level: string; label: string; m: number; u: number; uCandidates: number | null };
export type ModelField = { field: string; label: string; levels: ModelLevel[] };
/** Probabilities: at or above upper a pair is a match, below lower not, between a person decides. */
export type Thresholds = { upper: number; lower: number };
export type TrainingSummary = {
  trainedAt: string;
  records: number;
  pairs: number;
  patterns: number;
  randomPairs: number;
  registrySize: number;
  /** EM's share of matches among candidate pairs. */
  lambdaCandidates: number;
  iterations: number;
  converged: boolean;
};
export type LinkModel = {
  version: 1;
  fields: ModelField[];
  /** Chance that a random feed record and a random registry person are one person. */
  lambda: number;
  thresholds: Thresholds;
  /**
   * A best candidate above the upper threshold still goes to review when the second best is above
   * the lower threshold and within this many bits of it: two plausible persons are for a person.
   */
  marginBits: number;
  training: TrainingSummary | null;
};

export const DEFAULT_THRESHOLDS: Thresholds = { upper: 0.9, lower: 0.3 };

export function initialModel(fields: readonly FieldSpec[], thresholds: Thresholds = DEFAULT_THRESHOLDS): LinkModel {
  return {
    version: 1,
    fields: fields.map((f) => ({
      field: f.field,
      label: f.label,
      levels: f.levels.map((l) => ({ level: l.level, label: l.label, m: l.m0, u: l.u0, uCandidates: null })),
    })),
    // Untrained: as if a feed of 10,000 were linked to a registry of 1,000,000, almost all in it.
    lambda: 1e-6,
    thresholds: { ...thresholds },
    marginBits: 3,
    training: null,
  };
}

/** The model as lookup tables: the scoring loop adds weights[field][level]. */
export type WeightTables = { prior: number; weights: Float64Array[] };

/**
 * Levels run from the closest agreement to the farthest, so a farther level never weighs more
 * than a closer one: a level almost never seen among matches (a different county, when every
 * person of a test feed lives in the county) has m and u both near their floors, and their ratio
 * means nothing. Its weight is capped at the closer level's; the explanation shows the capped
 * weight beside m and u.
 */
export function weightTables(model: LinkModel): WeightTables {
  return {
    prior: Math.log2(model.lambda / (1 - model.lambda)),
    weights: model.fields.map((f) => {
      const w = Float64Array.from(f.levels, (l) => Math.log2(l.m / l.u));
      for (let k = 1; k < w.length; k++) w[k] = Math.min(w[k]!, w[k - 1]!);
      return w;
    }),
  };
}

export function probabilityOf(weight: number): number {
  return 1 / (1 + Math.pow(2, -weight));
}

/** The weight at which the probability equals p (to print thresholds in bits). */
export function weightOf(probability: number): number {
  return Math.log2(probability / (1 - probability));
}

/**
 * Comparison vectors counted by pattern: EM then iterates over a few hundred distinct patterns
 * instead of millions of pairs. A level of -1 (missing) is its own digit.
 */
export class PatternCounts {
  private readonly radices: number[];
  private readonly counts = new Map<number, number>();
  total = 0;

  constructor(readonly levelCounts: readonly number[]) {
    this.radices = levelCounts.map((n) => n + 1);
  }

  add(levels: ArrayLike<number>, n = 1): void {
    let code = 0;
    for (let f = levels.length - 1; f >= 0; f--) code = code * this.radices[f]! + (levels[f]! + 1);
    this.counts.set(code, (this.counts.get(code) ?? 0) + n);
    this.total += n;
  }

  get size(): number {
    return this.counts.size;
  }

  /** Each field's level shares over all counted pairs (missing values left out). */
  marginals(): number[][] {
    const { levels, counts, rows } = this.matrix();
    const F = this.radices.length;
    const acc = this.levelCounts.map((n) => new Float64Array(n));
    for (let r = 0; r < rows; r++) {
      for (let f = 0; f < F; f++) {
        const l = levels[r * F + f]!;
        if (l >= 0) acc[f]![l]! += counts[r]!;
      }
    }
    return acc.map(normalise);
  }

  /** Patterns as a flat level matrix (rows × fields) and their counts. */
  matrix(): { levels: Int8Array; counts: Float64Array; rows: number } {
    const fields = this.radices.length;
    const rows = this.counts.size;
    const levels = new Int8Array(rows * fields);
    const counts = new Float64Array(rows);
    let r = 0;
    for (const [code, n] of this.counts) {
      let c = code;
      for (let f = 0; f < fields; f++) {
        levels[r * fields + f] = (c % this.radices[f]!) - 1;
        c = Math.floor(c / this.radices[f]!);
      }
      counts[r++] = n;
    }
    return { levels, counts, rows };
  }
}

/**
 * Half a pair added to every level's count (Jeffreys' prior): a level never seen in training is
 * unlikely but not impossible, so it cannot weigh ±∞ and veto every other field.
 */
const PSEUDO = 0.5;
const FLOOR = 1e-9;

function normalise(xs: ArrayLike<number>): number[] {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i]! + PSEUDO;
  return Array.from(xs, (x) => (x + PSEUDO) / sum);
}

/** u per level from random pairs (Splink's estimate_u_using_random_sampling), counted per field. */
export function withRandomU(model: LinkModel, counts: readonly (readonly number[])[]): LinkModel {
  return {
    ...model,
    fields: model.fields.map((f, i) => {
      const u = normalise(counts[i]!);
      return { ...f, levels: f.levels.map((l, j) => ({ ...l, u: u[j]! })) };
    }),
  };
}

export type EmOptions = { maxIterations?: number; tolerance?: number; fixU?: boolean };
export type EmResult = { model: LinkModel; iterations: number; converged: boolean };

/**
 * Expectation–maximisation for the two-class mixture under conditional independence: the
 * E-step gives each pattern its probability of being a match; the M-step re-estimates λ, m and
 * (unless fixU) u from those shares. Stops when no parameter moves more than `tolerance`.
 */
export function estimateEm(start: LinkModel, patterns: PatternCounts, options: EmOptions = {}): EmResult {
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-6;
  const { levels, counts, rows } = patterns.matrix();
  const F = start.fields.length;
  let m = start.fields.map((f) => f.levels.map((l) => l.m));
  let u = start.fields.map((f) => f.levels.map((l) => l.u));
  let lambda = start.lambda;
  let iterations = 0;
  let converged = false;
  const mAcc = start.fields.map((f) => new Float64Array(f.levels.length));
  const uAcc = start.fields.map((f) => new Float64Array(f.levels.length));
  while (iterations < maxIterations && !converged) {
    iterations++;
    for (let f = 0; f < F; f++) {
      mAcc[f]!.fill(0);
      uAcc[f]!.fill(0);
    }
    let matchMass = 0;
    let total = 0;
    for (let r = 0; r < rows; r++) {
      let pm = lambda;
      let pu = 1 - lambda;
      for (let f = 0; f < F; f++) {
        const l = levels[r * F + f]!;
        if (l < 0) continue;
        pm *= m[f]![l]!;
        pu *= u[f]![l]!;
      }
      const g = pm / (pm + pu);
      const n = counts[r]!;
      matchMass += n * g;
      total += n;
      for (let f = 0; f < F; f++) {
        const l = levels[r * F + f]!;
        if (l < 0) continue;
        mAcc[f]![l]! += n * g;
        uAcc[f]![l]! += n * (1 - g);
      }
    }
    const nextM = mAcc.map(normalise);
    const nextU = options.fixU ? u : uAcc.map(normalise);
    const nextLambda = Math.min(1 - FLOOR, Math.max(FLOOR, matchMass / total));
    let change = Math.abs(nextLambda - lambda);
    for (let f = 0; f < F; f++) {
      for (let l = 0; l < nextM[f]!.length; l++) {
        change = Math.max(change, Math.abs(nextM[f]![l]! - m[f]![l]!), Math.abs(nextU[f]![l]! - u[f]![l]!));
      }
    }
    m = nextM;
    u = nextU;
    lambda = nextLambda;
    converged = change < tolerance;
  }
  const model: LinkModel = {
    ...start,
    lambda,
    fields: start.fields.map((f, i) => ({
      ...f,
      levels: f.levels.map((l, j) => ({ ...l, m: m[i]![j]!, u: u[i]![j]!, uCandidates: u[i]![j]! })),
    })),
  };
  return { model, iterations, converged };
}
