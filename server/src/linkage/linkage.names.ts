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
import { foldKey, growShared, sharedInt32 } from './linkage.tables.js';

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
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '司徒',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '长孙',
  '宇文',
  '夏侯',
  '轩辕',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '万俟',
  '闻人',
  '申屠',
  '澹台',
  '公冶',
  '宗政',
  '濮阳',
  '淳于',
  '单于',
  '太叔',
  '仲孙',
  '钟离',
  '拓跋',
  '呼延',
  '百里',
  '东郭',
  '司空',
]);

/**
 * Look-alike characters (形近字): groups whose members are confused in handwriting, in reading a
 * handwritten form and in OCR. Compiled by hand from the 形近字 lists used in Chinese primary-school
 * teaching and the common-misprint lists of 《咬文嚼字》, keeping pairs that differ in reading
 * (pairs that read the same are already homophones) and adding those frequent in names (王/玉,
 * 妹/姝, 季/秀). Not exhaustive: a missing pair falls to the "partial" level, not to a miss.
 */
export const LOOKALIKE_GROUPS: readonly string[] = [
  '己已巳',
  '未末',
  '候侯',
  '戍戌戊',
  '拨拔',
  '晴睛',
  '辩辨辫瓣',
  '士土',
  '日曰',
  '人入八',
  '大太犬',
  '刀力',
  '千干于',
  '天夭',
  '王玉主',
  '贝见',
  '木本术',
  '田由甲申',
  '白自',
  '今令',
  '免兔',
  '鸟乌',
  '住往',
  '历厉',
  '析折拆',
  '冶治',
  '壁璧',
  '崇祟',
  '即既',
  '炙灸',
  '赢嬴羸',
  '徽微',
  '季秀',
  '妹姝',
  '郁都',
  '凤风',
  '兵乒乓',
  '幼幻',
  '母毋',
  '侍待',
  '茶荼',
  '衷哀衰',
  '洒酒',
  '玫玖',
  '锡钖',
  '汩汨',
  '券卷',
  '春舂',
  '泰秦',
  '厂广',
  '午牛',
  '失矢',
  '延廷',
  '宇字',
  '汗汁',
  '问间',
];

/**
 * Near-homophones of 湘 (Xiang) and south-western Mandarin speakers, who often do not tell apart
 * n/l, zh/z, ch/c, sh/s, f/h before u, or -n/-ng: a clerk who writes what she hears may pick
 * 兰 for 南 or 琳 for 玲. Used only at the "similar" level, never as "same pinyin".
 */
function dialectReading(syllable: string): string {
  let s = syllable
    .replace(/^zh/, 'z')
    .replace(/^ch/, 'c')
    .replace(/^sh/, 's')
    .replace(/^n(?!g)/, 'l');
  s = s.replace(/^hu/, 'fu');
  s = s.replace(/ng$/, 'n');
  return s;
}

const HAN = /\p{Script=Han}/u;
const NOISE = /[\s\u3000•.]/;

/**
 * Per name, one row of NAME_STRIDE int32: where its characters start in the pool, how many,
 * the surname's length, and the three blocking keys. One row is one read for compare(), which
 * needs start, length and surname length of both names.
 */
const N_START = 0;
const N_LENGTH = 1;
const N_SURNAME_LENGTH = 2;
const N_SURNAME_KEY = 3;
const N_GIVEN_KEY = 4;
const N_FULL_KEY = 5;
const NAME_STRIDE = 8;

/**
 * The arrays compare() and the blocking keys read, all in shared memory: what a worker thread
 * needs to compare names interned by the main thread (NameTable.view). Only the first `names`
 * rows and `chars` characters are valid; the arrays are replaced, not grown in place, when full.
 */
export type NameTableState = {
  names: number;
  chars: number;
  rows: Int32Array;
  pool: Int32Array;
  reading: Int32Array;
  dialect: Int32Array;
  group: Int32Array;
  /** Every reading of character c is readingPool[readingStart[c] … readingStart[c + 1]). */
  readingStart: Int32Array;
  readingPool: Int32Array;
};

/** `a` if it holds `needed` values, else a shared copy at least twice as long. */
const room = (a: Int32Array, needed: number): Int32Array =>
  needed <= a.length ? a : growShared(a, Math.max(needed, a.length * 2));

