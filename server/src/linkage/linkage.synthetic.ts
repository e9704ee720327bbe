/**
 * A synthetic registry and a hospital birth feed (出生医学证明: the mother's name, ID number, birth
 * date and address) with the errors real feeds carry and the known truth, for tests and
 * bench/linkage.bench.ts. Deterministic from a seed.
 *
 * Feed errors, per record (rates in FEED_ERRORS): a homophone, look-alike, random, swapped,
 * missing or extra character in the name, a homophone surname, a wholly other given name; one
 * digit wrong or two swapped in the birth date, another day of the month, month and day swapped;
 * another village of the township or another township, no address; no ID number, or one with
 * two digits swapped or one wrong (its hash then differs). A share of mothers are not in the
 * registry (true non-matches, with names from the same tables), and some records are twins:
 * two certificates, one mother.
 */
import { createHmac } from 'node:crypto';
import { pinyin } from 'pinyin-pro';
import { GIVEN_NAMES, NEIGHBOUR_ADDRESS_CODES, SURNAMES, eraOf } from '../demo/names.js';
import { isValidDate, makeIdNumber, maskIdNumber } from '../lib/idNumber.js';
import { shippedCountyTree } from '../org/divisions.js';
import { LOOKALIKE_GROUPS } from './linkage.names.js';
import type { LinkRecord } from './linkage.records.js';

/** The keyed hash of ID numbers in synthetic data; the registry's real key is RENKOU_SECRET_KEY. */
const SYNTHETIC_KEY = 'renkou-synthetic-linkage';

