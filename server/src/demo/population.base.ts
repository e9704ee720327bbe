/**
 * The base population on the first simulated day (2015-01-01): households built one by one the
 * way a rural 湖南 registry holds them — a head born in the large cohorts of the 1950s–70s, a
 * spouse (a fifth married in from a neighbouring county), the children still registered at home,
 * married sons with their wives and children (三代同堂), sometimes the head's old parents. Family
 * size follows each cohort's fertility (many children before 1970, one or two after 1980, a
 * second child more likely after a first girl); people who died before the start are not in it.
 */
import { NEIGHBOUR_ADDRESS_CODES } from './names.js';
import { deathProbability } from './demography.js';
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

export class BaseBuilder {
  private readonly start: number;
  constructor(
    private readonly w: World,
    startDay: number,
    private readonly mortalityScale: number,
  ) {
    this.start = startDay;
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

  /** The children a woman bore before the start: family size by her cohort and the era's rules. */
  childrenBefore(motherBirth: number, marriage: number, urban: boolean): Array<{ birth: number; sex: Sex }> {
    const my = yearOfDay(motherBirth);
    const out: Array<{ birth: number; sex: Sex }> = [];
    const end = Math.min(this.start - 1, addYearsDay(motherBirth, 42));
    let next = marriage + this.rng.int(290, 900);
    for (let k = 0; k < 7 && next <= end; k++) {
      const firstGirl = out[0]?.sex === 2;
      let p: number;
      if (my < 1945) p = [0.97, 0.93, 0.85, 0.7, 0.5, 0.3, 0.15][k]!;
      else if (my < 1955) p = [0.97, 0.9, 0.7, 0.4, 0.15, 0.05, 0][k]!;
      else if (my < 1965) p = urban ? [0.95, 0.2, 0.02, 0, 0, 0, 0][k]! : [0.96, 0.85, 0.3, 0.08, 0.02, 0, 0][k]!;
      else if (urban) p = [0.93, 0.1, 0.01, 0, 0, 0, 0][k]!;
      else p = [0.95, firstGirl ? 0.72 : 0.28, 0.06, 0.01, 0, 0, 0][k]!;
      if (!this.rng.chance(p)) break;
      const by = yearOfDay(next);
      const pMale = by < 1980 ? 0.515 : by < 1990 ? 0.53 : by < 2010 ? 0.54 : 0.53;
      out.push({ birth: next, sex: this.rng.chance(pMale) ? 1 : 2 });
      next += this.rng.int(600, 2100);
    }
    return out;
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
      if (!stays) continue;
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
      if (mother) {
        mother.parity = rng.int(1, by < 1965 ? 5 : 3);
        mother.lastBirth = headBirth;
      }
    }
    const head = w.newPerson(hh, headSex, headBirth, surname, {
      origin: 'base',
      mother,
      father,
      ethnicity: tujia ? '15' : '01',
    });
    hh.head = head;
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
        m.residence = residence;
        const age = approxAge(m.birth, this.start);
        if (!movedToTown && age >= 18 && age <= 50 && this.rng.chance(0.025))
          m.residence = w.otherVillage(hh.village).id;
        m.birthOrder = m.mother ? m.mother.children.indexOf(m) + 1 : null;
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
