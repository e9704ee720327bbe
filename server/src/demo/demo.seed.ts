import { sql } from 'kysely';
import type { Db, DbOrTx } from '../db/database.js';
import type { NewPerson, ReportActionType, ReportStatus, ReportType } from '../db/schema.js';
import { newbornRelationship } from '../lib/codes.js';
import { makeIdNumber, maskIdNumber } from '../lib/idNumber.js';
import { namePinyin } from '../lib/pinyin.js';
import type { Sealer } from '../lib/sealing.js';
import { insertPersons, snapshotOf, type PersonSnapshot } from '../registry/person.repository.js';
import {
  DEATH_CAUSES,
  GIVEN_NAMES,
  HOSPITALS,
  NEIGHBOUR_ADDRESS_CODES,
  STREETS,
  SURNAMES,
  eraOf,
} from './names.js';

/**
 * The demo registry: a small county population that looks like 华容县 — an ageing rural
 * population (many aged 45–70, fewer aged 20–35 because the young leave), households of
 * grandparents, parents and children, births falling after the 2016 peak, deaths mostly among
 * the old — with the confirmed village reports and vital events that such a population would
 * have produced since 2015, plus a few reports still in the workflow.
 *
 * Everything is derived from `seed`: the same seed gives the same people, households, events
 * and ids (only the AES ciphertexts differ, their IVs are random). Nothing classifies a birth
 * by policy: births carry their order, nothing else.
 */
export type SeedDemoOptions = {
  seed?: number;
  /** About how many person rows to create (the living and those who died since 2015). */
  persons?: number;
  /** Village unit id → the id of that village's worker, who submits its reports. */
  reporterIds: Record<string, string>;
  countyCode?: string;
  /** The township officer who approves reports (default: the reporter). */
  reviewerId?: string;
  /** Township unit id → township officer; takes precedence over `reviewerId`. */
  reviewerIds?: Record<string, string>;
  /** The county user who confirms reports (default: the reviewer). */
  confirmerId?: string;
};

export type SeedDemoResult = { persons: number; households: number; events: number; reports: number };

/** Villages the demo scripts and tests report births in: they get ~100+ people and young couples. */
export const DEMO_VILLAGES = { xinpu: '430623101208', fuxing: '430623101213' } as const;

/** Confirmed events run to the end of October 2026; reports of them are confirmed by 2026-11-20. */
const WINDOW_START = '2015-01-01';
const EVENTS_END = '2026-10-31';
const LAST_REPORTED_ON = '2026-11-10';
const PRE_WINDOW_END = '2014-12-31';

