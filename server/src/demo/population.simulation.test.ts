import { beforeAll, describe, expect, it } from 'vitest';
import { parseIdNumber } from '../lib/idNumber.js';
import { shippedCountyTree } from '../org/divisions.js';
import type { DivisionTree } from '../org/org.service.js';
import type { Person } from './population.model.js';
import { simulatePopulation, type Population } from './population.simulation.js';
import { ageOn, fromDay, toDay } from './random.js';

/**
 * The microsimulation on a mid-sized 华容县 (about 30,000 people, in memory): the demographic
 * properties the county's statisticians would check, and that people hang together.
 */
const tree = shippedCountyTree('430623')!;
const SCALE = 0.04;

const yearOf = (day: number) => Number(fromDay(day).slice(0, 4));
const births = (pop: Population, year?: number) =>
  pop.events.filter((e) => e.type === 'birth' && (year === undefined || yearOf(e.day) === year));
const deaths = (pop: Population, year: number) =>
  pop.events.filter((e) => e.type === 'death' && yearOf(e.day) === year);
const ratio = (events: Population['events']) => {
  const boys = events.filter((e) => e.subject.sex === 1).length;
  return (100 * boys) / (events.length - boys);
};

/** Registered and living on a date, from each person's history (as the registry's "as of" reads it). */
function registeredOn(pop: Population, iso: string): Person[] {
  const day = toDay(iso);
  return pop.persons.filter((p) => {
    let state = null;
    for (const h of p.history) if (h.day <= day) state = h;
    return state?.status === 'active';
  });
}

