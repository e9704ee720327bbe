/**
 * The synthetic population in memory: villages, households, persons with their family links,
 * the changes each person went through (history) and the vital events that caused them. The
 * base population (population.base.ts) and the simulation (population.simulation.ts) build it;
 * population.rows.ts turns it into table rows.
 */
import { makeIdNumber } from '../lib/idNumber.js';
import { GIVEN_NAMES, STREETS, SURNAMES, eraOf } from './names.js';
import { fromDay, yearOfDay, type Rng } from './random.js';

export type Sex = 1 | 2;
export type Marital = '10' | '20' | '30' | '40';
export type Status = 'active' | 'dead' | 'moved_out';
export type EventType = 'birth' | 'death' | 'marriage' | 'divorce' | 'move_in' | 'move_out';

export type Village = {
  id: string;
  name: string;
  townshipId: string;
  townshipName: string;
  urban: boolean;
  groups: number[];
  /** Persons the base population aims at. */
  target: number;
  count: number;
  households: number;
  houseNumbers: Map<string, number>;
};

export type Household = {
  id: string;
  number: string;
  village: Village;
  address: string;
  urban: boolean;
  /** Some household books say 子/女, others 长子/次女. */
  genericCodes: boolean;
  /** Everyone who ever belonged, in order of arrival. */
  members: Person[];
  head: Person | null;
};

/** What changes about a person over time; a history row is the person's constants plus this. */
export type State = {
  hh: Household;
  rel: string;
  spouse: Person | null;
  marital: Marital;
  status: Status;
  deathDay: number | null;
  leftDay: number | null;
  residence: string;
};

/** A person's state from `day` on (one object per change: there are over a million). */
export type HistoryMark = State & { day: number; change: string; event: SimEvent | null };

export type Person = State & {
  id: string;
  sex: Sex;
  birth: number;
  surname: string;
  given: string;
  ethnicity: string;
  idAddress: string;
  mother: Person | null;
  father: Person | null;
  /** Registered children (any status), in order of birth. */
  children: Person[];
  /** Live births ever, also children who are not in this registry. */
  parity: number;
  firstIsGirl: boolean;
  lastBirth: number | null;
  marriageDay: number | null;
  birthOrder: number | null;
  idNumber: string | null;
  origin: 'base' | 'birth' | 'move_in';
  scheduledDeath: number | null;
  history: HistoryMark[];
};

export type SimEvent = {
  id: string;
  type: EventType;
  day: number;
  subject: Person;
  other: Person | null;
  /** The reporting village: the subject's household village at the event. */
  unitId: string;
  detail: Record<string, string | number | boolean | null>;
};

/** A table row for COPY, values in the table's column order. */
export type Row = ReadonlyArray<string | number | boolean | Date | null>;

/** Who submits, approves and confirms a village's reports. */
export type Actors = {
  reporterFor(villageId: string): string;
  reviewerFor(villageId: string): string;
  confirmerId: string;
};

export const fullName = (p: Pick<Person, 'surname' | 'given'>) => p.surname + p.given;
const URBAN = /(社区|居委会|居民委员会)$/;
export const isUrbanUnit = (name: string) => URBAN.test(name);

/** The population of one county under construction. */
export class World {
  readonly persons: Person[] = [];
  readonly households: Household[] = [];
  readonly events: SimEvent[] = [];
  private readonly idSeqs = new Map<string, Set<number>>();

  constructor(
    readonly rng: Rng,
    readonly countyCode: string,
    readonly countyName: string,
    readonly villages: Village[],
    /** Residents' committees of the county seat: where people moving in buy flats. */
    readonly seatUnits: Village[],
  ) {}

  surname(): string {
    return this.rng.weighted(SURNAMES);
  }

  givenName(sex: Sex, birthDay: number, avoid: readonly Person[] = []): string {
    const pool = GIVEN_NAMES[sex][eraOf(yearOfDay(birthDay))];
    let name = this.rng.pick(pool);
    for (let i = 0; i < 6 && avoid.some((s) => s.given === name); i++) name = this.rng.pick(pool);
    return name;
  }