/** Crude birth rate (‰) by year: the 2016 two-child peak, then the fall; 2024 was a dragon year. */
const BIRTH_RATE: Record<number, number> = {
  2015: 10.4, 2016: 11.6, 2017: 11.1, 2018: 9.6, 2019: 8.6, 2020: 7.6,
  2021: 6.8, 2022: 6.1, 2023: 5.6, 2024: 5.9, 2025: 5.3, 2026: 5.0,
};

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
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
  /** A random (version 4 shaped) uuid drawn from the seeded stream. */
  uuid(): string {
    let hex = '';
    for (let i = 0; i < 4; i++) hex += Math.floor(this.next() * 0x1_0000_0000).toString(16).padStart(8, '0');
    const variant = '89ab'[Math.floor(this.next() * 4)]!;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Calendar dates as 'YYYY-MM-DD' strings and day numbers

const DAY_MS = 86_400_000;
const toDay = (iso: string): number => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const fromDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const yearOf = (iso: string): number => Number(iso.slice(0, 4));
const addDays = (iso: string, days: number): string => fromDay(toDay(iso) + days);
const minDate = (a: string, b: string): string => (a < b ? a : b);
const maxDate = (a: string, b: string): string => (a > b ? a : b);

function addYears(iso: string, years: number): string {
  const md = iso.slice(5);
  const y = String(yearOf(iso) + years).padStart(4, '0');
  return md === '02-29' ? `${y}-03-01` : `${y}-${md}`;
}

/** Completed years of age on a date. */
function ageOn(birth: string, on: string): number {
  let age = yearOf(on) - yearOf(birth);
  if (on.slice(5) < birth.slice(5)) age--;
  return age;
}

const dateBetween = (rng: Rng, from: string, to: string): string => fromDay(rng.int(toDay(from), toDay(to)));
const dateInYear = (rng: Rng, year: number): string => dateBetween(rng, `${year}-01-01`, `${year}-12-31`);
/** A point in a China-time working day, as the instant it is. */
const workingTime = (rng: Rng, date: string): Date =>
  new Date(`${date}T${String(rng.int(8, 17)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}+08:00`);
const HOUR_MS = 3_600_000;

// ---------------------------------------------------------------------------------------------
// Mortality: yearly probability of dying at a given age (a Gompertz-Makeham curve close to the
// Chinese rural life table: about 0.35% at 50, 2% at 70, 6% at 80, 16% at 90; men above women).

function deathProbability(age: number, sex: Sex): number {
  if (age < 1) return 0.004;
  return Math.min(0.45, (0.0004 + 3.1e-5 * Math.exp(0.0946 * age)) * (sex === 1 ? 1.25 : 0.78));
}

/** Whether someone born on `birth` died between `from` and the end of 2014 (so is not in the registry). */
function diedBefore2015(rng: Rng, birth: string, sex: Sex, from: string): boolean {
  for (let y = Math.max(yearOf(from), yearOf(birth) + 1); y <= 2014; y++) {
    if (rng.chance(deathProbability(y - yearOf(birth), sex))) return true;
  }
  return false;
}

/** The death date of someone alive on 2015-01-01 (or from `from`), if they died by the end of the window. */
function deathInWindow(rng: Rng, birth: string, sex: Sex, from = WINDOW_START): string | null {
  const start = maxDate(maxDate(from, WINDOW_START), addDays(birth, 1));
  for (let y = yearOf(start); y <= yearOf(EVENTS_END); y++) {
    const yearStart = maxDate(start, `${y}-01-01`);
    const yearEnd = minDate(EVENTS_END, `${y}-12-31`);
    if (yearStart > yearEnd) continue;
    const share = (toDay(yearEnd) - toDay(yearStart) + 1) / 365;
    if (rng.chance(deathProbability(y - yearOf(birth), sex) * share)) return dateBetween(rng, yearStart, yearEnd);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The population in memory

type Sex = 1 | 2;
/** Kinship to the household's founding head; relationship codes are derived from it at the end. */
type Kin = 'head' | 'spouse' | 'child' | 'childSpouse' | 'grandchild' | 'parent';

type Village = {
  id: string;
  name: string;
  townshipId: string;
  townshipName: string;
  urban: boolean;
  groups: number[];
  target: number;
  count: number;
  households: number;
  houseNumbers: Map<string, number>;
};

type Person = {
  id: string;
  hh: Household;
  kin: Kin;
  /** For grandchildren: through a son ('son') or a daughter ('daughter'). */
  line: 'son' | 'daughter' | null;
  sex: Sex;
  birth: string;
  surname: string;
  given: string;
  ethnicity: string;
  residenceUnitId: string;
  mother: Person | null;
  father: Person | null;
  spouse: Person | null;
  /** Marital status apart from a spouse's death in the window: 10, 20, 30 or 40. */
  marital: '10' | '20' | '30' | '40';
  marriage: string | null;
  death: string | null;
  /** For people born outside the county: the day they were registered here (their marriage). */
  joined: string | null;
  idAddress: string;
  /** Recorded children (this person is their mother or father). */
  children: Person[];
  idNumber: string | null;
  birthOrder: number | null;
};

type ChildSlot = { birth: string; sex: Sex; person: Person | null };

type Household = {
  id: string;
  number: string;
  village: Village;
  address: string;
  urban: boolean;
  tujia: boolean;
  /** Some household books say 子/女, others 长子/次女. */
  genericCodes: boolean;
  members: Person[];
  head: Person;
  /** The founding head became the spouse's late husband (or wife): the spouse heads the household now. */
  headSucceeded: boolean;
  /** All children of the founding head, also those who left (they decide 独生子 vs 长子). */
  headChildren: ChildSlot[];
  residenceUnitId: string;
};

type EventRow = {
  id: string;
  type: ReportType;
  date: string;
  subject: Person;
  other: Person | null;
};

const HEAD_BIRTH_BANDS: ReadonlyArray<readonly [readonly [number, number], number]> = [
  [[1932, 1944], 0.55],
  [[1945, 1954], 1.6],
  [[1955, 1964], 2.7],
  [[1965, 1974], 2.4],
  [[1975, 1984], 1.45],
  [[1985, 1994], 0.9],
  [[1995, 2000], 0.2],
];

/** Units that are statistical stand-ins (farms, reservoirs, pumping stations) hold few people. */
const STAND_IN = /渔场|芦苇场|林场|电排站|水库|类似村|畜牧场|棉种场/;

class Generator {
  readonly persons: Person[] = [];
  readonly households: Household[] = [];
  private readonly idSeqs = new Map<string, Set<number>>();

  constructor(
    private readonly rng: Rng,
    private readonly countyCode: string,
    private readonly countyName: string,
    readonly villages: Village[],
    private readonly townSeatUnits: string[],
  ) {}

  // --- names -----------------------------------------------------------------------------------

  surname(): string {
    return this.rng.weighted(SURNAMES);
  }

  givenName(sex: Sex, birth: string, avoid: readonly string[] = []): string {
    const pool = GIVEN_NAMES[sex][eraOf(yearOf(birth))];
    let name = this.rng.pick(pool);
    for (let i = 0; i < 6 && avoid.includes(name); i++) name = this.rng.pick(pool);
    return name;
  }

  // --- persons ---------------------------------------------------------------------------------

  newPerson(hh: Household, kin: Kin, sex: Sex, birth: string, surname: string, extra: Partial<Person> = {}): Person {
    const p: Person = {
      id: this.rng.uuid(),
      hh,
      kin,
      line: null,
      sex,
      birth,
      surname,
      given: '',
      ethnicity: '01',
      residenceUnitId: hh.residenceUnitId,
      mother: null,
      father: null,
      spouse: null,
      marital: '10',
      marriage: null,
      death: null,
      joined: null,
      idAddress: this.countyCode,
      children: [],
      idNumber: null,
      birthOrder: null,
      ...extra,
    };
    const siblings = [p.mother, p.father].flatMap((x) => x?.children ?? []).map((c) => c.given);
    p.given = this.givenName(sex, birth, siblings);
    if (p.mother) p.mother.children.push(p);
    if (p.father) p.father.children.push(p);
    if (p.mother?.ethnicity === '15' || p.father?.ethnicity === '15' || ((kin === 'head' || kin === 'parent') && hh.tujia)) {
      p.ethnicity = '15';
    } else if ((kin === 'spouse' || kin === 'childSpouse') && this.rng.chance(0.006)) {
      p.ethnicity = '15';
    }
    // A few adults of working age live in another village or in the county seat.
    const age = ageOn(birth, EVENTS_END);
    if (p.residenceUnitId === hh.village.id && age >= 18 && age <= 50 && this.rng.chance(0.025)) {
      p.residenceUnitId = this.otherVillage(hh.village.id);
    }
    hh.members.push(p);
    this.persons.push(p);
    hh.village.count++;
    return p;
  }

  otherVillage(except: string): string {
    let v = this.rng.pick(this.villages).id;
    while (v === except) v = this.rng.pick(this.villages).id;
    return v;
  }

  marry(a: Person, b: Person, date: string): void {
    a.spouse = b;
    b.spouse = a;
    a.marital = b.marital = '20';
    a.marriage = b.marriage = date;
  }

  /** A spouse's birth date: wives are about two years younger than their husbands. */
  spouseBirth(partnerBirth: string, spouseSex: Sex): string {
    const gap = Math.max(-3, Math.min(9, Math.round(this.rng.normal(2, 2.2))));
    const days = this.rng.int(-180, 180);
    return addDays(addYears(partnerBirth, spouseSex === 2 ? gap : -gap), days);
  }

  /** When a couple married: the wife's age at marriage by her cohort, never below the legal ages. */
  marriageDate(wifeBirth: string, husbandBirth: string): string {
    const wy = yearOf(wifeBirth);
    const base = wy < 1960 ? 19 : wy < 1980 ? 20.5 : 22;
    const age = base + Math.abs(this.rng.normal(0, wy < 1960 ? 2 : 2.8));
    let date = addDays(wifeBirth, Math.round(age * 365.25));
    const legalHusband = addYears(husbandBirth, yearOf(date) >= 1981 ? 22 : 20);
    const legalWife = addYears(wifeBirth, yearOf(date) >= 1981 ? 20 : 18);
    date = maxDate(date, maxDate(legalHusband, legalWife));
    return date;
  }

  /**
   * The children a woman bore before 2015, from her marriage: family size by her cohort and
   * by the rules of the era (rural couples whose first child was a girl often had a second).
   */
  childrenBefore2015(motherBirth: string, marriage: string, urban: boolean): Array<{ birth: string; sex: Sex }> {
    const my = yearOf(motherBirth);
    const out: Array<{ birth: string; sex: Sex }> = [];
    const end = minDate(PRE_WINDOW_END, addYears(motherBirth, 42));
    let next = addDays(marriage, this.rng.int(290, 900));
    for (let k = 0; k < 7; k++) {
      if (next > end) break;
      let p: number;
      const firstGirl = out[0]?.sex === 2;
      if (my < 1945) p = [0.97, 0.93, 0.85, 0.7, 0.5, 0.3, 0.15][k]!;
      else if (my < 1955) p = [0.97, 0.9, 0.7, 0.4, 0.15, 0.05, 0][k]!;
      else if (my < 1965) p = urban ? [0.95, 0.2, 0.02, 0, 0, 0, 0][k]! : [0.96, 0.85, 0.3, 0.08, 0.02, 0, 0][k]!;
      else if (urban) p = [0.93, 0.08, 0.01, 0, 0, 0, 0][k]!;
      else p = [0.95, firstGirl ? 0.75 : 0.25, 0.06, 0.01, 0, 0, 0][k]!;
      if (!this.rng.chance(p)) break;
      const by = yearOf(next);
      const pMale = by < 1980 ? 0.515 : by < 1990 ? 0.53 : by < 2010 ? 0.545 : 0.53;
      out.push({ birth: next, sex: this.rng.chance(pMale) ? 1 : 2 });
      next = addDays(next, this.rng.int(600, 2100));
    }
    return out;
  }

  /** Adds a woman's (or a couple's) children born before 2015 to the household, as far as they still live there. */
  addChildren(
    hh: Household,
    kin: 'child' | 'grandchild',
    line: 'son' | 'daughter' | null,
    mother: Person | null,
    father: Person | null,
    births: Array<{ birth: string; sex: Sex }>,
    surnameOf: () => string,
    slots: ChildSlot[] | null,
  ): Person[] {
    const present: Person[] = [];
    for (const b of births) {
      const age = ageOn(b.birth, EVENTS_END);
      let stays: boolean;
      let married = false;
      if (age < 18) stays = this.rng.chance(0.97);
      else {
        married = this.rng.chance(marriedShare(age, b.sex));
        if (kin === 'grandchild') stays = !married && this.rng.chance(0.5);
        // Students and young workers mostly keep their hukou at home; many who settle in cities move it.
        else if (b.sex === 1) stays = married ? this.rng.chance(yearOf(hh.head.birth) < 1955 ? 0.3 : 0.5) : this.rng.chance(age < 25 ? 0.72 : age < 30 ? 0.6 : 0.85);
        else stays = married ? this.rng.chance(0.08) : this.rng.chance(age < 25 ? 0.65 : 0.45);
      }
      const slot: ChildSlot = { birth: b.birth, sex: b.sex, person: null };
      slots?.push(slot);
      if (!stays) continue;
      const child = this.newPerson(hh, kin, b.sex, b.birth, surnameOf(), { mother, father, line });
      slot.person = child;
      present.push(child);
      if (married && kin === 'child') this.addChildFamily(hh, child);
    }
    return present;
  }

  /** A married son (with his wife) or daughter (with her husband, 上门女婿) living with the head. */
  addChildFamily(hh: Household, child: Person): void {
    const partnerSex: Sex = child.sex === 1 ? 2 : 1;
    const partnerBirth = this.spouseBirth(child.birth, partnerSex);
    const wifeBirth = child.sex === 2 ? child.birth : partnerBirth;
    const husbandBirth = child.sex === 1 ? child.birth : partnerBirth;
    const marriage = this.marriageDate(wifeBirth, husbandBirth);
    if (marriage > EVENTS_END || marriage < addYears(child.birth, 18)) return;
    if (diedBefore2015(this.rng, partnerBirth, partnerSex, marriage)) {
      child.marital = '30';
      return;
    }
    if (this.rng.chance(0.03)) {
      child.marital = '40';
      return;
    }
    const outside = this.rng.chance(child.sex === 1 ? 0.22 : 0.3);
    const partner = this.newPerson(hh, 'childSpouse', partnerSex, partnerBirth, this.surname(), {
      joined: outside ? marriage : null,
      idAddress: outside ? this.outsideAddress() : this.countyCode,
    });
    this.marry(child, partner, marriage);
    const wife = child.sex === 2 ? child : partner;
    const husband = child.sex === 1 ? child : partner;
    const births = marriage <= PRE_WINDOW_END ? this.childrenBefore2015(wife.birth, marriage, hh.urban) : [];
    const line = child.sex === 1 ? 'son' : 'daughter';
    // Children of a 上门女婿 often take their mother's surname.
    const surname = child.sex === 2 && this.rng.chance(0.6) ? wife.surname : husband.surname;
    this.addChildren(hh, 'grandchild', line, wife, husband, births, () => surname, null);
  }

  outsideAddress(): string {
    return this.countyCode === '430623' ? this.rng.pick(NEIGHBOUR_ADDRESS_CODES) : this.countyCode;
  }

  address(village: Village): string {
    const township = village.townshipName;
    if (village.urban) {
      const street = this.rng.pick(STREETS);
      const key = street;
      const n = (village.houseNumbers.get(key) ?? 0) + this.rng.int(1, 6);
      village.houseNumbers.set(key, n);
      return `${this.countyName}${township}${village.name}${street}${n}号`;
    }
    const group = this.rng.pick(village.groups);
    const key = String(group);
    const n = (village.houseNumbers.get(key) ?? 0) + this.rng.int(1, 3);
    village.houseNumbers.set(key, n);
    return `${this.countyName}${township}${village.name}${group}组${n}号`;
  }

  // --- households ------------------------------------------------------------------------------

  household(village: Village, young: boolean): Household {
    const rng = this.rng;
    const seq = ++village.households;
    const movedToTown = rng.chance(0.02) && this.townSeatUnits.length > 1;
    const hh: Household = {
      id: rng.uuid(),
      number: `${village.id}${String(seq).padStart(4, '0')}`,
      village,
      address: this.address(village),
      urban: village.urban,
      tujia: rng.chance(0.012),
      genericCodes: rng.chance(0.35),
      members: [],
      head: undefined as unknown as Person, // set below, once the head's parents exist
      headSucceeded: false,
      headChildren: [],
      residenceUnitId: movedToTown ? rng.pick(this.townSeatUnits.filter((u) => u !== village.id)) : village.id,
    };
    this.households.push(hh);

    const [from, to] = young ? ([1988, 1996] as const) : rng.weighted(HEAD_BIRTH_BANDS);
    const headBirth = dateInYear(rng, rng.int(from, to));
    // Among the oldest, the head is often a widow.
    const headSex: Sex = young || rng.chance(yearOf(headBirth) < 1945 ? 0.6 : yearOf(headBirth) < 1955 ? 0.82 : 0.94) ? 1 : 2;
    const surname = this.surname();

    // Parents of a younger head often live with him (三代同堂).
    let father: Person | null = null;
    let mother: Person | null = null;
    if (yearOf(headBirth) >= 1956 && rng.chance(young ? 0.55 : 0.3)) {
      const fatherBirth = addDays(addYears(headBirth, -rng.int(24, 32)), rng.int(-180, 180));
      let motherBirth = this.spouseBirth(fatherBirth, 2);
      if (motherBirth > addYears(headBirth, -19)) motherBirth = addDays(addYears(headBirth, -19), -rng.int(0, 700));
      const parentsMarried = minDate(this.marriageDate(motherBirth, fatherBirth), addDays(headBirth, -rng.int(300, 1500)));
      const fatherRecorded = !diedBefore2015(rng, fatherBirth, 1, headBirth);
      const motherRecorded = !diedBefore2015(rng, motherBirth, 2, headBirth);
      if (fatherRecorded) father = this.newPerson(hh, 'parent', 1, fatherBirth, surname);
      if (motherRecorded) mother = this.newPerson(hh, 'parent', 2, motherBirth, this.surname());
      if (father && mother) this.marry(father, mother, parentsMarried);
      else if (father) father.marital = '30';
      else if (mother) mother.marital = '30';
    }
    const head = this.newPerson(hh, 'head', headSex, headBirth, surname, { mother, father });
    hh.head = head;

    const headAge = ageOn(headBirth, EVENTS_END);
    const neverMarried = !young && rng.chance(headSex === 1 ? (yearOf(headBirth) >= 1965 ? 0.06 : 0.03) : 0.01);
    if (neverMarried) return hh;

    const spouseSex: Sex = headSex === 1 ? 2 : 1;
    const spouseBirth = young ? addDays(addYears(headBirth, rng.int(0, 4)), rng.int(-150, 150)) : this.spouseBirth(headBirth, spouseSex);
    const wifeBirth = headSex === 2 ? headBirth : spouseBirth;
    const husbandBirth = headSex === 1 ? headBirth : spouseBirth;
    let marriage = this.marriageDate(wifeBirth, husbandBirth);
    // The young couples of the demo villages married between 2012 and mid-2023.
    if (young && (marriage > '2023-06-30' || marriage < '2012-01-01')) {
      const earliest = maxDate('2012-01-01', maxDate(addYears(husbandBirth, 22), addYears(wifeBirth, 20)));
      marriage = dateBetween(rng, earliest, maxDate(earliest, '2023-06-30'));
    }
    if (marriage > EVENTS_END) return hh;

    const divorced = !young && headAge >= 30 && headAge <= 65 && rng.chance(0.035);
    let spouse: Person | null = null;
    if (divorced) {
      head.marital = '40';
    } else if (!young && diedBefore2015(rng, spouseBirth, spouseSex, marriage)) {
      head.marital = '30';
    } else {
      const outside = rng.chance(headSex === 1 ? 0.22 : 0.3);
      spouse = this.newPerson(hh, 'spouse', spouseSex, spouseBirth, this.surname(), {
        joined: outside ? marriage : null,
        idAddress: outside ? this.outsideAddress() : this.countyCode,
      });
      this.marry(head, spouse, marriage);
    }

    const wife = headSex === 2 ? head : spouse;
    const husband = headSex === 1 ? head : spouse;
    const births = marriage <= PRE_WINDOW_END ? this.childrenBefore2015(wifeBirth, marriage, hh.urban) : [];
    const childSurname = headSex === 1 || !husband ? surname : rng.chance(0.85) ? husband.surname : surname;
    this.addChildren(hh, 'child', null, wife, husband, births, () => childSurname, hh.headChildren);

    // The founding head may have died since 2015; the surviving spouse heads the household then.
    if (spouse) {
      const headDeath = deathInWindow(rng, headBirth, headSex);
      const spouseDeath = deathInWindow(rng, spouseBirth, spouseSex, marriage);
      if (headDeath && !spouseDeath) {
        head.death = headDeath;
        hh.head = spouse;
        hh.headSucceeded = true;
      } else {
        spouse.death = spouseDeath;
      }
    }
    return hh;
  }

  /** Deaths since 2015 of everyone but the current head (decided for heads in `household`). */
  applyDeaths(): void {
    for (const p of this.persons) {
      if (p === p.hh.head || p.kin === 'head' || p.kin === 'spouse') continue;
      p.death = deathInWindow(this.rng, p.birth, p.sex, p.joined ?? WINDOW_START);
    }
  }

  // --- births since 2015 -----------------------------------------------------------------------

  activeOn(date: string): number {
    let n = 0;
    for (const p of this.persons) {
      if (p.birth <= date && (!p.death || p.death > date) && (!p.joined || p.joined <= date)) n++;
    }
    return n;
  }

  /** The days in [from, to] on which this woman could give birth, or null. */
  birthWindow(w: Person, from: string, to: string): [string, string] | null {
    const h = w.spouse;
    if (!h || !w.marriage) return null;
    let start = maxDate(from, addDays(w.marriage, 270));
    start = maxDate(start, addYears(w.birth, 19));
    const last = w.children.reduce<string | null>((m, c) => (m && m > c.birth ? m : c.birth), null);
    if (last) start = maxDate(start, addDays(last, 456));
    let end = minDate(to, addYears(w.birth, 46));
    if (w.death) end = minDate(end, addDays(w.death, -1));
    if (h.death) end = minDate(end, addDays(h.death, -1));
    return start <= end ? [start, end] : null;
  }

  simulateBirths(): void {
    const rng = this.rng;
    const women = this.persons.filter((p) => p.sex === 2 && p.spouse && p.spouse.hh === p.hh && p.kin !== 'parent');
    let births = 0;
    let males = 0;
    for (let y = 2015; y <= 2026; y++) {
      const from = `${y}-01-01`;
      const to = minDate(`${y}-12-31`, EVENTS_END);
      const days = toDay(to) - toDay(from) + 1;
      const population = this.activeOn(fromDay(toDay(from) + Math.floor(days / 2)));
      const expected = ((BIRTH_RATE[y] ?? 6) / 1000) * population * (days / 365);
      const n = Math.floor(expected) + (rng.chance(expected % 1) ? 1 : 0);
      const keyed: Array<{ w: Person; win: [string, string]; key: number }> = [];
      for (const w of women) {
        const win = this.birthWindow(w, from, to);
        if (!win) continue;
        const age = ageOn(w.birth, fromDay(toDay(from) + Math.floor(days / 2)));
        const weight = fertility(age) * parityFactor(w, y) * ((toDay(win[1]) - toDay(win[0]) + 1) / days);
        if (weight <= 0) continue;
        keyed.push({ w, win, key: Math.log(1 - rng.float()) / weight }); // Efraimidis–Spirakis
      }
      keyed.sort((a, b) => b.key - a.key);
      for (const { w, win } of keyed.slice(0, n)) {
        const birth = dateBetween(rng, win[0], win[1]);
        // Steered towards a sex ratio at birth of about 106 (what the county reports), with noise.
        const pMale = Math.min(0.8, Math.max(0.2, 0.515 + 0.08 * (0.515 * births - males)));
        const sex: Sex = rng.chance(pMale) ? 1 : 2;
        births++;
        if (sex === 1) males++;
        this.addNewborn(w, birth, sex);
      }
    }
  }

  addNewborn(mother: Person, birth: string, sex: Sex): Person {
    const father = mother.spouse!;
    const hh = mother.hh;
    const rel = newbornRelationship(sex, relationshipOf(mother), relationshipOf(father));
    const kin: Kin = rel === '20' || rel === '30' ? 'child' : 'grandchild';
    const line = rel === '41' || rel === '42' ? 'son' : rel === '43' || rel === '44' ? 'daughter' : null;
    const surname = line === 'daughter' && this.rng.chance(0.5) ? mother.surname : this.rng.chance(0.96) ? father.surname : mother.surname;
    const child = this.newPerson(hh, kin, sex, birth, surname, { mother, father, line, residenceUnitId: mother.residenceUnitId });
    if (kin === 'child') hh.headChildren.push({ birth, sex, person: child });
    return child;
  }

  // --- finishing -------------------------------------------------------------------------------

  finish(): void {
    for (const p of this.persons) {
      if (p.sex === 2 && p.children.length) {
        [...p.children].sort((a, b) => (a.birth < b.birth ? -1 : a.birth > b.birth ? 1 : 0)).forEach((c, i) => (c.birthOrder = i + 1));
      }
    }
    for (const p of this.persons) p.idNumber = this.idNumberFor(p);
  }

  idNumberFor(p: Person): string | null {
    // Babies get their number when the parents register the hukou, often months later.
    const ageDays = toDay(EVENTS_END) - toDay(p.birth);
    if (ageDays < 183 && this.rng.chance(0.6)) return null;
    if (ageDays < 365 && this.rng.chance(0.25)) return null;
    const key = `${p.idAddress}${p.birth}`;
    let used = this.idSeqs.get(key);
    if (!used) this.idSeqs.set(key, (used = new Set()));
    let seq = this.rng.int(0, 498) * 2 + (p.sex === 1 ? 1 : 2);
    while (used.has(seq)) seq = this.rng.int(0, 498) * 2 + (p.sex === 1 ? 1 : 2);
    used.add(seq);
    return makeIdNumber(p.idAddress, p.birth, seq);
  }
}

function marriedShare(age: number, sex: Sex): number {
  if (sex === 1) return age < 22 ? 0 : age < 25 ? 0.2 : age < 28 ? 0.45 : age < 31 ? 0.65 : age < 36 ? 0.8 : age < 46 ? 0.88 : 0.92;
  return age < 20 ? 0 : age < 23 ? 0.2 : age < 26 ? 0.5 : age < 29 ? 0.75 : age < 33 ? 0.87 : 0.93;
}

/** Relative fertility by age (the shape of China's age-specific fertility in the 2010s). */
function fertility(age: number): number {
  if (age < 19) return 0;
  if (age < 20) return 0.15;
  if (age < 25) return 0.75;
  if (age < 30) return 1;
  if (age < 35) return 0.7;
  if (age < 40) return 0.3;
  if (age < 45) return 0.06;
  return 0.01;
}

/** How likely a woman with this many children has another in year `y`. */
function parityFactor(w: Person, y: number): number {
  const parity = w.children.length;
  if (parity === 0) return 1.3;
  if (parity === 1) return y >= 2016 ? 0.5 : w.children[0]!.sex === 2 ? 0.45 : 0.12;
  if (parity === 2) return y >= 2021 ? 0.07 : 0.035;
  return 0.01;
}

/** GB/T 4761 relationship to the current head. */
function relationshipOf(p: Person): string {
  const hh = p.hh;
  const succeeded = hh.headSucceeded;
  switch (p.kin) {
    case 'head':
      if (!succeeded) return '02';
      return p.sex === 1 ? '11' : '12';
    case 'spouse':
      if (succeeded) return '02';
      return p.sex === 2 ? (hh.genericCodes ? '10' : '12') : hh.genericCodes ? '10' : '11';
    case 'parent':
      if (!succeeded) return p.sex === 1 ? '51' : '52';
      return hh.head.sex === 2 ? (p.sex === 1 ? '53' : '54') : p.sex === 1 ? '55' : '56';
    case 'childSpouse':
      return p.sex === 2 ? '38' : '28';
    case 'grandchild':
      return p.line === 'daughter' ? (p.sex === 1 ? '43' : '44') : p.sex === 1 ? '41' : '42';
    case 'child': {
      if (hh.genericCodes) return p.sex === 1 ? '20' : '30';
      const all = hh.headChildren;
      if (all.length === 1) return p.sex === 1 ? '21' : '31';
      const sameSex = all.filter((c) => c.sex === p.sex).sort((a, b) => (a.birth < b.birth ? -1 : 1));
      const rank = sameSex.findIndex((c) => c.person === p) + 1;
      if (rank < 1 || rank > 5) return p.sex === 1 ? '29' : '39';
      return String((p.sex === 1 ? 21 : 31) + rank);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reports and events

type ReportRowOut = {
  id: string;
  countyCode: string;
  type: ReportType;
  status: ReportStatus;
  unitId: string;
  subjectPersonId: string | null;
  eventDate: string;
  reportedAt: Date;
  reportedOn: string;
  payload: string;
  summary: string;
  reporterId: string;
  resultPersonId: string | null;
  version: number;
  updatedAt: Date;
};
type ActionRowOut = {
  reportId: string;
  at: Date;
  userId: string;
  action: ReportActionType;
  fromStatus: ReportStatus | null;
  toStatus: ReportStatus;
  reason: string | null;
};
type VitalRowOut = {
  id: string;
  countyCode: string;
  type: ReportType;
  eventDate: string;
  unitId: string;
  personId: string;
  otherPersonId: string | null;
  reportId: string | null;
  reportedOn: string | null;
  confirmedAt: Date;
  childSex: number | null;
  birthOrder: number | null;
  birthWeightG: number | null;
  gestationalWeeks: number | null;
  hasDefect: boolean | null;
  motherAge: number | null;
  details: string;
};

const fullName = (p: Person) => p.surname + p.given;
const DEFECTS = ['先天性心脏病', '唇腭裂', '多指（趾）', '先天性脑积水', '马蹄内翻足'];
const sexWord = (s: Sex) => (s === 1 ? '男' : '女');

function birthParticulars(rng: Rng, sex: Sex) {
  const r = rng.float();
  const weeks = r < 0.05 ? rng.int(34, 36) : r < 0.07 ? 42 : rng.weighted([[37, 8], [38, 20], [39, 32], [40, 28], [41, 12]] as const);
  const mean: Record<number, number> = { 34: 2300, 35: 2500, 36: 2750, 37: 2950, 38: 3150, 39: 3300, 40: 3400, 41: 3480, 42: 3520 };
  const grams = Math.round(Math.max(1600, Math.min(4700, rng.normal((mean[weeks] ?? 3300) + (sex === 1 ? 60 : -60), 360))) / 10) * 10;
  const defect = rng.chance(0.0008);
  return { weeks, grams, defect, defectDescription: defect ? rng.pick(DEFECTS) : undefined, hospital: rng.weighted(HOSPITALS) };
}

// ---------------------------------------------------------------------------------------------

/**
 * Fills an empty registry with the demo population, its households, confirmed vital events
 * since 2015 with the village reports they came from, and a few reports still in the workflow
 * (in 新铺村: two births awaiting the township, a death awaiting the county, one returned).
 *
 * Preconditions: migrations ran; the county's org units (villages and their groups) exist;
 * `reporterIds` names a village worker for every village. All in one transaction.
 * @throws Error when a village has no reporter or the county has no villages
 */
export async function seedDemoRegistry(db: Db, sealer: Sealer, opts: SeedDemoOptions): Promise<SeedDemoResult> {
  const countyCode = opts.countyCode ?? '430623';
  const target = opts.persons ?? 4000;
  const rng = new Rng(opts.seed ?? 2017);

  return db.transaction().execute(async (tx) => {
    const gen = await loadCounty(tx, rng, countyCode, target);
    for (const v of gen.villages) {
      if (!opts.reporterIds[v.id]) throw new Error(`村 ${v.name} (${v.id}) 没有村计生专干账号 (no reporter for the village)`);
    }

    // Households village by village; the two demo villages start with young families.
    for (const v of gen.villages) {
      const special = v.id === DEMO_VILLAGES.xinpu || v.id === DEMO_VILLAGES.fuxing;
      let n = 0;
      while (v.count < v.target - 1.5 || n === 0) {
        gen.household(v, special && n < 5);
        n++;
      }
    }
    gen.applyDeaths();
    gen.simulateBirths();
    gen.finish();

    const confirmerFor = (v: Village) => opts.confirmerId ?? reviewerFor(v);
    const reviewerFor = (v: Village) => opts.reviewerIds?.[v.townshipId] ?? opts.reviewerId ?? opts.reporterIds[v.id]!;

    // --- confirmed events and their reports --------------------------------------------------
    const events: EventRow[] = [];
    for (const p of gen.persons) {
      if (p.birth >= WINDOW_START) events.push({ id: rng.uuid(), type: 'birth', date: p.birth, subject: p, other: p.mother });
      if (p.death) events.push({ id: rng.uuid(), type: 'death', date: p.death, subject: p, other: null });
      if (p.sex === 2 && p.spouse && p.marriage && p.marriage >= WINDOW_START && p.spouse.hh === p.hh) {
        events.push({ id: rng.uuid(), type: 'marriage', date: p.marriage, subject: p.joined || p.kin === 'childSpouse' || p.kin === 'spouse' ? p : p.spouse, other: p.joined || p.kin === 'childSpouse' || p.kin === 'spouse' ? p.spouse : p });
      }
    }
    events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));

    const reports: ReportRowOut[] = [];
    const actions: ActionRowOut[] = [];
    const vitals: VitalRowOut[] = [];
    const birthEventOf = new Map<Person, string>();
    const deathEventOf = new Map<Person, string>();
    const marriageEventOf = new Map<Person, string>();

    for (const e of events) {
      const v = e.subject.hh.village;
      const reporterId = opts.reporterIds[v.id]!;
      const reportId = rng.uuid();
      const y = yearOf(e.date);
      const timely = rng.chance(Math.min(0.97, 0.72 + 0.022 * (y - 2015)));
      let reportedOn = addDays(e.date, timely ? rng.int(3, 30) : rng.int(31, 40));
      if (reportedOn > LAST_REPORTED_ON) reportedOn = maxDate(addDays(e.date, 1), LAST_REPORTED_ON);
      const reportedAt = workingTime(rng, reportedOn);
      const approvedAt = new Date(reportedAt.getTime() + rng.int(2, 96) * HOUR_MS);
      const confirmedAt = new Date(approvedAt.getTime() + rng.int(1, 120) * HOUR_MS);
      const p = e.subject;
      let payload: unknown;
      let summary: string;
      let vital: Partial<VitalRowOut> = {};
      let details: unknown = {};
      if (e.type === 'birth') {
        const mother = p.mother!;
        const b = birthParticulars(rng, p.sex);
        payload = {
          motherId: mother.id,
          fatherId: p.father?.id ?? null,
          child: { name: fullName(p), sex: p.sex },
          weightGrams: b.grams,
          gestationalWeeks: b.weeks,
          place: 'hospital',
          hospitalName: b.hospital,
          defect: b.defect,
          ...(b.defect ? { defectDescription: b.defectDescription } : {}),
        };
        summary = `出生：${fullName(p)}（${sexWord(p.sex)}），母亲 ${fullName(mother)}${p.father ? `，父亲 ${fullName(p.father)}` : ''}`;
        vital = {
          otherPersonId: mother.id,
          childSex: p.sex,
          birthOrder: p.birthOrder,
          birthWeightG: b.grams,
          gestationalWeeks: b.weeks,
          hasDefect: b.defect,
          motherAge: ageOn(mother.birth, e.date),
        };
        details = { place: 'hospital', hospitalName: b.hospital, defectDescription: b.defectDescription ?? null, fatherId: p.father?.id ?? null };
        birthEventOf.set(p, e.id);
      } else if (e.type === 'death') {
        const age = ageOn(p.birth, e.date);
        const place = rng.chance(age >= 65 ? 0.7 : 0.4) ? '家中' : rng.chance(0.7) ? '华容县人民医院' : `${v.townshipName}卫生院`;
        const cause = age < 45 && rng.chance(0.4) ? '意外伤害' : rng.weighted(DEATH_CAUSES);
        payload = { personId: p.id, cause, place };
        summary = `死亡：${fullName(p)}（${sexWord(p.sex)}，${p.birth} 生）`;
        details = { place, cause };
        deathEventOf.set(p, e.id);
      } else {
        const other = e.other!;
        payload = { personId: p.id, spouseId: other.id };
        summary = `结婚：${fullName(p)} 与 ${fullName(other)}`;
        vital = { otherPersonId: other.id };
        marriageEventOf.set(p, e.id);
        marriageEventOf.set(other, e.id);
      }
      reports.push({
        id: reportId,
        countyCode,
        type: e.type,
        status: 'confirmed',
        unitId: v.id,
        subjectPersonId: e.type === 'birth' ? p.mother!.id : p.id,
        eventDate: e.date,
        reportedAt,
        reportedOn,
        payload: JSON.stringify(payload),
        summary,
        reporterId,
        resultPersonId: p.id,
        version: 3,
        updatedAt: confirmedAt,
      });
      const reviewer = reviewerFor(v);
      actions.push(
        { reportId, at: reportedAt, userId: reporterId, action: 'submit', fromStatus: null, toStatus: 'submitted', reason: null },
        { reportId, at: approvedAt, userId: reviewer, action: 'approve', fromStatus: 'submitted', toStatus: 'township_approved', reason: null },
        { reportId, at: confirmedAt, userId: confirmerFor(v), action: 'confirm', fromStatus: 'township_approved', toStatus: 'confirmed', reason: null },
      );
      vitals.push({
        id: e.id,
        countyCode,
        type: e.type,
        eventDate: e.date,
        unitId: v.id,
        personId: p.id,
        otherPersonId: null,
        reportId,
        reportedOn,
        confirmedAt,
        childSex: null,
        birthOrder: null,
        birthWeightG: null,
        gestationalWeeks: null,
        hasDefect: null,
        motherAge: null,
        ...vital,
        details: JSON.stringify(details),
      });
    }

    // --- reports still in the workflow (新铺村) ----------------------------------------------
    pendingReports(gen, rng, countyCode, opts, reviewerFor, reports, actions);

    // --- writing -----------------------------------------------------------------------------
    for (let i = 0; i < gen.households.length; i += 500) {
      await tx
        .insertInto('household')
        .values(
          gen.households.slice(i, i + 500).map((h) => ({
            id: h.id,
            countyCode,
            householdNumber: h.number,
            unitId: h.village.id,
            address: h.address,
            hukouType: h.urban ? ('urban' as const) : ('rural' as const),
          })),
        )
        .execute();
    }

    // Each person goes in as they were before any death since 2015 touched them; deaths and
    // widowhood follow as changes with their own history rows (as confirming a death report
    // writes them), so "who was alive on date D" has the right answer. Family links stay inside a household, and a household never
    // straddles two insert statements, so the foreign keys hold statement by statement.
    type Change = { date: string; kind: 'spouse_death' | 'death'; eventId: string };
    const changes = new Map<Person, Change[]>();
    const addChange = (p: Person, c: Change) => changes.set(p, [...(changes.get(p) ?? []), c]);
    for (const p of gen.persons) {
      if (!p.death) continue;
      addChange(p, { date: p.death, kind: 'death', eventId: deathEventOf.get(p)! });
      const s = p.spouse;
      if (s && s.marital === '20' && (!s.death || s.death > p.death)) addChange(s, { date: p.death, kind: 'spouse_death', eventId: deathEventOf.get(p)! });
    }

    const rows = new Map<Person, NewPerson>();
    for (const p of gen.persons) {
      const { full, initials } = namePinyin(fullName(p));
      rows.set(p, {
        id: p.id,
        countyCode,
        idNumberSealed: p.idNumber ? sealer.seal(p.idNumber) : null,
        idNumberHash: p.idNumber ? sealer.lookupHash(p.idNumber) : null,
        idNumberMasked: p.idNumber ? maskIdNumber(p.idNumber) : null,
        name: fullName(p),
        namePinyin: full,
        nameInitials: initials,
        sex: p.sex,
        birthDate: p.birth,
        ethnicity: p.ethnicity,
        hukouType: p.hh.urban ? 'urban' : 'rural',
        hukouUnitId: p.hh.village.id,
        residenceUnitId: p.residenceUnitId,
        householdId: p.hh.id,
        relationship: relationshipOf(p),
        motherId: p.mother?.id ?? null,
        fatherId: p.father?.id ?? null,
        spouseId: p.spouse?.id ?? null,
        maritalStatus: p.marital,
        birthOrder: p.birthOrder,
        status: 'active',
        deathDate: null,
        leftDate: null,
      });
    }

    let batch: Array<NewPerson & { history: { validFrom: string; change: string; eventId: string | null } }> = [];
    const flush = async () => {
      if (batch.length) await insertPersons(tx, batch);
      batch = [];
    };
    for (const h of gen.households) {
      if (batch.length + h.members.length > 500) await flush();
      for (const p of h.members) {
        const joinedByMarriage = p.joined !== null;
        batch.push({
          ...rows.get(p)!,
          history: {
            validFrom: joinedByMarriage ? p.joined! : p.birth,
            change: 'demo',
            eventId: p.birth >= WINDOW_START ? birthEventOf.get(p)! : joinedByMarriage ? (marriageEventOf.get(p) ?? null) : null,
          },
        });
      }
    }
    await flush();

    const updates: Array<{ id: string; status: 'active' | 'dead'; deathDate: string | null; marital: string; spouseId: string | null; version: number }> = [];
    const history: Array<{ personId: string; countyCode: string; validFrom: string; eventId: string; change: string; snapshot: string }> = [];
    for (const [p, list] of changes) {
      list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.kind === 'spouse_death' ? -1 : 1));
      const state = { ...rows.get(p)! };
      for (const c of list) {
        if (c.kind === 'spouse_death') {
          // Widowhood keeps the link to the late spouse, as confirming a death report does.
          state.maritalStatus = '30';
        } else {
          state.status = 'dead';
          state.deathDate = c.date;
        }
        history.push({
          personId: p.id,
          countyCode,
          validFrom: c.date,
          eventId: c.eventId,
          change: c.kind,
          snapshot: JSON.stringify(snapshotOf(state as unknown as PersonSnapshot)),
        });
      }
      updates.push({
        id: p.id,
        status: state.status === 'dead' ? 'dead' : 'active',
        deathDate: state.deathDate ?? null,
        marital: state.maritalStatus ?? '10',
        spouseId: state.spouseId ?? null,
        version: 1 + list.length,
      });
    }
    for (let i = 0; i < updates.length; i += 500) {
      const values = updates
        .slice(i, i + 500)
        .map((u) => sql`(${u.id}::uuid, ${u.status}, ${u.deathDate}::date, ${u.marital}, ${u.spouseId}::uuid, ${u.version}::int)`);
      await sql`UPDATE person AS p
        SET status = v.status, death_date = v.death_date, marital_status = v.marital_status,
            spouse_id = v.spouse_id, version = v.version
        FROM (VALUES ${sql.join(values)}) AS v(id, status, death_date, marital_status, spouse_id, version)
        WHERE p.id = v.id`.execute(tx);
    }
    await inBatches(history, (chunk) => tx.insertInto('personHistory').values(chunk).execute());
    await inBatches(reports, (chunk) => tx.insertInto('report').values(chunk).execute());
    await inBatches(actions, (chunk) => tx.insertInto('reportAction').values(chunk).execute());
    await inBatches(vitals, (chunk) => tx.insertInto('vitalEvent').values(chunk).execute());

    return { persons: gen.persons.length, households: gen.households.length, events: vitals.length, reports: reports.length };
  });
}

async function inBatches<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

/** Reads the county's villages and sizes each: not uniform, the two demo villages large. */
async function loadCounty(tx: DbOrTx, rng: Rng, countyCode: string, target: number): Promise<Generator> {
  const units = await tx
    .selectFrom('orgUnit')
    .select(['id', 'parentId', 'level', 'name'])
    .where('countyCode', '=', countyCode)
    .where('validTo', 'is', null)
    .orderBy('id')
    .execute();
  const county = units.find((u) => u.level === 'county');
  const townships = new Map(units.filter((u) => u.level === 'township').map((u) => [u.id, u]));
  const groups = new Map<string, number[]>();
  for (const g of units.filter((u) => u.level === 'group' && u.parentId)) {
    const n = Number(g.id.slice(-2));
    if (n > 0) groups.set(g.parentId!, [...(groups.get(g.parentId!) ?? []), n]);
  }
  const villages: Village[] = units
    .filter((u) => u.level === 'village')
    .map((u) => {
      const t = townships.get(u.parentId ?? '');
      const urban = /(社区|居委会|居民委员会)$/.test(u.name);
      return {
        id: u.id,
        name: u.name,
        townshipId: t?.id ?? u.parentId ?? '',
        townshipName: t?.name ?? '',
        urban,
        groups: groups.get(u.id) ?? Array.from({ length: rng.int(4, 9) }, (_, i) => i + 1),
        target: 0,
        count: 0,
        households: 0,
        houseNumbers: new Map(),
      };
    });
  if (!villages.length) throw new Error(`县 ${countyCode} 没有村级单位 (no villages in the county)`);

  // Households come in before the births since 2015 (about a tenth of the population) are added.
  const budget = target / 1.095;
  const special = villages.filter((v) => v.id === DEMO_VILLAGES.xinpu || v.id === DEMO_VILLAGES.fuxing);
  const specialTarget = Math.max(118, Math.round(budget * 0.03));
  for (const v of special) v.target = specialTarget;
  const others = villages.filter((v) => !special.includes(v));
  const weights = others.map((v) => {
    let w = Math.exp(rng.normal(0, 0.5));
    if (STAND_IN.test(v.name)) w *= 0.35;
    if (v.urban && v.townshipName === '章华镇') w *= 1.4;
    return w;
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const rest = Math.max(0, budget - specialTarget * special.length);
  others.forEach((v, i) => (v.target = Math.max(3, (rest * weights[i]!) / total)));

  // The county seat: residents' committees of the township that holds the county government.
  const seatTownship = [...townships.values()].find((t) => t.name === '章华镇')?.id;
  const seat = villages.filter((v) => v.urban && (!seatTownship || v.townshipId === seatTownship)).map((v) => v.id);
  return new Generator(rng, countyCode, county?.name ?? '', villages, seat);
}

/**
 * Reports a demo shows in the workflow, all in 新铺村 (or the first village if the county has
 * none): two births awaiting the township, a death awaiting the county, and a birth the
 * township returned. They change no person and have no vital event.
 */
function pendingReports(
  gen: Generator,
  rng: Rng,
  countyCode: string,
  opts: SeedDemoOptions,
  reviewerFor: (v: Village) => string,
  reports: ReportRowOut[],
  actions: ActionRowOut[],
): void {
  const village = gen.villages.find((v) => v.id === DEMO_VILLAGES.xinpu) ?? gen.villages[0]!;
  const reporterId = opts.reporterIds[village.id]!;
  const reviewer = reviewerFor(village);
  const inVillage = (p: Person) => p.hh.village === village && !p.death;
  const lastBirth = (w: Person) => w.children.reduce((m, c) => (c.birth > m ? c.birth : m), '0000-00-00');
  const mothers = gen.persons.filter(
    (w) =>
      inVillage(w) &&
      w.sex === 2 &&
      w.spouse?.hh === w.hh &&
      !w.spouse.death &&
      ageOn(w.birth, '2026-11-01') >= 20 &&
      ageOn(w.birth, '2026-11-01') <= 40 &&
      w.marriage! <= '2026-01-01' &&
      lastBirth(w) <= '2025-01-31',
  );
  const fallback = gen.persons.filter((w) => w.sex === 2 && !w.death && w.spouse && !w.spouse.death && ageOn(w.birth, '2026-11-01') >= 20 && ageOn(w.birth, '2026-11-01') <= 40 && lastBirth(w) <= '2025-01-31');
  const pickMother = (): Person => {
    const pool = mothers.length ? mothers : fallback;
    const i = rng.int(0, pool.length - 1);
    return pool.splice(i, 1)[0]!;
  };

  const birthReport = (eventDate: string, reportedOn: string): { row: ReportRowOut; at: Date } => {
    const mother = pickMother();
    const father = mother.spouse!;
    const sex: Sex = rng.chance(0.515) ? 1 : 2;
    const name = father.surname + gen.givenName(sex, eventDate, mother.children.map((c) => c.given));
    const b = birthParticulars(rng, sex);
    const at = workingTime(rng, reportedOn);
    return {
      at,
      row: {
        id: rng.uuid(),
        countyCode,
        type: 'birth',
        status: 'submitted',
        unitId: mother.hh.village.id,
        subjectPersonId: mother.id,
        eventDate,
        reportedAt: at,
        reportedOn,
        payload: JSON.stringify({
          motherId: mother.id,
          fatherId: father.id,
          child: { name, sex },
          weightGrams: b.grams,
          gestationalWeeks: Math.max(37, b.weeks),
          place: 'hospital',
          hospitalName: b.hospital,
          defect: false,
        }),
        summary: `出生：${name}（${sexWord(sex)}），母亲 ${fullName(mother)}，父亲 ${fullName(father)}`,
        reporterId: opts.reporterIds[mother.hh.village.id]!,
        resultPersonId: null,
        version: 1,
        updatedAt: at,
      },
    };
  };

  for (const [eventDate, reportedOn] of [
    ['2026-11-03', '2026-11-16'],
    ['2026-11-11', '2026-11-18'],
  ] as const) {
    const { row, at } = birthReport(eventDate, reportedOn);
    reports.push(row);
    actions.push({ reportId: row.id, at, userId: row.reporterId, action: 'submit', fromStatus: null, toStatus: 'submitted', reason: null });
  }

  // A birth the township sent back for correction.
  {
    const { row, at } = birthReport('2026-10-22', '2026-11-02');
    const returnedAt = new Date(at.getTime() + rng.int(20, 70) * HOUR_MS);
    const reason = '出生医学证明编号与医院登记不一致，请核对出生医学证明后重新提交';
    reports.push({ ...row, status: 'returned', version: 2, updatedAt: returnedAt });
    actions.push(
      { reportId: row.id, at, userId: row.reporterId, action: 'submit', fromStatus: null, toStatus: 'submitted', reason: null },
      { reportId: row.id, at: returnedAt, userId: reviewer, action: 'return', fromStatus: 'submitted', toStatus: 'returned', reason },
    );
  }

  // A death approved by the township, awaiting the county. The person stays active until confirmed.
  {
    const elderly = gen.persons
      .filter((p) => inVillage(p) && ageOn(p.birth, '2026-11-01') >= 75)
      .sort((a, b) => (a.birth < b.birth ? -1 : 1));
    const notHead = elderly.filter((p) => p !== p.hh.head);
    const deceased = notHead[0] ?? elderly[0] ?? gen.persons.filter((p) => !p.death).sort((a, b) => (a.birth < b.birth ? -1 : 1))[0]!;
    const eventDate = '2026-11-06';
    const reportedOn = '2026-11-09';
    const at = workingTime(rng, reportedOn);
    const approvedAt = new Date(at.getTime() + rng.int(20, 60) * HOUR_MS);
    const id = rng.uuid();
    reports.push({
      id,
      countyCode,
      type: 'death',
      status: 'township_approved',
      unitId: deceased.hh.village.id,
      subjectPersonId: deceased.id,
      eventDate,
      reportedAt: at,
      reportedOn,
      payload: JSON.stringify({ personId: deceased.id, cause: '心脑血管疾病', place: '家中' }),
      summary: `死亡：${fullName(deceased)}（${sexWord(deceased.sex)}，${deceased.birth} 生）`,
      reporterId: opts.reporterIds[deceased.hh.village.id]!,
      resultPersonId: null,
      version: 2,
      updatedAt: approvedAt,
    });
    actions.push(
      { reportId: id, at, userId: reporterId, action: 'submit', fromStatus: null, toStatus: 'submitted', reason: null },
      { reportId: id, at: approvedAt, userId: reviewer, action: 'approve', fromStatus: 'submitted', toStatus: 'township_approved', reason: null },
    );
  }
}