export function syntheticIdHash(idNumber: string): string {
  return createHmac('sha256', SYNTHETIC_KEY).update(idNumber).digest('hex');
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Common characters of women's names, so that homophone errors have somewhere to go. */
const NAME_CHARS = `丽莉俐利力立李黎 芳方放 红洪宏虹鸿 艳燕雁彦颜 霞侠 敏民 静晶菁 婷亭庭 雪学 倩茜 佳家嘉
  丹单 琳林霖 欣新馨心 梦孟 瑶遥姚 蕾磊 璐露路 琪琦淇棋奇 洁杰捷 颖英莹盈 慧惠辉会 娟鹃涓 萍平苹 琴勤芹
  玲铃龄 君军均 凤峰风 梅玫媚 秀修 兰岚蓝 珍真贞 华花 月悦越 雨宇语羽玉 思斯丝 怡宜仪 美 雅亚 文雯
  晓小 春纯 子紫梓 诗施 甜田 薇微维 娜纳 已己 未末 妹姝`.replace(/\s/g, '');

export type SyntheticRegistry = {
  records: LinkRecord[];
  /** The plain ID numbers, parallel to records (the registry itself keeps only hash and mask). */
  idNumbers: Array<string | null>;
  /** Reference date of ages. */
  asOf: string;
};

export type RegistryOptions = { persons: number; seed?: number; countyCode?: string; asOf?: string };

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * N persons of all ages (0–89) in the county's villages, with valid ID numbers (about one in six
 * carrying a neighbouring county's address code: born there). Names by sex and era; given names
 * either from the demo's tables or two characters of them recombined, so that full names are
 * about as varied as a county's.
 */
export function syntheticRegistry(options: RegistryOptions): SyntheticRegistry {
  const rand = mulberry32(options.seed ?? 20170216);
  const county = options.countyCode ?? '430623';
  const asOf = options.asOf ?? '2025-06-30';
  const refYear = Number(asOf.slice(0, 4));
  const tree = shippedCountyTree(county);
  if (!tree) throw new Error(`no shipped division tree for ${county}`);
  const villages = tree.townships.flatMap((t) => t.villages.map((v) => v.code));
  const names = nameMaker(rand);
  const regions = [county, ...NEIGHBOUR_ADDRESS_CODES];
  const sequences = new Map<number, number>();
  const records: LinkRecord[] = new Array<LinkRecord>(options.persons);
  const idNumbers: Array<string | null> = new Array<string | null>(options.persons);
  for (let i = 0; i < options.persons; i++) {
    const sex: 1 | 2 = rand() < 0.5 ? 1 : 2;
    const year = refYear - Math.floor(rand() * 90);
    const birthDate = `${year}-${pad2(1 + Math.floor(rand() * 12))}-${pad2(1 + Math.floor(rand() * 28))}`;
    const r = rand() < 0.84 ? 0 : 1 + Math.floor(rand() * NEIGHBOUR_ADDRESS_CODES.length);
    const seqKey = (r * 100_000_000 + Number(birthDate.replaceAll('-', ''))) * 4 + sex;
    // Odd sequence numbers for men, even for women (GB 11643), spread over 1-898 as police
    // stations' ranges spread them (449 is prime: the first 449 of a day are distinct); 900 and
    // above are left to mothers from outside the registry.
    const n = sequences.get(seqKey) ?? 0;
    if (n >= 449) throw new Error(`too many persons born on ${birthDate}`);
    sequences.set(seqKey, n + 1);
    const seq = 2 * ((n * 389 + (seqKey % 449)) % 449) + (sex === 1 ? 1 : 2);
    // A few registry persons have no ID number on record (children not yet issued one).
    const id = rand() < 0.005 ? null : makeIdNumber(regions[r]!, birthDate, seq);
    idNumbers[i] = id;
    records[i] = {
      key: `R${i}`,
      idHash: id ? syntheticIdHash(id) : null,
      idMasked: id ? maskIdNumber(id) : null,
      name: names.full(year, sex),
      sex,
      birthDate,
      unitCode: villages[Math.floor(rand() * villages.length)]!,
    };
  }
  return { records, idNumbers, asOf };
}

function nameMaker(rand: () => number) {
  const surnameTable: string[] = [];
  for (const [s, w] of SURNAMES) for (let i = 0; i < w; i++) surnameTable.push(s);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
  const pools = new Map<string, string[]>();
  const pool = (sex: 1 | 2, year: number) => {
    const k = `${sex}${eraOf(year)}`;
    let p = pools.get(k);
    if (!p) {
      p = [...new Set(GIVEN_NAMES[sex][eraOf(year)].join(''))];
      pools.set(k, p);
    }
    return p;
  };
  const given = (year: number, sex: 1 | 2) => {
    const x = rand();
    if (x < 0.4) return pick(GIVEN_NAMES[sex][eraOf(year)]);
    const p = pool(sex, year);
    if (x < 0.5) return pick(p);
    let b = pick(p);
    const a = pick(p);
    if (a === b) b = pick(p);
    return a + b;
  };
  return {
    surname: () => pick(surnameTable),
    given,
    pool,
    full: (year: number, sex: 1 | 2) => pick(surnameTable) + given(year, sex),
  };
}

/** Error rates of the hospital feed (shares of feed records). */
export const FEED_ERRORS = {
  outsideRegistry: 0.04,
  twins: 0.01,
  name: {
    homophone: 0.04,
    lookalike: 0.015,
    swapped: 0.015,
    missingOrExtra: 0.015,
    randomCharacter: 0.015,
    surnameHomophone: 0.01,
    otherGivenName: 0.005,
  },
  birthDate: { digit: 0.03, swappedDigits: 0.03, otherDay: 0.02, monthDaySwapped: 0.005 },
  unit: { otherVillage: 0.12, otherTownship: 0.04, missing: 0.04 },
  id: { missing: 0.2, typo: 0.03 },
} as const;

export type BirthFeedOptions = { births: number; seed?: number };
export type SyntheticFeed = {
  records: LinkRecord[];
  /** Feed key → the registry key of the same person, or null (not in the registry). */
  truth: Map<string, string | null>;
};

/**
 * A hospital feed of `births` records: mothers drawn from the registry's women aged 18–45 (without
 * replacement while there are enough), a share from outside it, with FEED_ERRORS applied.
 */
export function syntheticBirthFeed(registry: SyntheticRegistry, options: BirthFeedOptions): SyntheticFeed {
  const rand = mulberry32(options.seed ?? 5);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
  const refYear = Number(registry.asOf.slice(0, 4));
  const names = nameMaker(rand);
  const homophones = homophoneTable();
  const lookalikeOf = new Map<string, string>();
  for (const g of LOOKALIKE_GROUPS) {
    const chars = [...g];
    chars.forEach((c, i) => lookalikeOf.set(c, chars[(i + 1) % chars.length]!));
  }
  const villages = [...new Set(registry.records.map((r) => r.unitCode).filter((c): c is string => !!c))].sort();
  const villagesOf = new Map<string, string[]>();
  for (const v of villages) {
    const t = v.slice(0, 9);
    villagesOf.set(t, [...(villagesOf.get(t) ?? []), v]);
  }
  const eligible: number[] = [];
  registry.records.forEach((r, i) => {
    const age = refYear - Number(r.birthDate?.slice(0, 4));
    if (r.sex === 2 && age >= 18 && age <= 45) eligible.push(i);
  });
  if (eligible.length === 0) throw new Error('the registry has no women aged 18-45');
  let drawn = 0;
  const drawMother = () => {
    if (drawn >= eligible.length) return pick(eligible);
    const k = drawn + Math.floor(rand() * (eligible.length - drawn));
    [eligible[drawn], eligible[k]] = [eligible[k]!, eligible[drawn]!];
    return eligible[drawn++]!;
  };
  const records: LinkRecord[] = [];
  const truth = new Map<string, string | null>();
  let outsiderSeq = 0;
  const E = FEED_ERRORS;
  while (records.length < options.births) {
    const key = `B${records.length}`;
    const previous = records[records.length - 1];
    if (previous && rand() < E.twins) {
      records.push({ ...previous, key });
      truth.set(key, truth.get(previous.key)!);
      continue;
    }
    let name: string;
    let birthDate: string;
    let unitCode: string | null;
    let id: string | null;
    if (rand() < E.outsideRegistry) {
      // A mother not in the registry: living here, registered elsewhere or not at all.
      const year = refYear - 18 - Math.floor(rand() * 28);
      birthDate = `${year}-${pad2(1 + Math.floor(rand() * 12))}-${pad2(1 + Math.floor(rand() * 28))}`;
      name = names.full(year, 2);
      const region = rand() < 0.6 ? pick(NEIGHBOUR_ADDRESS_CODES) : '430623';
      id = makeIdNumber(region, birthDate, 900 + 2 * (outsiderSeq++ % 49));
      unitCode = pick(villages);
      truth.set(key, null);
    } else {
      const i = drawMother();
      const m = registry.records[i]!;
      name = m.name!;
      birthDate = m.birthDate!;
      unitCode = m.unitCode;
      id = registry.idNumbers[i] ?? null;
      truth.set(key, m.key);
    }
    name = nameError(name);
    birthDate = dateError(birthDate);
    const u = rand();
    if (unitCode && u < E.unit.otherVillage) {
      const others = villagesOf.get(unitCode.slice(0, 9)) ?? [unitCode];
      unitCode = pick(others);
    } else if (u < E.unit.otherVillage + E.unit.otherTownship) unitCode = pick(villages);
    else if (u < E.unit.otherVillage + E.unit.otherTownship + E.unit.missing) unitCode = null;
    const x = rand();
    if (x < E.id.missing) id = null;
    else if (id && x < E.id.missing + E.id.typo) id = idTypo(id);
    records.push({
      key,
      idHash: id ? syntheticIdHash(id) : null,
      idMasked: id ? maskIdNumber(id) : null,
      name,
      sex: 2,
      birthDate,
      unitCode,
    });
  }
  return { records, truth };

  function nameError(full: string): string {
    const chars = [...full];
    const sl = 1;
    const givenIdx = chars.map((_, i) => i).filter((i) => i >= sl);
    const N = E.name;
    let x = rand();
    const replaceGiven = (choose: (c: string) => string | undefined) => {
      for (const i of [...givenIdx].sort(() => rand() - 0.5)) {
        const c = choose(chars[i]!);
        if (c && c !== chars[i]) {
          chars[i] = c;
          return true;
        }
      }
      return false;
    };
    if ((x -= N.homophone) < 0) {
      if (!replaceGiven((c) => pickOther(homophones.get(c), c))) replaceGiven(() => pick(names.pool(2, 1990)));
    } else if ((x -= N.lookalike) < 0) {
      if (!replaceGiven((c) => lookalikeOf.get(c))) replaceGiven(() => pick(names.pool(2, 1990)));
    } else if ((x -= N.swapped) < 0) {
      if (givenIdx.length >= 2 && chars[1] !== chars[2]) [chars[1], chars[2]] = [chars[2]!, chars[1]!];
      else replaceGiven((c) => pickOther(homophones.get(c), c));
    } else if ((x -= N.missingOrExtra) < 0) {
      if (givenIdx.length >= 2) chars.splice(pick(givenIdx), 1);
      else chars.push(chars[chars.length - 1]!);
    } else if ((x -= N.randomCharacter) < 0) {
      replaceGiven(() => pick(names.pool(2, 1990)));
    } else if ((x -= N.surnameHomophone) < 0) {
      chars[0] = pickOther(homophones.get(chars[0]!), chars[0]!) ?? chars[0]!;
    } else if ((x -= N.otherGivenName) < 0) {
      return chars[0]! + names.given(1990, 2);
    }
    return chars.join('');
  }

  function pickOther(list: readonly string[] | undefined, c: string): string | undefined {
    const others = list?.filter((x) => x !== c) ?? [];
    return others.length ? pick(others) : undefined;
  }

  function dateError(date: string): string {
    const B = E.birthDate;
    const x = rand();
    const digits = date.replaceAll('-', '');
    const asDate = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
    const attempt = (make: () => string) => {
      for (let k = 0; k < 20; k++) {
        const d = asDate(make());
        if (d !== date && isValidDate(d)) return d;
      }
      return date;
    };
    if (x < B.digit) {
      return attempt(() => {
        const p = 2 + Math.floor(rand() * 6);
        return digits.slice(0, p) + String(Math.floor(rand() * 10)) + digits.slice(p + 1);
      });
    }
    if (x < B.digit + B.swappedDigits) {
      return attempt(() => {
        const p = 2 + Math.floor(rand() * 5);
        return digits.slice(0, p) + digits[p + 1] + digits[p] + digits.slice(p + 2);
      });
    }
    if (x < B.digit + B.swappedDigits + B.otherDay) {
      return attempt(() => digits.slice(0, 6) + pad2(1 + Math.floor(rand() * 28)));
    }
    if (x < B.digit + B.swappedDigits + B.otherDay + B.monthDaySwapped) {
      return attempt(() => digits.slice(0, 4) + digits.slice(6, 8) + digits.slice(4, 6));
    }
    return date;
  }

  function idTypo(id: string): string {
    for (;;) {
      const p = Math.floor(rand() * 17);
      const typo =
        rand() < 0.5 && id[p] !== id[p + 1]
          ? id.slice(0, p) + id[p + 1] + id[p] + id.slice(p + 2)
          : id.slice(0, p) + String((Number(id[p]) + 1 + Math.floor(rand() * 9)) % 10) + id.slice(p + 1);
      if (typo !== id) return typo;
    }
  }
}

/** Characters by reading, from the demo's name tables, the surnames and NAME_CHARS. */
function homophoneTable(): Map<string, string[]> {
  const chars = new Set<string>(NAME_CHARS);
  for (const sex of [1, 2] as const)
    for (const list of Object.values(GIVEN_NAMES[sex])) for (const n of list) for (const c of n) chars.add(c);
  const byReading = new Map<string, string[]>();
  for (const c of chars) {
    const r = pinyin(c, { toneType: 'none', v: true });
    byReading.set(r, [...(byReading.get(r) ?? []), c]);
  }
  // Surnames read in surname mode: 柳 for 刘, 章 for 张, 汪 for 王.
  for (const c of [...SURNAMES.map(([s]) => s), '柳', '章', '汪', '阳', '成', '鲍', '肖']) {
    const r = pinyin(c, { toneType: 'none', v: true, surname: 'head' });
    const list = byReading.get(r) ?? [];
    if (!list.includes(c)) byReading.set(r, [...list, c]);
  }
  const out = new Map<string, string[]>();
  for (const list of byReading.values()) for (const c of list) out.set(c, list);
  return out;
}

export type LinkageScore = {
  records: number;
  /** Feed records whose mother is in the registry. */
  matchable: number;
  matched: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
  review: number;
  reviewShare: number;
  /** Recall if reviewers pick the right candidate whenever it is among those shown. */
  recallAfterReview: number;
};

/** Precision and recall of automatic matches against the truth; review counts as not matched. */
export function scoreLinkage(
  results: ReadonlyArray<{
    feedKey: string;
    status: string;
    key: string | null;
    candidates: ReadonlyArray<{ key: string }>;
  }>,
  truth: ReadonlyMap<string, string | null>,
): LinkageScore {
  let matchable = 0;
  for (const v of truth.values()) if (v !== null) matchable++;
  let matched = 0;
  let correct = 0;
  let review = 0;
  let reviewedRight = 0;
  for (const r of results) {
    const t = truth.get(r.feedKey) ?? null;
    if (r.status === 'match') {
      matched++;
      if (t !== null && r.key === t) correct++;
    } else if (r.status === 'review') {
      review++;
      if (t !== null && r.candidates.some((c) => c.key === t)) reviewedRight++;
    }
  }
  const precision = matched ? correct / matched : 1;
  const recall = matchable ? correct / matchable : 1;
  return {
    records: results.length,
    matchable,
    matched,
    correct,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    review,
    reviewShare: results.length ? review / results.length : 0,
    recallAfterReview: matchable ? (correct + reviewedRight) / matchable : 1,
  };
}
