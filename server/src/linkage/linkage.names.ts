/**
 * Chinese name comparison for record linkage. Two names are compared to one of a few discrete
 * levels (what a Fellegi–Sunter model needs), not to a similarity score:
 *
 *   exact     同名                 the same characters
 *   pinyin    同音                 every character reads the same (张伟/张玮: homophones)
 *   similar   形近、错漏一字       look-alike characters (王己/王已), a dialect near-homophone
 *                                  (湖南 n/l, front/back nasals), two characters swapped (李明华/李华明),
 *                                  or one character missing or extra
 *   partial   同姓，名部分相同     the surnames agree and the given names share a character
 *   surname   仅同姓               the surnames agree, the given names do not
 *   different 不同                 anything else
 *
 * The comparison is the hot loop of linkage, so every name is interned once into small integer
 * arrays (one dense id per character) and every character once into its readings, its dialect
 * reading and its look-alike group: comparing two names is then a few array lookups.
 */
import { pinyin } from 'pinyin-pro';
import { normalizeName } from '../lib/pinyin.js';
import { foldKey } from './linkage.tables.js';

export const NAME_LEVELS = ['exact', 'pinyin', 'similar', 'partial', 'surname', 'different'] as const;
export type NameLevel = (typeof NAME_LEVELS)[number];

export const NAME_EXACT = 0;
export const NAME_PINYIN = 1;
export const NAME_SIMILAR = 2;
export const NAME_PARTIAL = 3;
export const NAME_SURNAME = 4;
export const NAME_DIFFERENT = 5;

/**
 * Two-character surnames (复姓) that still occur; the given name starts after them. From the
 * compound surnames of the 百家姓 that appear in present-day registers.
 */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  '欧阳', '司马', '诸葛', '上官', '司徒', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙',
  '宇文', '夏侯', '轩辕', '端木', '独孤', '南宫', '西门', '万俟', '闻人', '申屠', '澹台', '公冶',
  '宗政', '濮阳', '淳于', '单于', '太叔', '仲孙', '钟离', '拓跋', '呼延', '百里', '东郭', '司空',
]);

/**
 * Look-alike characters (形近字): groups whose members are confused in handwriting, in reading a
 * handwritten form and in OCR. Compiled by hand from the 形近字 lists used in Chinese primary-school
 * teaching and the common-misprint lists of 《咬文嚼字》, keeping pairs that differ in reading
 * (pairs that read the same are already homophones) and adding those frequent in names (王/玉,
 * 妹/姝, 季/秀). Not exhaustive: a missing pair falls to the "partial" level, not to a miss.
 */
export const LOOKALIKE_GROUPS: readonly string[] = [
  '己已巳', '未末', '候侯', '戍戌戊', '拨拔', '晴睛', '辩辨辫瓣', '士土', '日曰', '人入八', '大太犬',
  '刀力', '千干于', '天夭', '王玉主', '贝见', '木本术', '田由甲申', '白自', '今令', '免兔', '鸟乌',
  '住往', '历厉', '析折拆', '冶治', '壁璧', '崇祟', '即既', '炙灸', '赢嬴羸', '徽微', '季秀', '妹姝',
  '郁都', '凤风', '兵乒乓', '幼幻', '母毋', '侍待', '茶荼', '衷哀衰', '洒酒', '玫玖', '锡钖', '汩汨',
  '券卷', '春舂', '泰秦', '厂广', '午牛', '失矢', '延廷', '宇字', '汗汁', '问间',
];

/**
 * Near-homophones of 湘 (Xiang) and south-western Mandarin speakers, who often do not tell apart
 * n/l, zh/z, ch/c, sh/s, f/h before u, or -n/-ng: a clerk who writes what she hears may pick
 * 兰 for 南 or 琳 for 玲. Used only at the "similar" level, never as "same pinyin".
 */
function dialectReading(syllable: string): string {
  let s = syllable.replace(/^zh/, 'z').replace(/^ch/, 'c').replace(/^sh/, 's').replace(/^n(?!g)/, 'l');
  s = s.replace(/^hu/, 'fu');
  s = s.replace(/ng$/, 'n');
  return s;
}

const HAN = /\p{Script=Han}/u;
const NOISE = /[\s\u3000•.]/;

/** Interned characters and names. One table per linker: registry and feeds share it. */
export class NameTable {
  private readonly charIdOf = new Map<number, number>();
  /** Per character: id of its most common reading, of its dialect reading, of its look-alike group. */
  private readonly reading: number[] = [];
  private readonly dialect: number[] = [];
  private readonly group: number[] = [];
  /** Every reading of polyphonic characters (乐 le/yue): homophony is any shared reading. */
  private readonly readings: Array<readonly number[] | null> = [];
  private readonly syllableId = new Map<string, number>();
  private readonly lookalikeGroupOf = new Map<number, number>();

