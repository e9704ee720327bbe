/**
 * The population microsimulation: a county's base population on 2015-01-01, then month by
 * month to the end of October 2026 — deaths from the life table, births to married women by
 * age and parity aligned to the year's birth rate, first marriages matched within the county or
 * with partners who move in or away, divorces, hukou moves out (students, work, whole families)
 * and families moving in. Pure and in memory: the same tree and parameters give the same people.
 */
import type { DivisionTree } from '../org/org.service.js';
import {
  DEFAULT_PARAMS,
  DESTINATIONS,
  FAMILY_MOVE_IN_PER_1000,
  FAMILY_MOVE_OUT,
  KNOWN_COUNTY_SIZE,
  PERSONS_PER_VILLAGE,
  deathProbability,
  divorceHazard,
  fertilityByAge,
  firstMarriageHazard,
  marriagePeriod,
  moveOutHazard,
  parityWeight,
  type PopulationParams,
} from './demography.js';
import { DEATH_CAUSES, HOSPITALS, NEIGHBOUR_ADDRESS_CODES } from './names.js';
import { BaseBuilder } from './population.base.js';
import {
  World,
  isUrbanUnit,
  relationshipTo,
  type Household,
  type Person,
  type Sex,
  type Village,
} from './population.model.js';
import { Rng, addYearsDay, approxAge, dayOf, deriveSeed, fromDay, toDay } from './random.js';

export type Population = {
  countyCode: string;
  countyName: string;
  params: PopulationParams;
  villages: Village[];
  households: Household[];
  persons: Person[];
  /** Vital events in date order. */
  events: World['events'];
};

/** Statistical stand-ins (farms, reservoirs, pumping stations) hold few people. */
const STAND_IN = /渔场|芦苇场|林场|电排站|水库|类似村|畜牧场|棉种场|农场/;
const DEFECTS = ['先天性心脏病', '唇腭裂', '多指（趾）', '先天性脑积水', '马蹄内翻足'];
const MONTH_CAP = 0.9;

export function resolveParams(p: Partial<PopulationParams> = {}): PopulationParams {
  return { ...DEFAULT_PARAMS, ...p };
}

/** Registered residents on the first day the parameters ask for in this county. */
export function countyTarget(tree: DivisionTree, params: PopulationParams): number {
  const villages = tree.townships.reduce((n, t) => n + t.villages.length, 0);
  return (params.persons ?? KNOWN_COUNTY_SIZE[tree.county.code] ?? villages * PERSONS_PER_VILLAGE) * params.scale;
}

