/**
 * The base population on the first simulated day (2015-01-01): households built one by one the
 * way a rural 湖南 registry holds them — a head born in the large cohorts of the 1950s–70s, a
 * spouse (a fifth married in from a neighbouring county), the children still registered at home,
 * married sons with their wives and children (三代同堂), sometimes the head's old parents. Family
 * size follows each cohort's fertility (many children before 1970, one or two after 1980, a
 * second child more likely after a first girl); people who died before the start are not in it.
 */
import { NEIGHBOUR_ADDRESS_CODES } from './names.js';
import { deathProbability, underFiveMortality, type PopulationParams } from './demography.js';
import { relationshipTo, type Household, type Person, type Sex, type Village, type World } from './population.model.js';
import { addYearsDay, approxAge, dayOf, yearOfDay } from './random.js';

/** Birth years of household heads, with weights (the 1950s–70s cohorts are the largest). */
const HEAD_BIRTH_BANDS: ReadonlyArray<readonly [readonly [number, number], number]> = [
  [[1922, 1934], 0.26],
  [[1935, 1944], 0.78],
  [[1945, 1954], 1.6],
  [[1955, 1964], 2.6],
  [[1965, 1974], 2.6],
  [[1975, 1984], 2.15],
  [[1985, 1991], 1.15],
];

/** A child born before the start: when, which sex, and the day they died if they did. */
type Birth = { birth: number; sex: Sex; died: number | null };

export class BaseBuilder {
  private readonly start: number;
  private readonly mortalityScale: number;
  constructor(
    private readonly w: World,
    startDay: number,
    private readonly params: Pick<
      PopulationParams,
      'mortalityScale' | 'cohortFertility' | 'childMortalityScale' | 'urbanHouseholdsInVillages'
    >,
  ) {
    this.start = startDay;
    this.mortalityScale = params.mortalityScale;
  }

  private get rng() {
    return this.w.rng;
  }

  /** Whether someone born on `birth` died between `from` and the start (so is not in the registry). */
  diedBefore(birth: number, sex: Sex, from: number): boolean {
    for (let y = Math.max(yearOfDay(from), yearOfDay(birth) + 1); y < yearOfDay(this.start); y++) {
      if (
        this.rng.chance(
          deathProbability(y - yearOfDay(birth), sex, Math.min(y, 2015), this.mortalityScale) *
            (1 + 0.012 * (2015 - y)),
        )
      )
        return true;
    }
    return false;
  }

  /**
   * The day a child born on `birth` died before the start, or null: under five by the era's
   * child mortality, later by the life table (as diedBefore reads it).
   */
  childDeath(birth: number, sex: Sex, urban: boolean): number | null {
    const by = yearOfDay(birth);
    const scale = this.params.childMortalityScale;
    if (this.rng.chance(Math.min(0.9, underFiveMortality(by, urban) * scale))) {
      // Most deaths under five are in the first year.
      const age = this.rng.chance(0.7) ? this.rng.int(1, 364) : this.rng.int(365, 5 * 365 - 1);
      const day = birth + age;
      return day < this.start ? day : null;
    }
    for (let y = by + 5; y < yearOfDay(this.start); y++) {
      const q =
        deathProbability(y - by, sex, Math.min(y, 2015), this.mortalityScale) * (1 + 0.012 * (2015 - y)) * scale;
      if (this.rng.chance(q))
        return Math.max(birth + 5 * 365, Math.min(this.start - 1, dayOf(y) + this.rng.int(0, 364)));
    }
    return null;
  }

  dateInYear(year: number): number {
    return dayOf(year) + this.rng.int(0, 364);
  }

  /** A spouse's birth day: wives are about two years younger than their husbands. */
  spouseBirth(partnerBirth: number, spouseSex: Sex): number {
    const gap = Math.max(-3, Math.min(9, Math.round(this.rng.normal(2, 2.2))));
    return addYearsDay(partnerBirth, spouseSex === 2 ? gap : -gap) + this.rng.int(-180, 180);
  }