  private readonly nameIdOf = new Map<string, number>();
  private readonly start: number[] = [];
  private readonly length: number[] = [];
  private readonly surnameLength: number[] = [];
  private readonly surnameKey: number[] = [];
  private readonly givenKey: number[] = [];
  private readonly fullKey: number[] = [];
  private readonly pool: number[] = [];
  /** Surname readings as dense ids, so that combined keys stay small integers. */
  private readonly surnameKeyIds = new Map<string, number>();

  private readonly surnameKeys = new Map<string, number>();

  constructor() {
    LOOKALIKE_GROUPS.forEach((g, i) => {
      for (const ch of g) this.lookalikeGroupOf.set(ch.codePointAt(0)!, i);
    });
  }

  get size(): number {
    return this.start.length;
  }

  private syllable(s: string): number {
    let id = this.syllableId.get(s);
    if (id === undefined) {
      id = this.syllableId.size;
      this.syllableId.set(s, id);
    }
    return id;
  }

  private charId(code: number): number {
    const known = this.charIdOf.get(code);
    if (known !== undefined) return known;
    const id = this.reading.length;
    const ch = String.fromCodePoint(code);
    let all: string[] = [ch];
    if (HAN.test(ch)) {
      const r = pinyin(ch, { toneType: 'none', type: 'array', multiple: true, v: true });
      if (r.length > 0) all = r.map((s) => s.toLowerCase());
    }
    const ids = [...new Set(all.map((s) => this.syllable(s)))];
    this.reading.push(ids[0]!);
    this.readings.push(ids.length > 1 ? ids : null);
    this.dialect.push(this.syllable(`~${dialectReading(all[0]!)}`));
    // Characters outside the table are their own group; -1 - id cannot collide with a group index.
    this.group.push(this.lookalikeGroupOf.get(code) ?? -1 - id);
    this.charIdOf.set(code, id);
    return id;
  }

  private keyId(map: Map<string, number>, s: string): number {
    let id = map.get(s);
    if (id === undefined) {
      id = map.size;
      map.set(s, id);
    }
    return id;
  }

  /** Surnames read in surname mode (曾 zeng, 单 shan), as a dense key; few distinct, so cached. */
  private surnameKeyFor(surname: string): number {
    let k = this.surnameKeys.get(surname);
    if (k === undefined) {
      const reading = pinyin(surname, { toneType: 'none', type: 'array', surname: 'head', v: true }).join('').toLowerCase();
      k = this.keyId(this.surnameKeyIds, reading);
      this.surnameKeys.set(surname, k);
    }
    return k;
  }

  /** The id of a name, -1 for an empty or missing one. Names repeat: each is prepared once. */
  intern(raw: string | null | undefined): number {
    if (!raw) return -1;
    const known = this.nameIdOf.get(raw);
    if (known !== undefined) return known;
    // Most names are clean; the regexes of normalizeName cost more than the rest of interning.
    const clean = NOISE.test(raw) ? normalizeName(raw) : raw;
    const chars = Array.from(clean);
    if (chars.length === 0) {
      this.nameIdOf.set(raw, -1);
      return -1;
    }
    const id = this.start.length;
    this.start.push(this.pool.length);
    this.length.push(chars.length);
    for (const ch of chars) this.pool.push(this.charId(ch.codePointAt(0)!));
    const sl = chars.length >= 3 && COMPOUND_SURNAMES.has(chars[0]! + chars[1]!) ? 2 : 1;
    this.surnameLength.push(sl);
    const surnameKey = this.surnameKeyFor(sl === 1 ? chars[0]! : chars[0]! + chars[1]!);
    this.surnameKey.push(surnameKey);
    // The given name's reading as a number (12 bits a syllable, folded): no strings per name.
    let given = 0;
    for (let k = sl; k < chars.length; k++) given = (given * 4096 + this.reading[this.pool[this.start[id]! + k]!]! + 1) % 1_000_000_007;
    this.givenKey.push(given);
    this.fullKey.push(foldKey(surnameKey * 1_073_741_824 + given));
    this.nameIdOf.set(raw, id);
    return id;
  }

  /** Blocking key of the surname's pinyin (homophone surnames 刘/柳 share it). */
  surnameKeyOf(nameId: number): number {
    return this.surnameKey[nameId]!;
  }

  /** Blocking key of the given name's pinyin. */
  givenKeyOf(nameId: number): number {
    return this.givenKey[nameId]!;
  }

  /** Blocking key of the whole name's pinyin. */
  fullKeyOf(nameId: number): number {
    return this.fullKey[nameId]!;
  }