function setUpVillages(
  rng: Rng,
  tree: DivisionTree,
  params: PopulationParams,
  groupsFor: (code: string) => number,
): Village[] {
  const villages: Village[] = tree.townships.flatMap((t) =>
    t.villages.map((v) => ({
      id: v.code,
      name: v.name,
      townshipId: t.code,
      townshipName: t.name,
      urban: isUrbanUnit(v.name),
      groups: Array.from({ length: Math.max(1, groupsFor(v.code)) }, (_, i) => i + 1),
      target: 0,
      count: 0,
      households: 0,
      houseNumbers: new Map<string, number>(),
    })),
  );
  if (!villages.length) throw new Error(`县 ${tree.county.code} 没有村级单位 (no villages in the county)`);
  const total = countyTarget(tree, params);
  const demo = villages.filter((v) => params.demoVillages.includes(v.id));
  const demoTarget = Math.max(120, Math.round(total * 0.03));
  for (const v of demo) v.target = demoTarget;
  const others = villages.filter((v) => !demo.includes(v));
  const weights = others.map((v) => {
    let w = Math.exp(rng.normal(0, 0.45));
    if (STAND_IN.test(v.name)) w *= 0.35;
    // The county seat's residents' committees are the largest units.
    if (v.urban) w *= /镇|街道/.test(v.townshipName) && v.townshipName === seatTownship(tree) ? 2.2 : 1.1;
    return w;
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const rest = Math.max(0, total - demoTarget * demo.length);
  others.forEach((v, i) => (v.target = Math.max(3, (rest * weights[i]!) / sum)));
  return villages;
}

/** The township of the county government: 章华镇 for 华容县, else the one with most 社区. */
function seatTownship(tree: DivisionTree): string {
  const named = tree.townships.find((t) => t.name === '章华镇');
  if (named) return named.name;
  let best = tree.townships[0]!;
  for (const t of tree.townships)
    if (t.villages.filter((v) => isUrbanUnit(v.name)).length > best.villages.filter((v) => isUrbanUnit(v.name)).length)
      best = t;
  return best.name;
}

export type SimulationOptions = {
  groupsPerVillage?: (villageCode: string) => number;
  onProgress?: (fraction: number) => void;
};

/**
 * Simulates one county.
 * @throws Error when the tree has no villages
 */
export function simulatePopulation(
  tree: DivisionTree,
  partial: Partial<PopulationParams> = {},
  opts: SimulationOptions = {},
): Population {
  const steps = simulationSteps(tree, partial, opts);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * The same, giving the event loop a turn after each simulated year, so that a server's log
 * (and its lock-file refresh) keep going during a first start.
 */
export async function simulatePopulationAsync(
  tree: DivisionTree,
  partial: Partial<PopulationParams> = {},
  opts: SimulationOptions = {},
): Promise<Population> {
  const steps = simulationSteps(tree, partial, opts);
  let step = steps.next();
  while (!step.done) {
    await new Promise((resolve) => setImmediate(resolve));
    step = steps.next();
  }
  return step.value;
}

function* simulationSteps(
  tree: DivisionTree,
  partial: Partial<PopulationParams>,
  opts: SimulationOptions,
): Generator<void, Population> {
  const params = resolveParams(partial);
  const rng = new Rng(deriveSeed(params.seed, tree.county.code));
  const villages = setUpVillages(rng, tree, params, opts.groupsPerVillage ?? (() => 6));
  const seatName = seatTownship(tree);
  const seat = villages.filter((v) => v.urban && v.townshipName === seatName);
  const w = new World(rng, tree.county.code, tree.county.name, villages, seat);
  const start = toDay(params.start);
  const base = new BaseBuilder(w, start, params);
  for (const v of villages) {
    const demo = params.demoVillages.includes(v.id);
    for (let n = 0; v.count < v.target - 1.5 || n === 0; n++) base.household(v, demo && n < 6);
  }
  base.finish();
  yield;
  yield* new Simulation(w, params, opts.onProgress).run();
  for (const p of w.persons) assignIdNumber(w, p, toDay(params.end));
  w.events.sort((a, b) => a.day - b.day);
  return {
    countyCode: tree.county.code,
    countyName: tree.county.name,
    params,
    villages,
    households: w.households,
    persons: w.persons,
    events: w.events,
  };
}

/** Babies get their number when the parents register the hukou, often months later. */
function assignIdNumber(w: World, p: Person, end: number): void {
  const ageDays = p.origin === 'move_in' ? 9999 : end - p.birth;
  if (ageDays < 183 && w.rng.chance(0.6)) return;
  if (ageDays < 365 && w.rng.chance(0.25)) return;
  w.assignIdNumber(p);
}

class Simulation {
  private readonly rng: Rng;
  private readonly deathsByMonth = new Map<number, Person[]>();
  private sexPhase: number;

  constructor(
    private readonly w: World,
    private readonly params: PopulationParams,
    private readonly onProgress?: (fraction: number) => void,
  ) {
    this.rng = w.rng;
    this.sexPhase = this.rng.float();
  }

  *run(): Generator<void> {
    const start = toDay(this.params.start);
    const end = toDay(this.params.end);
    const first = new Date(start * 86_400_000).getUTCFullYear();
    const last = new Date(end * 86_400_000).getUTCFullYear();
    for (let year = first; year <= last; year++) {
      const yStart = Math.max(start, dayOf(year));
      const yEnd = Math.min(end, dayOf(year + 1) - 1);
      const active = this.w.persons.filter((p) => p.status === 'active');
      this.scheduleDeaths(year, yStart, yEnd, active);
      const plan = this.planYear(year, yStart, yEnd, active);
      const yearBirths =
        ((this.params.birthRates[year] ?? 6) / 1000) *
        this.params.fertilityScale *
        active.length *
        ((yEnd - yStart + 1) / 365);
      this.planBirths(year, yStart, yEnd, yearBirths, active, plan);
      this.sexPhase = this.rng.float();
      for (let month = 1; month <= 12; month++) {
        const mStart = Math.max(yStart, dayOf(year, month));
        const mEnd = Math.min(yEnd, dayOf(year, month + 1) - 1);
        if (mStart > mEnd) continue;
        const share = (mEnd - mStart + 1) / (yEnd - yStart + 1);
        const todo = plan[month - 1]!;
        this.applyDeaths(monthKey(mStart), mEnd);
        this.births(mStart, mEnd, todo.birth);
        this.marriages(mStart, mEnd, todo.marry);
        this.divorces(mStart, mEnd, todo.divorce);
        this.movesOut(mStart, mEnd, todo.moveOut, todo.familyOut);
        this.movesIn(mStart, mEnd, active.length * share * 12);
      }
      this.onProgress?.((year - first + 1) / (last - first + 1));
      yield;
    }
  }

  /**
   * Draws, once a year, who will marry, divorce or move in which month (each hazard at most once
   * a year); the month checks again that the person is still in the state the hazard was for.
   */
  private planYear(year: number, yStart: number, yEnd: number, active: Person[]): MonthPlan[] {
    const plan: MonthPlan[] = Array.from({ length: 12 }, () => ({
      birth: [],
      marry: [],
      divorce: [],
      moveOut: [],
      familyOut: [],
    }));
    const share = (yEnd - yStart + 1) / 365;
    const firstMonth = Number(fromDay(yStart).slice(5, 7));
    const lastMonth = Number(fromDay(yEnd).slice(5, 7));
    const month = () => plan[this.rng.int(firstMonth, lastMonth) - 1]!;
    const marriage = marriagePeriod(year) * this.params.marriageScale * share;
    const out = this.params.outMigrationScale * share;
    const divorce = this.params.divorceScale * share;
    for (const p of active) {
      const age = Math.floor(approxAge(p.birth, yStart));
      if (p.marital !== '20') {
        const h = p.marital === '10' ? firstMarriageHazard(age, p.sex) : age < 55 ? 0.04 : 0;
        if (h && this.rng.chance(h * marriage)) month().marry.push(p);
        else if (age >= 18 && this.rng.chance(moveOutHazard(age) * out)) month().moveOut.push(p);
      } else if (p.sex === 2 && p.spouse) {
        const years = (yStart - (p.marriageDay ?? yStart)) / 365.25;
        if (this.rng.chance(divorceHazard(years, year) * divorce)) month().divorce.push(p);
        else if (age >= 24 && age < 45 && this.rng.chance(FAMILY_MOVE_OUT * out)) month().familyOut.push(p);
      }
    }
    return plan;
  }

  // --- helpers -----------------------------------------------------------------------------

  private dayIn(p: Person[], from: number, to: number): number | null {
    let lo = from;
    let hi = to;
    for (const x of p) {
      const lastDay = x.history.length ? x.history[x.history.length - 1]!.day : x.birth;
      lo = Math.max(lo, lastDay);
      if (x.scheduledDeath !== null) hi = Math.min(hi, x.scheduledDeath - 1);
    }
    return lo <= hi ? this.rng.int(lo, hi) : null;
  }

  private schedule(p: Person, day: number): void {
    p.scheduledDeath = day;
    const key = monthKey(day);
    const list = this.deathsByMonth.get(key);
    if (list) list.push(p);
    else this.deathsByMonth.set(key, [p]);
  }

  private boySampled(): boolean {
    const pMale = this.params.sexRatioAtBirth / (100 + this.params.sexRatioAtBirth);
    if (this.params.sexRatioSampling === 'independent') return this.rng.chance(pMale);
    this.sexPhase += pMale;
    if (this.sexPhase >= 1) {
      this.sexPhase -= 1;
      return true;
    }
    return false;
  }

  /** Moves a person into another household (or out of any), with a fresh relationship code. */
  private rehouse(p: Person, hh: Household, day: number): void {
    const from = p.hh;
    p.hh = hh;
    p.residence = hh.village.id;
    hh.members.push(p);
    if (from.head === p) this.w.succeedHead(from, day, null);
    if (!hh.head || hh.head.status !== 'active' || hh.head.hh !== hh) hh.head = p;
    p.rel = relationshipTo(p, hh.head, hh.genericCodes);
  }

  private lastDay(p: Person): number {
    return p.history.length ? p.history[p.history.length - 1]!.day : p.birth;
  }

  // --- deaths ------------------------------------------------------------------------------

  private scheduleDeaths(year: number, yStart: number, yEnd: number, active: Person[]): void {
    const span = yEnd - yStart + 1;
    for (const p of active) {
      if (p.scheduledDeath !== null) continue;
      const q =
        deathProbability(Math.floor(approxAge(p.birth, yStart)), p.sex, year, this.params.mortalityScale) *
        (span / 365);
      if (this.rng.chance(q)) this.schedule(p, Math.max(p.birth + 1, yStart + this.rng.int(0, span - 1)));
    }
  }

  private applyDeaths(key: number, mEnd: number): void {
    // In date order: a death changes the household's head and the spouse's state from its day.
    const dying = (this.deathsByMonth.get(key) ?? []).sort((a, b) => (a.scheduledDeath ?? 0) - (b.scheduledDeath ?? 0));
    for (const p of dying) {
      if (p.status !== 'active' || p.scheduledDeath === null || p.scheduledDeath > mEnd) continue;
      const day = Math.max(p.scheduledDeath, this.lastDay(p));
      const age = approxAge(p.birth, day);
      const place = this.rng.chance(age >= 65 ? 0.7 : 0.4)
        ? '家中'
        : this.rng.chance(0.7)
          ? '华容县人民医院'
          : `${p.hh.village.townshipName}卫生院`;
      const cause = age < 45 && this.rng.chance(0.4) ? '意外伤害' : this.rng.weighted(DEATH_CAUSES);
      const e = this.w.event('death', day, p, null, {
        cause,
        place: this.w.countyCode === '430623' || place === '家中' ? place : `${this.w.countyName}人民医院`,
      });
      p.status = 'dead';
      p.deathDay = day;
      this.w.mark(p, day, 'death', e);
      const s = p.spouse;
      if (s && p.marital === '20' && s.status === 'active') {
        s.marital = '30';
        this.w.mark(s, day, 'spouse_death', e);
      }
      if (p.hh.head === p) this.w.succeedHead(p.hh, day, e);
    }
    this.deathsByMonth.delete(key);
  }

  // --- births ------------------------------------------------------------------------------

  /**
   * Who gives birth this year: married women living with their husbands, weighted by age and
   * by the children they have, the weights scaled so the expected births match the year's rate.
   */
  private planBirths(
    year: number,
    yStart: number,
    yEnd: number,
    target: number,
    active: Person[],
    plan: MonthPlan[],
  ): void {
    const mid = (yStart + yEnd) / 2;
    const wives: Person[] = [];
    const weights: number[] = [];
    let total = 0;
    for (const m of active) {
      const h = m.spouse;
      if (m.sex !== 2 || m.marital !== '20' || h === null || h.status !== 'active' || h.hh !== m.hh) continue;
      if (m.marriageDay === null || m.marriageDay > yEnd - 240) continue;
      const f = fertilityByAge(Math.floor((mid - m.birth) / 365.2425));
      if (f === 0) continue;
      const since = m.lastBirth === null ? 999 : (mid - m.lastBirth) / 30.44;
      const weight = f * parityWeight(m.parity, m.firstIsGirl, year, since);
      if (weight <= 0) continue;
      wives.push(m);
      weights.push(weight);
      total += weight;
    }
    if (!total) return;
    // About 2% of planned births fall through (the mother died, moved or divorced first).
    const k = (1.02 * target) / total;
    const firstMonth = Number(fromDay(yStart).slice(5, 7));
    const lastMonth = Number(fromDay(yEnd).slice(5, 7));
    for (let i = 0; i < wives.length; i++) {
      if (!this.rng.chance(Math.min(MONTH_CAP, k * weights[i]!))) continue;
      const m = wives[i]!;
      // Not before 7 months after the wedding, nor 15 months after the last child.
      const earliest = Math.max(yStart, m.marriageDay! + 210, m.lastBirth === null ? 0 : m.lastBirth + 456);
      const from = Math.max(firstMonth, earliest > yEnd ? 13 : Number(fromDay(earliest).slice(5, 7)));
      if (from > lastMonth) continue;
      plan[this.rng.int(from, lastMonth) - 1]!.birth.push(m);
    }
  }

  private births(mStart: number, mEnd: number, mothers: Person[]): void {
    for (const m of mothers) {
      const h = m.spouse;
      if (m.status !== 'active' || m.marital !== '20' || h === null || h.status !== 'active' || h.hh !== m.hh) continue;
      const earliest = Math.max(mStart, m.marriageDay! + 210, m.lastBirth === null ? 0 : m.lastBirth + 456);
      const day = this.dayIn([m, h], earliest, mEnd);
      if (day !== null) this.birth(m, day);
    }
  }

  private birth(mother: Person, day: number): void {
    const rng = this.rng;
    const father = mother.spouse!;
    const sex: Sex = this.boySampled() ? 1 : 2;
    const hh = mother.hh;
    const viaDaughter =
      hh.head && mother.mother && (mother.mother === hh.head || mother.mother === hh.head.spouse) && mother.sex === 2;
    const surname =
      viaDaughter && rng.chance(0.5) ? mother.surname : rng.chance(0.96) ? father.surname : mother.surname;
    const child = this.w.newPerson(hh, sex, day, surname, {
      origin: 'birth',
      mother,
      father,
      residence: mother.residence,
    });
    child.rel = relationshipTo(child, hh.head ?? mother, hh.genericCodes);
    child.birthOrder = mother.children.length;
    if (mother.parity === 0) mother.firstIsGirl = sex === 2;
    mother.parity++;
    mother.lastBirth = day;
    const r = rng.float();
    const weeks =
      r < 0.05
        ? rng.int(34, 36)
        : r < 0.07
          ? 42
          : rng.weighted([
              [37, 8],
              [38, 20],
              [39, 32],
              [40, 28],
              [41, 12],
            ] as const);
    const mean: Record<number, number> = {
      34: 2300,
      35: 2500,
      36: 2750,
      37: 2950,
      38: 3150,
      39: 3300,
      40: 3400,
      41: 3480,
      42: 3520,
    };
    const grams =
      Math.round(Math.max(1600, Math.min(4700, rng.normal((mean[weeks] ?? 3300) + (sex === 1 ? 60 : -60), 360))) / 10) *
      10;
    const defect = rng.chance(this.params.birthDefectRate);
    const e = this.w.event('birth', day, child, mother, {
      weeks,
      grams,
      defect,
      defectDescription: defect ? rng.pick(DEFECTS) : null,
      hospital: this.w.countyCode === '430623' ? rng.weighted(HOSPITALS) : `${this.w.countyName}人民医院`,
    });
    this.w.mark(child, day, 'birth', e);
    const q0 = deathProbability(0, sex, new Date(day * 86_400_000).getUTCFullYear(), this.params.mortalityScale);
    if (rng.chance(q0)) this.schedule(child, day + 1 + Math.floor(364 * rng.float() ** 3));
  }

  // --- marriage and divorce ----------------------------------------------------------------

  private marriages(mStart: number, mEnd: number, planned: Person[]): void {
    const ready = planned.filter((p) => p.status === 'active' && p.marital !== '20');
    const brides = ready.filter((p) => p.sex === 2);
    const grooms = ready.filter((p) => p.sex === 1);
    const taken = new Set<Person>();
    for (const bride of brides) {
      const fits = (g: Person) =>
        !taken.has(g) &&
        g.hh !== bride.hh &&
        (g.mother === null || g.mother !== bride.mother) &&
        g.birth <= bride.birth + 3 * 365 &&
        g.birth >= bride.birth - 10 * 365;
      const town = bride.hh.village.townshipId;
      const local = this.rng.chance(0.6)
        ? (grooms.find((g) => g.hh.village.townshipId === town && fits(g)) ?? grooms.find(fits))
        : undefined;
      if (local) {
        taken.add(local);
        this.wed(local, bride, mStart, mEnd);
      } else if (this.rng.chance(0.8)) {
        // She marries outside the county and moves her hukou to her husband's place.
        const day = this.dayIn([bride], mStart, mEnd);
        if (day !== null) this.moveOut(bride, day, this.destination(true));
      } else {
        this.wed(bride, this.incomer(bride, mStart), mStart, mEnd);
      }
    }
    for (const groom of grooms) {
      if (taken.has(groom) || !this.rng.chance(0.7)) continue;
      this.wed(groom, this.incomer(groom, mStart), mStart, mEnd);
    }
  }

  /** A partner from outside the county (not yet in the registry) for `local`. */
  private incomer(local: Person, day: number): Person {
    const sex: Sex = local.sex === 1 ? 2 : 1;
    const gap = Math.max(-2, Math.min(8, Math.round(this.rng.normal(2.3, 2.2))));
    let birth = addYearsDay(local.birth, sex === 2 ? gap : -gap) + this.rng.int(-150, 150);
    birth = Math.min(birth, addYearsDay(day, sex === 2 ? -20 : -22) - 1);
    return { birth, sex, id: '', hh: local.hh } as Person;
  }

  /** `host` and `partner` marry; the couple lives in the host's household (or a new one). */
  private wed(host: Person, partner: Person, mStart: number, mEnd: number): void {
    const w = this.w;
    const incoming = partner.id === '';
    const day = this.dayIn(incoming ? [host] : [host, partner], mStart, mEnd);
    if (day === null) return;
    let hh = host.hh;
    const head = hh.head;
    const staysHome =
      head === host || (head !== null && (host.mother === head || host.father === head) && this.rng.chance(0.65));
    if (!staysHome) {
      const fresh = w.newHousehold(host.hh.village);
      this.rehouse(host, fresh, day);
      hh = fresh;
    }
    let p = partner;
    if (incoming) {
      const code = this.rng.pick(
        w.countyCode === '430623' ? NEIGHBOUR_ADDRESS_CODES : [w.countyCode.slice(0, 4) + '21'],
      );
      p = w.newPerson(hh, partner.sex, partner.birth, w.surname(), {
        origin: 'move_in',
        idAddress: code,
        ethnicity: this.rng.chance(0.006) ? '15' : '01',
      });
      w.marry(host, p, day);
      p.rel = relationshipTo(p, hh.head!, hh.genericCodes);
      p.marital = '10';
      p.spouse = null;
      const e = w.event('move_in', day, p, null, {
        fromPlace: this.origin(code),
        relationship: p.rel,
        householdId: hh.id,
        newHousehold: false,
      });
      w.mark(p, day, 'move_in', e);
      p.spouse = host;
      p.marital = '20';
    } else {
      this.rehouse(p, hh, day);
    }
    w.marry(host, p, day);
    p.rel = relationshipTo(p, hh.head!, hh.genericCodes);
    host.rel = relationshipTo(host, hh.head!, hh.genericCodes);
    const e = w.event('marriage', day, host, p);
    w.mark(host, day, 'marriage', e);
    w.mark(p, day, 'marriage', e);
  }

  private divorces(mStart: number, mEnd: number, planned: Person[]): void {
    for (const wife of planned) {
      if (wife.status !== 'active' || wife.marital !== '20' || !wife.spouse || wife.spouse.status !== 'active')
        continue;
      const husband = wife.spouse;
      const day = this.dayIn([wife, husband], mStart, mEnd);
      if (day === null) continue;
      const hh = wife.hh;
      // The partner who married into the household leaves it.
      const leaver =
        hh.head === husband ? wife : hh.head === wife ? husband : /^(28|46|10|11)$/.test(husband.rel) ? husband : wife;
      const stayer = leaver === wife ? husband : wife;
      for (const p of [wife, husband]) {
        p.spouse = null;
        p.marital = '40';
      }
      const e = this.w.event('divorce', day, stayer, leaver);
      stayer.rel = relationshipTo(stayer, hh.head ?? stayer, hh.genericCodes);
      this.w.mark(stayer, day, 'divorce', e);
      if (leaver.hh === hh && this.rng.chance(0.5)) {
        this.rehouse(leaver, this.w.newHousehold(hh.village), day);
      }
      this.w.mark(leaver, day, 'divorce', e);
      if (leaver.hh === hh && leaver.status === 'active') this.moveOut(leaver, day, this.destination(false));
    }
  }

  // --- migration ---------------------------------------------------------------------------

  private destination(marriage: boolean): string {
    if (marriage && this.rng.chance(0.5) && this.w.countyCode === '430623')
      return this.rng.pick([
        '湖南省岳阳县',
        '湖南省南县',
        '湖南省安乡县',
        '湖北省石首市',
        '湖北省监利市',
        '湖南省君山区',
      ]);
    return this.rng.weighted(DESTINATIONS);
  }

  private origin(code: string): string {
    const names: Record<string, string> = {
      '430621': '湖南省岳阳县',
      '430624': '湖南省湘阴县',
      '430681': '湖南省汨罗市',
      '430682': '湖南省临湘市',
      '430602': '湖南省岳阳市岳阳楼区',
      '430921': '湖南省南县',
      '430721': '湖南省安乡县',
      '421087': '湖北省松滋市',
      '421083': '湖北省洪湖市',
      '421023': '湖北省监利县',
    };
    return names[code] ?? '湖南省外县';
  }

  private moveOut(p: Person, day: number, destination: string): void {
    const e = this.w.event('move_out', day, p, null, { destination });
    p.status = 'moved_out';
    p.leftDay = day;
    this.w.mark(p, day, 'move_out', e);
    if (p.hh.head === p) this.w.succeedHead(p.hh, day, e);
  }

  private movesOut(mStart: number, mEnd: number, individuals: Person[], families: Person[]): void {
    for (const p of individuals) {
      if (p.status !== 'active' || p.marital === '20') continue;
      const day = this.dayIn([p], mStart, mEnd);
      if (day !== null) this.moveOut(p, day, this.destination(false));
    }
    for (const p of families) {
      if (p.status !== 'active' || p.marital !== '20' || p.spouse?.status !== 'active' || p.spouse.hh !== p.hh)
        continue;
      const family = [
        p,
        p.spouse,
        ...p.children.filter((c) => c.status === 'active' && c.hh === p.hh && approxAge(c.birth, mStart) < 18),
      ];
      const day = this.dayIn(family, mStart, mEnd);
      if (day === null) continue;
      const destination = this.destination(false);
      for (const m of family) this.moveOut(m, day, destination);
    }
  }

  /** Families buying a flat in the county seat or settling in a village. */
  private movesIn(mStart: number, mEnd: number, activeYear: number): void {
    const expected = ((FAMILY_MOVE_IN_PER_1000 / 1000) * activeYear * this.params.inMigrationScale) / 12;
    const n = Math.floor(expected) + (this.rng.chance(expected % 1) ? 1 : 0);
    const w = this.w;
    for (let i = 0; i < n; i++) {
      const village =
        w.seatUnits.length && this.rng.chance(0.6) ? this.rng.pick(w.seatUnits) : this.rng.pick(w.villages);
      const day = this.rng.int(mStart, mEnd);
      const code = this.rng.pick(
        w.countyCode === '430623' ? NEIGHBOUR_ADDRESS_CODES : [w.countyCode.slice(0, 4) + '02'],
      );
      const fromPlace = this.origin(code);
      const hh = w.newHousehold(village);
      const husbandBirth = addYearsDay(day, -this.rng.int(26, 45)) - this.rng.int(0, 364);
      const wifeBirth = addYearsDay(husbandBirth, this.rng.int(0, 4)) + this.rng.int(-150, 150);
      const husband = w.newPerson(hh, 1, husbandBirth, w.surname(), { origin: 'move_in', idAddress: code });
      hh.head = husband;
      husband.rel = '02';
      const wife = w.newPerson(hh, 2, wifeBirth, w.surname(), { origin: 'move_in', idAddress: code });
      w.marry(husband, wife, addYearsDay(wifeBirth, this.rng.int(22, 26)));
      if (wife.marriageDay! >= day) wife.marriageDay = husband.marriageDay = day - 400;
      const kids = this.rng.weighted([
        [0, 2],
        [1, 5],
        [2, 3],
      ] as const);
      let last = wife.marriageDay! + this.rng.int(300, 700);
      for (let k = 0; k < kids && last < day - 30; k++) {
        const sex: Sex = this.rng.chance(0.52) ? 1 : 2;
        const c = w.newPerson(hh, sex, last, husband.surname, {
          origin: 'move_in',
          idAddress: code,
          mother: wife,
          father: husband,
        });
        c.birthOrder = wife.children.length;
        if (wife.parity === 0) wife.firstIsGirl = sex === 2;
        wife.parity++;
        wife.lastBirth = last;
        last += this.rng.int(500, 2000);
      }
      for (const m of hh.members) {
        m.rel = relationshipTo(m, husband, hh.genericCodes);
        const e = w.event('move_in', day, m, null, {
          fromPlace,
          relationship: m.rel,
          householdId: hh.id,
          newHousehold: m === husband,
          address: hh.address,
          urban: hh.urban,
        });
        w.mark(m, day, 'move_in', e);
      }
    }
  }
}

type MonthPlan = { birth: Person[]; marry: Person[]; divorce: Person[]; moveOut: Person[]; familyOut: Person[] };

const monthKey = (day: number) => {
  const iso = fromDay(day);
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7));
};