  /** The wife's age at marriage by her cohort, never below the legal ages. */
  marriageDay(wifeBirth: number, husbandBirth: number): number {
    const wy = yearOfDay(wifeBirth);
    const base = wy < 1960 ? 19.5 : wy < 1980 ? 21 : 22.5;
    const age = base + Math.abs(this.rng.normal(0, wy < 1960 ? 2 : 2.8));
    const day = wifeBirth + Math.round(age * 365.25);
    const late = yearOfDay(day) >= 1981;
    return Math.max(day, addYearsDay(husbandBirth, late ? 22 : 20), addYearsDay(wifeBirth, late ? 20 : 18));
  }

  /**
   * The children a woman bore before the start: family size by her cohort and household
   * (`cohortFertility`), the sex composition by the era's sex ratio; a child who died under five
   * is mostly followed by another (the count that decides whether to go on is of the living).
   */
  childrenBefore(motherBirth: number, marriage: number, urban: boolean): Birth[] {
    const my = yearOfDay(motherBirth);
    const bands = this.params.cohortFertility;
    const band = bands.find((b) => my < b.bornBefore) ?? bands[bands.length - 1]!;
    const prog = urban ? band.urban : band.rural;
    const out: Birth[] = [];
    const end = Math.min(this.start - 1, addYearsDay(motherBirth, 42));
    let next = marriage + this.rng.int(290, 900);
    for (let n = 0; n < 9 && next <= end; n++) {
      const living = out.filter((b) => b.died === null || b.died - b.birth >= 5 * 365);
      const k = living.length;
      if (k >= 7) break;
      let p = prog.next[k] ?? 0;
      if (k === 1 && living[0]!.sex === 2 && prog.afterGirl !== undefined) p = prog.afterGirl;
      if (k === 2 && living[0]!.sex === 2 && living[1]!.sex === 2 && prog.afterTwoGirls !== undefined)
        p = prog.afterTwoGirls;
      if (!this.rng.chance(p)) break;
      const by = yearOfDay(next);
      const pMale = by < 1980 ? 0.515 : by < 1990 ? 0.53 : by < 2010 ? 0.54 : 0.53;
      const sex: Sex = this.rng.chance(pMale) ? 1 : 2;
      const birth = next;
      out.push({ birth, sex, died: this.childDeath(birth, sex, urban) });
      next += this.rng.int(600, 2100);
    }
    return out;
  }

  /**
   * A child of this household who is no longer registered at home on the start day: hukou moved
   * out on `left`, or died on `died`. Written as the registry holds them (the birth registered
   * here, then the move or the death), never counted in the population from the start on: their
   * one history state begins the day they left or died.
   */
  private departed(
    hh: Household,
    b: { birth: number; sex: Sex },
    surname: string,
    mother: Person | null,
    father: Person | null,
    fate: { died: number } | { left: number; married: boolean },
  ): Person {
    const p = this.w.newPerson(hh, b.sex, b.birth, surname, { origin: 'base', mother, father });
    hh.village.count--;
    if ('died' in fate) {
      p.status = 'dead';
      p.deathDay = fate.died;
    } else {
      p.status = 'moved_out';
      p.leftDay = fate.left;
      if (fate.married) p.marital = '20';
    }
    return p;
  }

  /** When a child who no longer lives at home moved the hukou out: school, work or marriage. */
  private leftDay(birth: number, married: boolean): number {
    const age = approxAge(birth, this.start);
    const span = this.start - 1 - birth;
    if (age < 18) return birth + this.rng.int(Math.min(30, span), span);
    const at = married
      ? this.rng.int(20, Math.min(30, Math.floor(age)))
      : this.rng.int(18, Math.min(24, Math.floor(age)));
    return Math.min(this.start - 1, addYearsDay(birth, at) + this.rng.int(0, 364));
  }

  private outsideAddress(): string {
    return this.w.countyCode === '430623'
      ? this.rng.pick(NEIGHBOUR_ADDRESS_CODES)
      : this.w.countyCode.slice(0, 4) + String(this.rng.int(21, 29)).padStart(2, '0');
  }