/** Interned characters and names. One table per linker: registry and feeds share it. */
export class NameTable {
  private readonly charIdOf = new Map<number, number>();
  private chars = 0;
  /** Per character: id of its most common reading, of its dialect reading, of its look-alike group. */
  private reading = sharedInt32(1024);
  private dialect = sharedInt32(1024);
  private group = sharedInt32(1024);
  /**
   * Every reading of each character (乐 le/yue; one for most), as compressed rows: homophony is
   * any shared reading.
   */
  private readingStart = sharedInt32(1025);
  private readingPool = sharedInt32(2048);
  private readonly syllableId = new Map<string, number>();
  private readonly lookalikeGroupOf = new Map<number, number>();

  private readonly nameIdOf = new Map<string, number>();
  private names = 0;
  private rows = sharedInt32(1024 * NAME_STRIDE);
  private poolLength = 0;
  private pool = sharedInt32(4096);
  /** Surname readings as dense ids, so that combined keys stay small integers. */
  private readonly surnameKeyIds = new Map<string, number>();

  private readonly surnameKeys = new Map<string, number>();

  constructor() {
    LOOKALIKE_GROUPS.forEach((g, i) => {
      for (const ch of g) this.lookalikeGroupOf.set(ch.codePointAt(0)!, i);
    });
  }

  /** The arrays as they are now, to hand to a worker; valid until the next intern(). */
  state(): NameTableState {
    return {
      names: this.names,
      chars: this.chars,
      rows: this.rows,
      pool: this.pool,
      reading: this.reading,
      dialect: this.dialect,
      group: this.group,
      readingStart: this.readingStart,
      readingPool: this.readingPool,
    };
  }

  /**
   * Room for `names` more names of `chars` characters in all without replacing any array
   * (names and their characters: always; new distinct characters and their readings: up to a
   * generous bound, which sameArrays() tells whether interning stayed within).
   */
  reserve(names: number, chars: number): void {
    this.rows = room(this.rows, (this.names + names) * NAME_STRIDE);
    this.pool = room(this.pool, this.poolLength + chars);
    const distinct = this.chars + Math.min(chars, 1 << 16);
    this.reading = room(this.reading, distinct);
    this.dialect = room(this.dialect, distinct);
    this.group = room(this.group, distinct);
    this.readingStart = room(this.readingStart, distinct + 1);
    this.readingPool = room(this.readingPool, this.readingStart[this.chars]! + 4 * (distinct - this.chars));
  }

  /** Whether the table still reads the arrays of `state` (no array was replaced since). */
  sameArrays(state: NameTableState): boolean {
    return (
      this.rows === state.rows &&
      this.pool === state.pool &&
      this.reading === state.reading &&
      this.dialect === state.dialect &&
      this.group === state.group &&
      this.readingStart === state.readingStart &&
      this.readingPool === state.readingPool
    );
  }

  /**
   * A table that compares names interned by another thread, from their shared arrays: the same
   * compare() and blocking keys, nothing to intern with (intern() must not be called on it).
   */
  static view(state: NameTableState): NameTable {
    const t = Object.create(NameTable.prototype) as NameTable;
    t.names = state.names;
    t.chars = state.chars;
    t.rows = state.rows;
    t.pool = state.pool;
    t.poolLength = 0;
    t.reading = state.reading;
    t.dialect = state.dialect;
    t.group = state.group;
    t.readingStart = state.readingStart;
    t.readingPool = state.readingPool;
    return t;
  }