  otherVillage(except: Village): Village {
    let v = this.rng.pick(this.villages);
    for (let i = 0; i < 5 && v === except; i++) v = this.rng.pick(this.villages);
    return v;
  }

  address(village: Village): string {
    const rng = this.rng;
    const prefix = `${this.countyName}${village.townshipName}${village.name}`;
    if (village.urban) {
      const street = rng.pick(STREETS);
      const n = (village.houseNumbers.get(street) ?? 0) + rng.int(1, 6);
      village.houseNumbers.set(street, n);
      return `${prefix}${street}${n}号`;
    }
    const group = rng.pick(village.groups);
    const n = (village.houseNumbers.get(String(group)) ?? 0) + rng.int(1, 3);
    village.houseNumbers.set(String(group), n);
    return `${prefix}${group}组${n}号`;
  }

  newHousehold(village: Village): Household {
    const seq = ++village.households;
    const hh: Household = {
      id: this.rng.uuid(),
      number: `${village.id}${String(seq).padStart(seq > 9999 ? 5 : 4, '0')}`,
      village,
      address: this.address(village),
      urban: village.urban,
      genericCodes: this.rng.chance(0.35),
      members: [],
      head: null,
    };
    this.households.push(hh);
    return hh;
  }

  newPerson(
    hh: Household,
    sex: Sex,
    birth: number,
    surname: string,
    extra: Partial<Pick<Person, 'ethnicity' | 'idAddress' | 'mother' | 'father' | 'residence'>> &
      Pick<Person, 'origin'>,
  ): Person {
    // One literal with every field in one order: all persons share one hidden class, which
    // keeps the simulation's loops over hundreds of thousands of them fast.
    const p: Person = {
      id: this.rng.uuid(),
      sex,
      birth,
      surname,
      given: '',
      ethnicity: extra.ethnicity ?? '01',
      idAddress: extra.idAddress ?? this.countyCode,
      mother: extra.mother ?? null,
      father: extra.father ?? null,
      children: [],
      parity: 0,
      firstIsGirl: false,
      lastBirth: null,
      marriageDay: null,
      birthOrder: null,
      idNumber: null,
      origin: extra.origin,
      scheduledDeath: null,
      history: [],
      hh,
      rel: '97',
      spouse: null,
      marital: '10',
      status: 'active',
      deathDay: null,
      leftDay: null,
      residence: extra.residence ?? hh.village.id,
    };
    const siblings = [...(p.mother?.children ?? []), ...(p.father?.children ?? [])];
    p.given ||= this.givenName(sex, birth, siblings);
    if (p.mother) p.mother.children.push(p);
    if (p.father && p.father !== p.mother) p.father.children.push(p);
    if (p.mother?.ethnicity === '15' || p.father?.ethnicity === '15') p.ethnicity = '15';
    hh.members.push(p);
    this.persons.push(p);
    hh.village.count++;
    return p;
  }

  marry(a: Person, b: Person, day: number): void {
    a.spouse = b;
    b.spouse = a;
    a.marital = b.marital = '20';
    a.marriageDay = b.marriageDay = day;
  }

  /** Records a person's state from `day` on. */
  mark(p: Person, day: number, change: string, event: SimEvent | null): void {
    // A change to a household member made by another's event earlier in the month (a new head)
    // never goes before the member's own last state.
    const last = p.history.length ? p.history[p.history.length - 1]!.day : day;
    p.history.push({
      day: Math.max(day, last),
      change,
      event,
      hh: p.hh,
      rel: p.rel,
      spouse: p.spouse,
      marital: p.marital,
      status: p.status,
      deathDay: p.deathDay,
      leftDay: p.leftDay,
      residence: p.residence,
    });
  }

  event(
    type: EventType,
    day: number,
    subject: Person,
    other: Person | null,
    detail: SimEvent['detail'] = {},
  ): SimEvent {
    const e: SimEvent = { id: this.rng.uuid(), type, day, subject, other, unitId: subject.hh.village.id, detail };
    this.events.push(e);
    return e;
  }