  private spouseFor(hh: Household, partner: Person, birth: number, marriage: number): Person | null {
    const sex: Sex = partner.sex === 1 ? 2 : 1;
    if (this.diedBefore(birth, sex, marriage)) {
      partner.marital = '30';
      return null;
    }
    const outside = this.rng.chance(sex === 2 ? 0.22 : 0.3);
    const spouse = this.w.newPerson(hh, sex, birth, this.w.surname(), {
      origin: 'base',
      idAddress: outside ? this.outsideAddress() : this.w.countyCode,
      ethnicity: this.rng.chance(0.006) ? '15' : '01',
    });
    this.w.marry(partner, spouse, marriage);
    return spouse;
  }

  /** Adds a couple's children born before the start, as far as they are still registered at home. */
  private addChildren(
    hh: Household,
    mother: Person | null,
    father: Person | null,
    surname: string,
    grand: boolean,
  ): void {
    const parent = mother ?? father!;
    const births =
      mother && mother.marriageDay !== null ? this.childrenBefore(mother.birth, mother.marriageDay, hh.urban) : [];
    if (mother) {
      mother.parity = births.length;
      mother.firstIsGirl = births[0]?.sex === 2;
      mother.lastBirth = births.length ? births[births.length - 1]!.birth : null;
    }
    for (const b of births) {
      if (b.died !== null) {
        this.departed(hh, b, surname, mother, father, { died: b.died });
        continue;
      }
      const age = approxAge(b.birth, this.start);
      let stays: boolean;
      let married = false;
      if (age < 18) stays = this.rng.chance(0.97);
      else {
        married = this.rng.chance(marriedShare(age, b.sex));
        if (grand) stays = !married && this.rng.chance(0.6);
        // Students and young workers mostly keep their hukou at home; many who settle in cities move it.
        else if (b.sex === 1)
          stays = married
            ? this.rng.chance(yearOfDay(parent.birth) < 1950 ? 0.3 : 0.5)
            : this.rng.chance(age < 25 ? 0.8 : age < 30 ? 0.7 : 0.85);
        else stays = married ? this.rng.chance(0.07) : this.rng.chance(age < 25 ? 0.72 : 0.5);
      }
      if (!stays) {
        this.departed(hh, b, surname, mother, father, { left: this.leftDay(b.birth, married), married });
        continue;
      }
      const child = this.w.newPerson(hh, b.sex, b.birth, surname, { origin: 'base', mother, father });
      if (married && !grand) this.addChildFamily(hh, child);
    }
  }

  /** A married son (with his wife) or daughter (with her husband, 上门女婿) living with the head. */
  private addChildFamily(hh: Household, child: Person): void {
    const partnerBirth = this.spouseBirth(child.birth, child.sex === 1 ? 2 : 1);
    const wifeBirth = child.sex === 2 ? child.birth : partnerBirth;
    const husbandBirth = child.sex === 1 ? child.birth : partnerBirth;
    const marriage = this.marriageDay(wifeBirth, husbandBirth);
    if (marriage >= this.start) return;
    if (this.rng.chance(0.03)) {
      child.marital = '40';
      return;
    }
    const partner = this.spouseFor(hh, child, partnerBirth, marriage);
    if (!partner) return;
    const wife = child.sex === 2 ? child : partner;
    const husband = child.sex === 1 ? child : partner;
    const surname = child.sex === 2 && this.rng.chance(0.6) ? wife.surname : husband.surname;
    this.addChildren(hh, wife, husband, surname, true);
  }