  get size(): number {
    return this.names;
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
    const id = this.chars;
    const ch = String.fromCodePoint(code);
    let all: string[] = [ch];
    if (HAN.test(ch)) {
      const r = pinyin(ch, { toneType: 'none', type: 'array', multiple: true, v: true });
      if (r.length > 0) all = r.map((s) => s.toLowerCase());
    }
    const ids = [...new Set(all.map((s) => this.syllable(s)))];
    this.reading = room(this.reading, id + 1);
    this.dialect = room(this.dialect, id + 1);
    this.group = room(this.group, id + 1);
    this.readingStart = room(this.readingStart, id + 2);
    const rs = this.readingStart[id]!;
    this.readingPool = room(this.readingPool, rs + ids.length);
    this.readingPool.set(ids, rs);
    this.readingStart[id + 1] = rs + ids.length;
    this.reading[id] = ids[0]!;
    this.dialect[id] = this.syllable(`~${dialectReading(all[0]!)}`);
    // Characters outside the table are their own group; -1 - id cannot collide with a group index.
    this.group[id] = this.lookalikeGroupOf.get(code) ?? -1 - id;
    this.chars = id + 1;
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
      const reading = pinyin(surname, { toneType: 'none', type: 'array', surname: 'head', v: true })
        .join('')
        .toLowerCase();
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
    const id = this.names;
    this.rows = room(this.rows, (id + 1) * NAME_STRIDE);
    const start = this.poolLength;
    this.pool = room(this.pool, start + chars.length);
    for (let k = 0; k < chars.length; k++) this.pool[start + k] = this.charId(chars[k]!.codePointAt(0)!);
    this.poolLength = start + chars.length;
    const sl = chars.length >= 3 && COMPOUND_SURNAMES.has(chars[0]! + chars[1]!) ? 2 : 1;
    const surnameKey = this.surnameKeyFor(sl === 1 ? chars[0]! : chars[0]! + chars[1]!);
    // The given name's reading as a number (12 bits a syllable, folded): no strings per name.
    let given = 0;
    for (let k = sl; k < chars.length; k++)
      given = (given * 4096 + this.reading[this.pool[start + k]!]! + 1) % 1_000_000_007;
    const o = id * NAME_STRIDE;
    const rows = this.rows;
    rows[o + N_START] = start;
    rows[o + N_LENGTH] = chars.length;
    rows[o + N_SURNAME_LENGTH] = sl;
    rows[o + N_SURNAME_KEY] = surnameKey;
    rows[o + N_GIVEN_KEY] = given;
    rows[o + N_FULL_KEY] = foldKey(surnameKey * 1_073_741_824 + given);
    this.names = id + 1;
    this.nameIdOf.set(raw, id);
    return id;
  }

  /** Blocking key of the surname's pinyin (homophone surnames 刘/柳 share it). */
  surnameKeyOf(nameId: number): number {
    return this.rows[nameId * NAME_STRIDE + N_SURNAME_KEY]!;
  }

  /** Blocking key of the given name's pinyin. */
  givenKeyOf(nameId: number): number {
    return this.rows[nameId * NAME_STRIDE + N_GIVEN_KEY]!;
  }

  /** Blocking key of the whole name's pinyin. */
  fullKeyOf(nameId: number): number {
    return this.rows[nameId * NAME_STRIDE + N_FULL_KEY]!;
  }

  /** 0 same character, 1 homophone, 2 look-alike or dialect near-homophone, 3 different. */
  private charRelation(a: number, b: number): number {
    if (a === b) return 0;
    const reading = this.reading;
    if (reading[a] === reading[b]) return 1;
    // Polyphonic characters: any shared reading (for the others, the one reading compared above).
    const start = this.readingStart;
    const as = start[a]!;
    const ae = start[a + 1]!;
    const bs = start[b]!;
    const be = start[b + 1]!;
    if (ae - as > 1 || be - bs > 1) {
      const pool = this.readingPool;
      for (let p = as; p < ae; p++) {
        const x = pool[p]!;
        for (let q = bs; q < be; q++) if (pool[q] === x) return 1;
      }
    }
    if (this.group[a] === this.group[b] || this.dialect[a] === this.dialect[b]) return 2;
    return 3;
  }

  /** The level of two interned names (NAME_EXACT … NAME_DIFFERENT), -1 when either is missing. */
  compare(x: number, y: number): number {
    if (x < 0 || y < 0) return -1;
    if (x === y) return NAME_EXACT;
    const pool = this.pool;
    const rows = this.rows;
    const ox = x * NAME_STRIDE;
    const oy = y * NAME_STRIDE;
    const sx = rows[ox + N_START]!;
    const sy = rows[oy + N_START]!;
    const lx = rows[ox + N_LENGTH]!;
    const ly = rows[oy + N_LENGTH]!;
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
      for (let i = 0, j = 0; j < sl;) {
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
    const slx = rows[ox + N_SURNAME_LENGTH]!;
    const sly = rows[oy + N_SURNAME_LENGTH]!;
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
    const o = nameId * NAME_STRIDE;
    for (let i = 0; i < this.rows[o + N_SURNAME_LENGTH]!; i++) {
      const cid = this.pool[this.rows[o + N_START]! + i]!;
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
