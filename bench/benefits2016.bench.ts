/**
 * The 2016 benefit cycles of the synthetic county against the speech (issue 6): simulates 华容县
 * in memory (pure functions, no database), builds every person's BenefitFacts with the cycle's
 * own mapping (`factsFromRows`, from rows shaped as the registry's person table holds them after
 * the simulation), evaluates the rural reward, the urban only-child parents' reward and the
 * special assistance for 2016 (and 2015, for the "new" counts) with `evaluate()`, and prints the
 * counts against the speech's: 4,228 rural reward, 7,028 urban only-child reward (266 new), 472
 * special assistance (61 new). Each run uses another seed; the medians close the output.
 *
 *   npx tsx bench/benefits2016.bench.ts [--runs 1] [--seed 20260214] [--scale 1]
 *
 * Like the cycle (benefit.facts.ts plausiblePersons), persons whose hukou left before the year
 * are skipped, and a loose pre-filter keeps only what the three rules could accept (someone of
 * the couple born in 1967 or earlier, with a child); the rest would all be 'no'.
 */
import { parseArgs } from 'node:util';
import { factsFromRows, type FactsCandidateRow, type FactsChildRow } from '../server/src/benefits/benefit.facts.js';
import { evaluate } from '../server/src/benefits/benefit.eligibility.js';
import {
  RURAL_REWARD,
  SPECIAL_ASSISTANCE,
  URBAN_ONLY_CHILD_REWARD,
  type BenefitProgram,
} from '../server/src/benefits/benefit.programs.js';
import { demoParams } from '../server/src/demo/demo.service.js';
import { DEFAULT_PARAMS } from '../server/src/demo/demography.js';
import { fullName, type Person } from '../server/src/demo/population.model.js';
import { simulatePopulation, type Population } from '../server/src/demo/population.simulation.js';
import { fromDay } from '../server/src/demo/random.js';
import { shippedCountyTree } from '../server/src/org/divisions.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '1' },
    seed: { type: 'string' },
    scale: { type: 'string', default: '1' },
  },
});
const runs = Math.max(1, Number(args.runs));
const scale = Number(args.scale);
const firstSeed = args.seed !== undefined ? Number(args.seed) : DEFAULT_PARAMS.seed;

const SPEECH: ReadonlyArray<{ program: BenefitProgram; total: number; new: number | null }> = [
  { program: RURAL_REWARD, total: 4_228, new: null },
  { program: URBAN_ONLY_CHILD_REWARD, total: 7_028, new: 266 },
  { program: SPECIAL_ASSISTANCE, total: 472, new: 61 },
];

/** A person as the registry's person row holds them after the simulation (as loadFacts reads it). */
const row = (p: Person) => ({
  id: p.id,
  name: fullName(p),
  sex: p.sex,
  birthDate: fromDay(p.birth),
  hukouType: p.hh.urban ? ('urban' as const) : ('rural' as const),
  countyCode: '430623',
  deathDate: p.deathDay === null ? null : fromDay(p.deathDay),
  leftDate: p.leftDay === null ? null : fromDay(p.leftDay),
});

type Counts = { total: number; new: number; split?: Record<string, number> };

function countYear(pop: Population, year: number, programs: readonly BenefitProgram[]) {
  const yearStart = `${year}-01-01`;
  const candidates: FactsCandidateRow[] = [];
  const children = new Map<string, FactsChildRow>();
  for (const p of pop.persons) {
    const r = row(p);
    if (r.leftDate !== null && r.leftDate < yearStart) continue;
    const s = p.spouse;
    const old = r.birthDate <= '1967-12-31' || (s !== null && fromDay(s.birth) <= '1967-12-31');
    const kids = [...p.children, ...(s?.children ?? [])];
    if (!old || kids.length === 0) continue;
    candidates.push({ ...r, hukouUnitId: p.hh.village.id, spouse: s ? row(s) : null });
    for (const c of kids)
      children.set(c.id, { ...row(c), motherId: c.mother?.id ?? null, fatherId: c.father?.id ?? null });
  }
  const facts = factsFromRows(candidates, [...children.values()]);
  const eligible = new Map<string, Set<string>>();
  const split = { died: 0, disabled: 0, unknown: 0 };
  // Loose per-program bounds (whole years, as the cycle's SQL pre-filter): 60 by the year's end
  // for the two rewards, the woman 49 for special assistance; everyone else is a certain 'no'.
  const bornBy = (f: (typeof facts)[number], age: number, who: 'person' | 'woman') => {
    const last = `${year - age}-12-31`;
    const p = f.facts.person;
    const s = f.facts.spouse;
    if (who === 'person') return p.birthDate <= last;
    const w = p.sex === 2 ? p : s?.sex === 2 ? s : null;
    return w === null || w.birthDate <= last;
  };
  for (const program of programs) {
    const ids = new Set<string>();
    const [age, who] = program === SPECIAL_ASSISTANCE ? [49, 'woman' as const] : [60, 'person' as const];
    for (const f of facts) {
      if (!bornBy(f, age, who)) continue;
      const e = evaluate(program, f.facts, { period: String(year) });
      if (e.outcome === 'unknown' && program === SPECIAL_ASSISTANCE) split.unknown++;
      if (!e.eligible) continue;
      ids.add(f.personId);
      if (program === SPECIAL_ASSISTANCE) {
        if (f.facts.children.some((c) => c.deathDate && c.deathDate <= `${year}-12-31`)) split.died++;
        else split.disabled++;
      }
    }
    eligible.set(program.code, ids);
  }
  return { eligible, evaluated: facts.length, split };
}