  /** One household in `village`; `young` makes a couple married 2010–2014 (the demo villages). */
  household(village: Village, young: boolean): Household {
    const rng = this.rng;
    const w = this.w;
    const hh = w.newHousehold(village);
    // Some village households hold 非农业 hukou (teachers, cadres, workers of state farms).
    if (!village.urban && this.params.urbanHouseholdsInVillages > 0)
      hh.urban = rng.chance(this.params.urbanHouseholdsInVillages);
    const tujia = rng.chance(0.012);
    const [from, to] = young ? ([1986, 1992] as const) : rng.weighted(HEAD_BIRTH_BANDS);
    const headBirth = this.dateInYear(rng.int(from, to));
    const by = yearOfDay(headBirth);
    // Among the oldest, the head is often a widow.
    const headSex: Sex = young || rng.chance(by < 1940 ? 0.55 : by < 1950 ? 0.78 : 0.94) ? 1 : 2;
    const surname = w.surname();

    let father: Person | null = null;
    let mother: Person | null = null;
    if (by >= 1955 && rng.chance(young ? 0.6 : by >= 1970 ? 0.35 : 0.22)) {
      const fatherBirth = addYearsDay(headBirth, -rng.int(24, 32)) + rng.int(-180, 180);
      let motherBirth = this.spouseBirth(fatherBirth, 2);
      motherBirth = Math.min(motherBirth, addYearsDay(headBirth, -19) - rng.int(0, 700));
      const married = Math.min(this.marriageDay(motherBirth, fatherBirth), headBirth - rng.int(300, 1500));
      if (!this.diedBefore(fatherBirth, 1, headBirth))
        father = w.newPerson(hh, 1, fatherBirth, surname, { origin: 'base', ethnicity: tujia ? '15' : '01' });
      if (!this.diedBefore(motherBirth, 2, headBirth))
        mother = w.newPerson(hh, 2, motherBirth, w.surname(), { origin: 'base', ethnicity: tujia ? '15' : '01' });
      if (father && mother) w.marry(father, mother, married);
      else if (father || mother) (father ?? mother)!.marital = '30';
    }
    // The head's brothers and sisters, born to these parents: all registered elsewhere by now
    // (moved out, or heads of their own households, which the model does not link) or dead.
    const siblings = father || mother ? this.siblingsOf(headBirth, headSex, father, mother, hh.urban) : [];
    const head = w.newPerson(hh, headSex, headBirth, surname, {
      origin: 'base',
      mother,
      father,
      ethnicity: tujia ? '15' : '01',
    });
    hh.head = head;
    for (const b of siblings) {
      const fate =
        b.died !== null
          ? { died: b.died }
          : {
              left: this.leftDay(b.birth, approxAge(b.birth, this.start) >= 25),
              married: approxAge(b.birth, this.start) >= 25,
            };
      this.departed(hh, b, surname, mother, father, fate);
    }
    // Keep the parents' children in birth order (the head was written before the older ones).
    for (const parent of [mother, father]) parent?.children.sort((x, y) => x.birth - y.birth);
    if (mother) {
      mother.parity = siblings.length + 1;
      mother.firstIsGirl = mother.children[0]?.sex === 2;
      mother.lastBirth = Math.max(headBirth, ...siblings.map((b) => b.birth));
    }
    if (!young && rng.chance(headSex === 1 ? (by >= 1965 ? 0.06 : 0.03) : 0.01)) return hh;

    const spouseBirth = young
      ? addYearsDay(headBirth, rng.int(0, 4)) + rng.int(-150, 150)
      : this.spouseBirth(headBirth, headSex === 1 ? 2 : 1);
    const wifeBirth = headSex === 2 ? headBirth : spouseBirth;
    const husbandBirth = headSex === 1 ? headBirth : spouseBirth;
    let marriage = this.marriageDay(wifeBirth, husbandBirth);
    if (young) {
      const earliest = Math.max(dayOf(2010), addYearsDay(husbandBirth, 22), addYearsDay(wifeBirth, 20));
      marriage = earliest + rng.int(0, Math.max(0, this.start - 30 - earliest));
    }
    if (marriage >= this.start) return hh;
    if (!young && approxAge(headBirth, this.start) < 60 && rng.chance(0.035)) {
      head.marital = '40';
      return hh;
    }
    const spouse = this.spouseFor(hh, head, spouseBirth, marriage);
    const wife = headSex === 2 ? head : spouse;
    const husband = headSex === 1 ? head : spouse;
    const childSurname = headSex === 1 || !husband ? surname : rng.chance(0.85) ? husband.surname : surname;
    if (wife) this.addChildren(hh, wife, husband, childSurname, false);
    return hh;
  }