  /** 0 same character, 1 homophone, 2 look-alike or dialect near-homophone, 3 different. */
  private charRelation(a: number, b: number): number {
    if (a === b) return 0;
    const reading = this.reading;
    if (reading[a] === reading[b]) return 1;
    const ra = this.readings[a];
    const rb = this.readings[b];
    if (ra) {
      if (rb) {
        for (const x of ra) if (rb.includes(x)) return 1;
      } else if (ra.includes(reading[b]!)) return 1;
    } else if (rb && rb.includes(reading[a]!)) return 1;
    if (this.group[a] === this.group[b] || this.dialect[a] === this.dialect[b]) return 2;
    return 3;
  }

  /** The level of two interned names (NAME_EXACT … NAME_DIFFERENT), -1 when either is missing. */
  compare(x: number, y: number): number {
    if (x < 0 || y < 0) return -1;
    if (x === y) return NAME_EXACT;
    const pool = this.pool;
    const sx = this.start[x]!;
    const sy = this.start[y]!;
    const lx = this.length[x]!;
    const ly = this.length[y]!;
    // Most candidate pairs (same birth date, other person) differ from the first character on.
    // Every level above "different" needs the first characters related, or one of them related
    // to the other name's second (a swap at the front, a missing first character): if none is,
    // the names are different, whatever follows.
    const x0 = pool[sx]!;
    const y0 = pool[sy]!;
    if (
      this.charRelation(x0, y0) === 3 &&
      (ly < 2 || this.charRelation(x0, pool[sy + 1]!) === 3) &&
      (lx < 2 || this.charRelation(pool[sx + 1]!, y0) === 3)
    ) {
      return NAME_DIFFERENT;
    }
    if (lx === ly) {
      let worst = 0;
      let diffs = 0;
      let firstDiff = -1;
      let lastDiff = -1;
      for (let i = 0; i < lx; i++) {
        const r = this.charRelation(pool[sx + i]!, pool[sy + i]!);
        if (r === 3) {
          diffs++;
          if (firstDiff < 0) firstDiff = i;
          lastDiff = i;
        } else if (r > worst) worst = r;
      }
      if (diffs === 0) return worst === 0 ? NAME_EXACT : worst === 1 ? NAME_PINYIN : NAME_SIMILAR;
      // Two neighbours swapped (李明华/李华明): the only two differences, crosswise equal.
      if (
        diffs === 2 &&
        lastDiff === firstDiff + 1 &&
        this.charRelation(pool[sx + firstDiff]!, pool[sy + lastDiff]!) < 3 &&
        this.charRelation(pool[sx + lastDiff]!, pool[sy + firstDiff]!) < 3
      ) {
        return NAME_SIMILAR;
      }
    } else if (lx === ly + 1 || ly === lx + 1) {
      // One character missing or extra (欧阳娜娜/欧娜娜, 李娟/李娟娟): the shorter is the longer
      // with one character left out.
      const [ls, ss, ll, sl] = lx > ly ? [sx, sy, lx, ly] : [sy, sx, ly, lx];
      let skipped = false;
      let ok = true;
      for (let i = 0, j = 0; j < sl; ) {
        if (this.charRelation(pool[ls + i]!, pool[ss + j]!) < 3) {
          i++;
          j++;
        } else if (!skipped && i + 1 < ll) {
          skipped = true;
          i++;
        } else {
          ok = false;
          break;
        }
      }
      if (ok) return NAME_SIMILAR;
    }
    // Surname rules: compared as a unit (a compound surname is one surname), then the given name.
    const slx = this.surnameLength[x]!;
    const sly = this.surnameLength[y]!;
    if (slx !== sly) return NAME_DIFFERENT;
    for (let i = 0; i < slx; i++) {
      if (this.charRelation(pool[sx + i]!, pool[sy + i]!) === 3) return NAME_DIFFERENT;
    }
    for (let i = slx; i < lx; i++) {
      for (let j = sly; j < ly; j++) {
        if (this.charRelation(pool[sx + i]!, pool[sy + j]!) < 3) return NAME_PARTIAL;
      }
    }
    return NAME_SURNAME;
  }

  /** The surname as written, for tests and explanations. */
  surnameOf(nameId: number): string {
    const codes: number[] = [];
    const ids = [...this.charIdOf.entries()];
    for (let i = 0; i < this.surnameLength[nameId]!; i++) {
      const cid = this.pool[this.start[nameId]! + i]!;
      codes.push(ids.find(([, v]) => v === cid)![0]);
    }
    return String.fromCodePoint(...codes);
  }
}

/** Compares two names as written; for tests and single explanations (the engine interns once). */
export function compareNames(a: string, b: string, table: NameTable = new NameTable()): NameLevel | null {
  const level = table.compare(table.intern(a), table.intern(b));
  return level < 0 ? null : NAME_LEVELS[level]!;
}