describe('the population microsimulation', { timeout: 30_000 }, () => {
  let pop: Population;
  beforeAll(() => {
    pop = simulatePopulation(tree, { scale: SCALE });
  }, 60_000);

  it('sizes the county from the parameters, every village populated, 社区 urban', () => {
    const start = registeredOn(pop, '2015-01-01').length;
    expect(start).toBeGreaterThan(730_000 * SCALE * 0.97);
    expect(start).toBeLessThan(730_000 * SCALE * 1.03);
    const perVillage = new Map<string, number>();
    for (const p of pop.persons) perVillage.set(p.hh.village.id, (perVillage.get(p.hh.village.id) ?? 0) + 1);
    expect(perVillage.size).toBe(225);
    // Village sizes vary; the county seat's residents' committees are among the largest.
    const sizes = [...perVillage.values()].sort((a, b) => a - b);
    expect(sizes[sizes.length - 1]! / sizes[Math.floor(sizes.length / 2)]!).toBeGreaterThan(2);
    const seat = pop.villages.filter((v) => v.urban && v.townshipName === '章华镇');
    const avg = (vs: typeof pop.villages) => vs.reduce((n, v) => n + (perVillage.get(v.id) ?? 0), 0) / vs.length;
    expect(avg(seat)).toBeGreaterThan(avg(pop.villages.filter((v) => !v.urban)));
    expect(pop.households.filter((h) => h.urban !== /(社区|居委会|居民委员会)$/.test(h.village.name))).toEqual([]);
  });

  it('comes out near the speech for 2016: sex ratio at birth ~106 and natural growth ~6.5‰', () => {
    const b = births(pop, 2016);
    expect(Math.abs(ratio(b) - 106)).toBeLessThan(1.5);
    const mean = (registeredOn(pop, '2016-01-01').length + registeredOn(pop, '2017-01-01').length) / 2;
    const growth = (1000 * (b.length - deaths(pop, 2016).length)) / mean;
    // Births and deaths of ~30,000 people: a standard deviation of about 0.85‰.
    expect(growth).toBeGreaterThan(6.5 - 2.5);
    expect(growth).toBeLessThan(6.5 + 2.5);
  });

  it('follows the fall in births after 2017, to about half by 2023', () => {
    const n = (y: number) => births(pop, y).length;
    expect(n(2016)).toBeGreaterThan(n(2019));
    expect(n(2019)).toBeGreaterThan(n(2022));
    expect((n(2022) + n(2023)) / (n(2016) + n(2017))).toBeGreaterThan(0.38);
    expect((n(2022) + n(2023)) / (n(2016) + n(2017))).toBeLessThan(0.65);
  });

  it('ages: fewer children and young adults, more old people in 2026 than in 2015', () => {
    const shares = (iso: string) => {
      const people = registeredOn(pop, iso);
      const share = (lo: number, hi: number) =>
        people.filter((p) => ageOn(fromDay(p.birth), iso) >= lo && ageOn(fromDay(p.birth), iso) < hi).length /
        people.length;
      return { young: share(20, 35), old: share(65, 200), oldest: share(80, 200) };
    };
    const then = shares('2015-01-01');
    const now = shares('2026-10-31');
    expect(then.old).toBeGreaterThan(0.09);
    expect(then.old).toBeLessThan(0.15);
    expect(now.old).toBeGreaterThan(then.old + 0.04);
    expect(now.oldest).toBeGreaterThan(then.oldest);
    expect(now.young).toBeLessThan(then.young - 0.04);
  });

  it('records births of orders 1, 2 and 3+, marriages, divorces and moves in and out', () => {
    const orders = births(pop).map((e) => e.subject.birthOrder!);
    const share = (f: (o: number) => boolean) => orders.filter(f).length / orders.length;
    expect(share((o) => o === 1)).toBeGreaterThan(0.35);
    expect(share((o) => o === 2)).toBeGreaterThan(0.3);
    expect(share((o) => o >= 3)).toBeGreaterThan(0.01);
    expect(share((o) => o >= 3)).toBeLessThan(0.12);
    const count = (t: string) => pop.events.filter((e) => e.type === t).length;
    for (const t of ['marriage', 'divorce', 'move_in', 'move_out']) expect(count(t), t).toBeGreaterThan(20);
    // Since the start; the base's children who left or died before it have no event.
    const since = (p: Person) => p.history[0]!.status === 'active';
    expect(pop.persons.filter((p) => p.status === 'moved_out' && since(p)).length).toBe(count('move_out'));
    expect(pop.persons.filter((p) => p.status === 'dead' && since(p)).length).toBe(count('death'));
    expect(pop.persons.filter((p) => p.origin === 'move_in').length).toBe(count('move_in'));
    expect(new Set(pop.households.map((h) => h.urban)).size).toBe(2);
  });

  it('knows the children who left or died before 2015: linked to their parents, out of every figure since', () => {
    const start = toDay('2015-01-01');
    const before = pop.persons.filter((p) => p.history[0]!.status !== 'active');
    const wrong: string[] = [];
    for (const p of before) {
      if (p.history.length !== 1) wrong.push(`history of ${p.id}`);
      const out = p.status === 'dead' ? p.deathDay : p.leftDay;
      if (out === null || out >= start || out < p.birth || p.history[0]!.day !== out) wrong.push(`date of ${p.id}`);
      if (!p.mother && !p.father) wrong.push(`parents of ${p.id}`);
      if (p.origin !== 'base') wrong.push(`origin of ${p.id}`);
    }
    expect(wrong).toEqual([]);
    const left = before.filter((p) => p.status === 'moved_out').length;
    const died = before.filter((p) => p.status === 'dead').length;
    // Many grown daughters married away, sons settled in towns; fewer died.
    expect(left).toBeGreaterThan(730_000 * SCALE * 0.2);
    expect(died).toBeGreaterThan(730_000 * SCALE * 0.01);
    expect(died).toBeLessThan(left);
    // None of them is registered on the first day, nor counted in a village's size.
    const registered = new Set(registeredOn(pop, '2015-01-01'));
    expect(before.filter((p) => registered.has(p))).toEqual([]);
    // A mother's registered children are now all she bore before the start.
    const mothers = pop.persons.filter((m) => m.sex === 2 && m.origin === 'base' && m.children.length > 0);
    const complete = mothers.filter((m) => m.children.length === m.parity).length;
    expect(complete / mothers.length).toBeGreaterThan(0.99);
  });

  it('gives every person with a number a valid, unique ID matching birth date and sex', () => {
    const seen = new Set<string>();
    const wrong: string[] = [];
    for (const p of pop.persons) {
      if (!p.idNumber) {
        if (p.birth < toDay('2025-10-01')) wrong.push(`${p.given} has no number`);
        continue;
      }
      const parsed = parseIdNumber(p.idNumber);
      if (
        !parsed.ok ||
        parsed.value.birthDate !== fromDay(p.birth) ||
        parsed.value.sex !== p.sex ||
        seen.has(p.idNumber)
      )
        wrong.push(p.idNumber);
      seen.add(p.idNumber);
    }
    expect(wrong).toEqual([]);
    expect(seen.size).toBeGreaterThan(pop.persons.length * 0.99);
  });

  it('makes parents older than their children and keeps each life in order', () => {
    const wrong: string[] = [];
    for (const c of pop.persons) {
      if (c.mother && ageOn(fromDay(c.mother.birth), fromDay(c.birth)) < 17) wrong.push(`mother of ${c.id}`);
      if (c.father && ageOn(fromDay(c.father.birth), fromDay(c.birth)) < 18) wrong.push(`father of ${c.id}`);
      const days = c.history.map((h) => h.day);
      if (days.some((d, i) => i > 0 && d < days[i - 1]!)) wrong.push(`history of ${c.id}`);
      const last = c.history[c.history.length - 1]!;
      if (
        last.status !== c.status ||
        last.marital !== c.marital ||
        last.hh !== c.hh ||
        last.spouse !== c.spouse ||
        last.rel !== c.rel
      )
        wrong.push(`state of ${c.id}`);
      if (c.status === 'dead' && c.deathDay !== c.history[c.history.length - 1]!.day) wrong.push(`death of ${c.id}`);
    }
    for (const e of pop.events.filter((x) => x.type === 'marriage')) {
      for (const p of [e.subject, e.other!])
        if (ageOn(fromDay(p.birth), fromDay(e.day)) < (p.sex === 1 ? 22 : 20)) wrong.push(`marriage of ${p.id}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('the parameters', { timeout: 30_000 }, () => {
  const small = (extra: object) => simulatePopulation(tree, { scale: 0.012, ...extra });

  it('come out the same for one seed and differently for another', () => {
    const a = small({ seed: 7 });
    const b = small({ seed: 7 });
    const c = small({ seed: 8 });
    const key = (p: Population) =>
      p.persons.map((x) => `${x.id}${x.surname}${x.given}${x.birth}${x.idNumber}${x.status}`).join();
    expect(key(a)).toBe(key(b));
    expect(a.events.map((e) => `${e.id}${e.type}${e.day}`)).toEqual(b.events.map((e) => `${e.id}${e.type}${e.day}`));
    expect(key(c)).not.toBe(key(a));
  });

  it('set the sex ratio at birth and the birth-defect rate', () => {
    const pop = small({ sexRatioAtBirth: 118, sexRatioSampling: 'independent', birthDefectRate: 0.03, seed: 3 });
    const all = births(pop);
    // Independent draws of ~1,300 births: a standard error of about 6 around 118.
    expect(Math.abs(ratio(all) - 118)).toBeLessThan(18);
    const defects = all.filter((e) => e.detail.defect).length / all.length;
    expect(defects).toBeGreaterThan(0.015);
    expect(defects).toBeLessThan(0.05);
    expect(births(small({})).filter((e) => e.detail.defect).length / births(small({})).length).toBeLessThan(0.005);
  });

  it('scale the births with fertilityScale', () => {
    const base = births(small({ seed: 5 })).length;
    expect(births(small({ seed: 5, fertilityScale: 0.5 })).length).toBeLessThan(base * 0.62);
  });

  it('generate any county of 湖南 from the shipped province data', () => {
    const other = shippedCountyTree('430621') as DivisionTree; // 岳阳县
    const pop = simulatePopulation(other, { scale: 0.004 });
    const villages = new Set(other.townships.flatMap((t) => t.villages.map((v) => v.code)));
    expect(pop.persons.length).toBeGreaterThan(villages.size * 2_470 * 0.004 * 0.9);
    for (const p of pop.persons) expect(villages.has(p.hh.village.id)).toBe(true);
    const natives = pop.persons.filter((p) => p.origin !== 'move_in' && p.idNumber);
    expect(natives.filter((p) => p.idNumber!.startsWith('430621')).length).toBeGreaterThan(natives.length * 0.7);
  });
});