  /** A valid resident ID number: address code, birth date, a free sequence of the right parity. */
  assignIdNumber(p: Person): void {
    const birth = fromDay(p.birth);
    const key = `${p.idAddress}${birth}`;
    let used = this.idSeqs.get(key);
    if (!used) this.idSeqs.set(key, (used = new Set()));
    const odd = p.sex === 1 ? 1 : 2;
    let seq = this.rng.int(0, 498) * 2 + odd;
    for (let i = 0; used.has(seq) && i < 2000; i++) seq = this.rng.int(0, 498) * 2 + odd;
    used.add(seq);
    p.idNumber = makeIdNumber(p.idAddress, birth, seq);
  }

  /** The living members of a household still registered in it. */
  active(hh: Household): Person[] {
    return hh.members.filter((m) => m.hh === hh && m.status === 'active');
  }

  /**
   * After the head died or left: the surviving spouse heads the household, else the eldest
   * adult son, else the eldest adult, else the eldest; everyone's relationship follows.
   */
  succeedHead(hh: Household, day: number, event: SimEvent | null): void {
    const members = this.active(hh);
    if (!members.length) {
      hh.head = null;
      return;
    }
    const old = hh.head;
    const adults = members.filter((m) => day - m.birth >= 18 * 365.25).sort((a, b) => a.birth - b.birth);
    const spouse = old?.spouse && old.spouse.hh === hh && old.spouse.status === 'active' ? old.spouse : null;
    const sons = old ? adults.filter((m) => m.sex === 1 && (m.mother === old || m.father === old)) : [];
    hh.head = spouse ?? sons[0] ?? adults[0] ?? [...members].sort((a, b) => a.birth - b.birth)[0]!;
    for (const m of members) {
      const rel = relationshipTo(m, hh.head, hh.genericCodes);
      if (rel !== m.rel) {
        m.rel = rel;
        this.mark(m, day, 'head_change', event);
      }
    }
  }
}

const isChildOf = (c: Person, h: Person): boolean =>
  c.mother === h || c.father === h || (h.spouse !== null && (c.mother === h.spouse || c.father === h.spouse));

/** GB/T 4761 relationship of `p` to the household head, from the family links. */
export function relationshipTo(p: Person, head: Person, generic: boolean): string {
  if (p === head) return '02';
  const male = p.sex === 1;
  if (head.spouse === p) return generic ? '10' : male ? '11' : '12';
  if (isChildOf(p, head)) {
    if (generic) return male ? '20' : '30';
    const own = head.children.length ? head.children : (head.spouse?.children ?? []);
    if (own.length === 1) return male ? '21' : '31';
    const rank = own.filter((c) => c.sex === p.sex).indexOf(p) + 1;
    if (rank < 1 || rank > 5) return male ? '29' : '39';
    return String((male ? 21 : 31) + rank);
  }
  if (p.spouse && isChildOf(p.spouse, head)) return male ? '28' : '38';
  const parent =
    p.mother && isChildOf(p.mother, head) ? p.mother : p.father && isChildOf(p.father, head) ? p.father : null;
  if (parent) return parent.sex === 1 ? (male ? '41' : '42') : male ? '43' : '44';
  if (
    p.spouse &&
    ((p.spouse.mother && isChildOf(p.spouse.mother, head)) || (p.spouse.father && isChildOf(p.spouse.father, head)))
  ) {
    return male ? '46' : '45';
  }
  if (head.mother === p || head.father === p) return male ? '51' : '52';
  if (head.spouse && (head.spouse.mother === p || head.spouse.father === p)) {
    return head.sex === 2 ? (male ? '53' : '54') : male ? '55' : '56';
  }
  if ((p.mother && p.mother === head.mother) || (p.father && p.father === head.father)) {
    const older = p.birth < head.birth;
    return male ? (older ? '71' : '73') : older ? '75' : '77';
  }
  return '97';
}