function oneRun(seed: number): Record<string, Counts> & { _meta: Record<string, number> } {
  const tree = shippedCountyTree('430623')!;
  const t0 = performance.now();
  const pop = simulatePopulation(tree, demoParams('county', { seed, scale }));
  const t1 = performance.now();
  // 2015 only for the programs whose new recipients the speech gives.
  const y2015 = countYear(
    pop,
    2015,
    SPEECH.filter((s) => s.new !== null).map((s) => s.program),
  );
  const y2016 = countYear(
    pop,
    2016,
    SPEECH.map((s) => s.program),
  );
  const t2 = performance.now();
  const out: Record<string, Counts> = {};
  for (const { program } of SPEECH) {
    const now = y2016.eligible.get(program.code)!;
    const before = y2015.eligible.get(program.code);
    let added = 0;
    if (before) for (const id of now) if (!before.has(id)) added++;
    out[program.code] = { total: now.size, new: added };
  }
  out[SPECIAL_ASSISTANCE.code]!.split = { ...y2016.split };
  const byStatus = { active: 0, dead: 0, moved_out: 0 };
  let urban = 0;
  let urban60 = 0;
  let rural60 = 0;
  for (const p of pop.persons) {
    byStatus[p.status]++;
    const in2016 = p.history[0]!.day <= 16_801 && (p.leftDay ?? 99_999) > 16_801 && (p.deathDay ?? 99_999) > 16_801;
    if (!in2016) continue;
    if (p.hh.urban) urban++;
    if (p.birth <= 16_800 - 60 * 365.25) {
      if (p.hh.urban) urban60++;
      else rural60++;
    }
  }
  return Object.assign(out, {
    _meta: {
      persons: pop.persons.length,
      ...byStatus,
      urban,
      urban60,
      rural60,
      evaluated2016: y2016.evaluated,
      simulateS: (t1 - t0) / 1000,
      evaluateS: (t2 - t1) / 1000,
    },
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const results: Array<ReturnType<typeof oneRun>> = [];
for (let i = 0; i < runs; i++) {
  const seed = firstSeed + i;
  const r = oneRun(seed);
  results.push(r);
  const m = r._meta;
  console.log(
    `run ${i + 1} (seed ${seed}, scale ${scale}): ${fmt(m.persons!)} persons (${fmt(m.active!)} active, ${fmt(m.dead!)} dead, ${fmt(m.moved_out!)} moved out); ` +
      `registered on 2016-01-01: urban ${fmt(m.urban!)}, aged 60+ urban ${fmt(m.urban60!)} rural ${fmt(m.rural60!)}; evaluated ${fmt(m.evaluated2016!)}; simulate ${m.simulateS!.toFixed(1)} s, evaluate ${m.evaluateS!.toFixed(1)} s`,
  );
  for (const { program, total, new: added } of SPEECH) {
    const c = r[program.code]!;
    const split = c.split
      ? ` (only child died ${c.split.died}, disabled ${c.split.disabled}; to verify ${c.split.unknown})`
      : '';
    console.log(
      `  ${program.code.padEnd(24)} ${fmt(c.total).padStart(7)} / speech ${fmt(total * scale).padStart(6)} = ${(c.total / (total * scale)).toFixed(3)}` +
        (added !== null
          ? `   new ${fmt(c.new)} / ${fmt(added * scale)} = ${(c.new / (added * scale)).toFixed(2)}`
          : '') +
        split,
    );
  }
}
if (runs > 1) {
  console.log(`medians of ${runs} runs:`);
  for (const { program, total, new: added } of SPEECH) {
    const t = median(results.map((r) => r[program.code]!.total));
    const n = median(results.map((r) => r[program.code]!.new));
    console.log(
      `  ${program.code.padEnd(24)} ${fmt(t).padStart(7)} / ${fmt(total * scale)} = ${(t / (total * scale)).toFixed(3)}` +
        (added !== null ? `   new ${fmt(n)} / ${fmt(added * scale)}` : ''),
    );
  }
  console.log(`  persons ${fmt(median(results.map((r) => r._meta.persons!)))}`);
}