  /**
   * The other children of the head's parents: a sibship drawn like any mother's of that cohort,
   * shifted so that one of its births is the head's. Brothers and sisters who would still be
   * minors are left out (a minor does not leave home alone).
   */
  private siblingsOf(
    headBirth: number,
    headSex: Sex,
    father: Person | null,
    mother: Person | null,
    urban: boolean,
  ): Birth[] {
    const motherBirth = mother?.birth ?? addYearsDay(father!.birth, 2);
    const marriage = mother?.marriageDay ?? father?.marriageDay ?? addYearsDay(motherBirth, 21);
    const births = this.childrenBefore(motherBirth, marriage, urban);
    if (!births.length) return [];
    // The head's place among them: one where every brother and sister is born to parents of age
    // (else the eldest), so that none is lost and the parents' family keeps its size.
    const earliest = Math.max(addYearsDay(motherBirth, 18), father ? addYearsDay(father.birth, 19) : 0);
    const fits = (i: number) => births[0]!.birth + headBirth - births[i]!.birth >= earliest;
    const places = births.map((_, i) => i).filter((i) => births[i]!.died === null && fits(i));
    const sameSex = places.filter((i) => births[i]!.sex === headSex);
    const j = sameSex.length ? this.rng.pick(sameSex) : places.length ? this.rng.pick(places) : 0;
    const shift = headBirth - births[j]!.birth;
    const out: Birth[] = [];
    for (let i = 0; i < births.length; i++) {
      if (i === j) continue;
      const b = births[i]!;
      const birth = b.birth + shift;
      const died = b.died === null ? null : b.died + shift;
      if (birth < addYearsDay(motherBirth, 18) || birth >= this.start) continue;
      if (father && birth < addYearsDay(father.birth, 19)) continue;
      if (died !== null && died >= this.start) continue;
      if (died === null && approxAge(birth, this.start) < 18) continue;
      out.push({ birth, sex: b.sex, died });
    }
    return out;
  }

  /** Finishes the base: relationships to the head, where people live, the first history row. */
  finish(): void {
    const w = this.w;
    for (const hh of w.households) {
      const headHere = hh.head!;
      // A few households live in the county seat; a few adults of working age in another village.
      const movedToTown = w.seatUnits.length > 1 && this.rng.chance(0.02);
      const residence = movedToTown ? this.rng.pick(w.seatUnits).id : hh.village.id;
      for (const m of hh.members) {
        m.rel = relationshipTo(m, headHere, hh.genericCodes);
        m.birthOrder = m.mother ? m.mother.children.indexOf(m) + 1 : null;
        if (m.status !== 'active') {
          // Left or died before the start: one state, from that day (never in a population figure since).
          w.mark(m, m.status === 'dead' ? m.deathDay! : m.leftDay!, m.status === 'dead' ? 'death' : 'move_out', null);
          continue;
        }
        m.residence = residence;
        const age = approxAge(m.birth, this.start);
        if (!movedToTown && age >= 18 && age <= 50 && this.rng.chance(0.025))
          m.residence = w.otherVillage(hh.village).id;
        const joined = m.idAddress !== w.countyCode && m.marriageDay !== null ? m.marriageDay : m.birth;
        w.mark(m, joined, 'demo', null);
      }
    }
  }
}

function marriedShare(age: number, sex: Sex): number {
  if (sex === 1)
    return age < 22 ? 0 : age < 25 ? 0.25 : age < 28 ? 0.5 : age < 31 ? 0.7 : age < 36 ? 0.82 : age < 46 ? 0.88 : 0.92;
  return age < 20 ? 0 : age < 23 ? 0.25 : age < 26 ? 0.55 : age < 29 ? 0.78 : age < 33 ? 0.88 : 0.93;
}
