import { describe, expect, it } from 'vitest';
import {
  estimateEm,
  initialModel,
  PatternCounts,
  probabilityOf,
  weightTables,
  type FieldSpec,
} from './linkage.model.js';
import { dateLevel } from './linkage.records.js';

/** Three fields with known m and u; pairs drawn from the mixture, then EM from the default start. */
const FIELDS: FieldSpec[] = [
  {
    field: 'a',
    label: 'a',
    levels: [
      { level: 'agree', label: '', m0: 0.9, u0: 0.1 },
      { level: 'differ', label: '', m0: 0.1, u0: 0.9 },
    ],
  },
  {
    field: 'b',
    label: 'b',
    levels: [
      { level: 'exact', label: '', m0: 0.8, u0: 0.01 },
      { level: 'close', label: '', m0: 0.1, u0: 0.09 },
      { level: 'far', label: '', m0: 0.1, u0: 0.9 },
    ],
  },
  {
    field: 'c',
    label: 'c',
    levels: [
      { level: 'agree', label: '', m0: 0.9, u0: 0.1 },
      { level: 'differ', label: '', m0: 0.1, u0: 0.9 },
    ],
  },
];
const TRUE_M = [
  [0.95, 0.05],
  [0.85, 0.1, 0.05],
  [0.9, 0.1],
];
const TRUE_U = [
  [0.2, 0.8],
  [0.02, 0.08, 0.9],
  [0.05, 0.95],
];

function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Fellegi–Sunter EM', () => {
  it('recovers m, u and the share of matches from unlabelled comparison vectors', () => {
    const rand = rng(7);
    const counts = new PatternCounts(FIELDS.map((f) => f.levels.length));
    const draw = (p: number[]) => {
      let x = rand();
      for (let l = 0; l < p.length; l++) if ((x -= p[l]!) < 0) return l;
      return p.length - 1;
    };
    for (let n = 0; n < 100_000; n++) {
      const match = rand() < 0.15;
      // One value in twenty missing: it must simply not count.
      counts.add(FIELDS.map((_, f) => (rand() < 0.05 ? -1 : draw((match ? TRUE_M : TRUE_U)[f]!))));
    }
    const { model, converged } = estimateEm({ ...initialModel(FIELDS), lambda: 0.1 }, counts);
    expect(converged).toBe(true);
    expect(model.lambda).toBeCloseTo(0.15, 1);
    model.fields.forEach((f, i) =>
      f.levels.forEach((l, j) => {
        expect(Math.abs(l.m - TRUE_M[i]![j]!)).toBeLessThan(0.02);
        expect(Math.abs(l.u - TRUE_U[i]![j]!)).toBeLessThan(0.02);
      }),
    );
  });

  it('weighs log2(m/u) per level, never more for a farther level than a closer one', () => {
    const model = initialModel(FIELDS);
    // close now weighs less than far (0.001/0.09 < 0.5/0.9): far is capped at close's weight.
    model.fields[1]!.levels[2]!.m = 0.5;
    model.fields[1]!.levels[1]!.m = 0.001;
    const t = weightTables(model);
    expect(t.weights[0]![0]).toBeCloseTo(Math.log2(0.9 / 0.1));
    expect(t.weights[1]![2]).toBe(t.weights[1]![1]);
    expect(probabilityOf(0)).toBe(0.5);
  });

  it('survives a JSON round trip unchanged', () => {
    const model = initialModel(FIELDS);
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });
});

describe('birth date levels', () => {
  const d = (s: string) => Number(s.replaceAll('-', ''));
  it('tells a typo from another date', () => {
    expect(dateLevel(d('1990-03-12'), d('1990-03-12'))).toBe(0);
    expect(dateLevel(d('1990-03-12'), d('1990-03-13'))).toBe(1);
    expect(dateLevel(d('1990-03-12'), d('1990-03-21'))).toBe(1);
    expect(dateLevel(d('1990-03-12'), d('1909-03-12'))).toBe(1);
    expect(dateLevel(d('1990-03-12'), d('1990-12-03'))).toBe(1);
    expect(dateLevel(d('1990-03-12'), d('1990-03-25'))).toBe(2);
    expect(dateLevel(d('1990-03-12'), d('1991-05-12'))).toBe(3);
    expect(dateLevel(0, d('1991-05-12'))).toBe(-1);
  });
});
