/**
 * The columns an import understands, per kind of file: the header the template uses, the other
 * headers offices use for the same thing (synonyms), whether it is required, and what the
 * template's instructions sheet says about it.
 */
import { normalizeLabel, type Header } from '../lib/sheetHeader.js';

export type ImportKind = 'persons' | 'events';

export type FieldDef<K extends string = string> = {
  key: K;
  header: string;
  synonyms: string[];
  required: boolean;
  note: string;
  example: string;
  /** Template column holds digits that Excel must keep as text (ID numbers, codes). */
  text?: boolean;
  /** Template drop-down choices. */
  choices?: string[];
};

const ID_SYNONYMS = [
  '身份证号',
  '身份证',
  '公民身份号码',
  '公民身份证号码',
  '身份证件号码',
  '证件号码',
  '证件号',
  '居民身份证号码',
  '居民身份证号',
  '身份号码',
];

const idSynonyms = (who: string) => [
  ...ID_SYNONYMS.map((s) => who + s),
  ...ID_SYNONYMS.map((s) => `${who}的${s}`),
  `${who}身份证号码`,
];

export const PERSON_FIELDS = [
  {
    key: 'idNumber',
    header: '身份证号码',
    synonyms: ID_SYNONYMS,
    required: false,
    text: true,
    note: '18位居民身份证号码（旧15位号码自动升位）；可用全角数字、小写x。未办理身份证的新生儿可不填，但须填写性别和出生日期。',
    example: '430623198804120317',
  },
  {
    key: 'name',
    header: '姓名',
    synonyms: ['人员姓名', '成员姓名', '名字', '户籍人口姓名'],
    required: true,
    note: '姓名中的空格会被去掉。',
    example: '李建国',
  },
  {
    key: 'sex',
    header: '性别',
    synonyms: ['性别代码'],
    required: false,
    choices: ['男', '女'],
    note: '男/女 或 1/2；填写了身份证号码时可不填（须与号码一致）。',
    example: '男',
  },
  {
    key: 'birthDate',
    header: '出生日期',
    synonyms: ['出生年月日', '出生时间', '生日', '出生年月'],
    required: false,
    note: '2016-03-05、2016年3月5日、2016/3/5、2016.3.5、20160305 或 Excel 日期；不接受 3/5/2016（月日顺序不明）。填写了身份证号码时可不填（须与号码一致）。',
    example: '1988-04-12',
  },
  {
    key: 'ethnicity',
    header: '民族',
    synonyms: ['民族代码'],
    required: false,
    note: '民族名称（汉族、土家族）或两位代码（GB 3304）；不填按汉族。',
    example: '汉族',
  },
  {
    key: 'hukouType',
    header: '户口性质',
    synonyms: ['户籍性质', '户口类别', '户口类型', '户别'],
    required: true,
    choices: ['农业', '非农业'],
    note: '农业 或 非农业。',
    example: '农业',
  },
  {
    key: 'householdNumber',
    header: '户号',
    synonyms: ['户编号', '户籍户号', '家庭户号', '户口簿号'],
    required: false,
    text: true,
    note: '同一户号的人员为一户；户号已在系统中时加入该户。',
    example: '4306231012080001',
  },
  {
    key: 'relationship',
    header: '与户主关系',
    synonyms: ['与户主的关系', '家庭关系', '与户主关系代码', '关系'],
    required: false,
    note: '户主、配偶、子、女、长子、儿媳 等，或两位代码（GB/T 4761）。',
    example: '户主',
  },
  {
    key: 'hukouUnit',
    header: '户籍村（社区）代码',
    synonyms: [
      '户籍村（社区）',
      '户籍村社区代码',
      '户籍村',
      '户籍地代码',
      '户籍地',
      '村（社区）代码',
      '村社区代码',
      '村（社区）',
      '所属村（社区）',
      '村（居）委会',
      '村居委会',
      '户籍所在村',
    ],
    required: true,
    text: true,
    note: '12位村（社区）统计代码，或村（社区）名称（县内重名时须写代码或“乡镇+村”）；也可写14位村民小组代码。须在本人辖区内。',
    example: '430623101208',
  },
  {
    key: 'address',
    header: '户籍地址',
    synonyms: ['户籍详细地址', '住址', '地址', '家庭住址', '户籍地详址'],
    required: false,
    note: '户的地址，取户主一行（或该户第一个填写的）。',
    example: '华容县三封寺镇新铺村1组8号',
  },
  {
    key: 'residenceUnit',
    header: '现住村（社区）',
    synonyms: ['现住村（社区）代码', '现住地', '现居住地', '居住地村（社区）', '现住址村（社区）', '常住地'],
    required: false,
    text: true,
    note: '实际居住的村（社区），代码或名称；不填同户籍村（社区）。',
    example: '430623101208',
  },
  {
    key: 'motherIdNumber',
    header: '母亲身份证号',
    synonyms: idSynonyms('母亲'),
    required: false,
    text: true,
    note: '母亲在本文件中或已在登记系统中时建立关联；都不在时只提示，不建立关联。',
    example: '',
  },
  {
    key: 'fatherIdNumber',
    header: '父亲身份证号',
    synonyms: idSynonyms('父亲'),
    required: false,
    text: true,
    note: '同母亲。',
    example: '',
  },
  {
    key: 'spouseIdNumber',
    header: '配偶身份证号',
    synonyms: idSynonyms('配偶'),
    required: false,
    text: true,
    note: '配偶已在登记系统中且尚无配偶时，同时为其建立关联。',
    example: '',
  },
  {
    key: 'maritalStatus',
    header: '婚姻状况',
    synonyms: ['婚姻状态', '婚姻状况代码', '婚否'],
    required: false,
    choices: ['未婚', '已婚', '丧偶', '离婚'],
    note: '未婚、已婚（初婚、再婚、复婚）、丧偶、离婚，或代码（GB/T 2261.2）；不填时有配偶为已婚，否则为未说明。',
    example: '已婚',
  },
  {
    key: 'birthOrder',
    header: '孩次',
    synonyms: ['出生孩次', '生育孩次', '孩次（第几孩）'],
    required: false,
    note: '母亲的第几个孩子（1、2、3…）。',
    example: '',
  },
] as const satisfies readonly FieldDef[];

export type PersonField = (typeof PERSON_FIELDS)[number]['key'];

export const EVENT_TYPES = {
  出生: 'birth',
  死亡: 'death',
  结婚: 'marriage',
  离婚: 'divorce',
  迁入: 'move_in',
  迁出: 'move_out',
} as const;
export type ImportedEventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

export const EVENT_FIELDS = [
  {
    key: 'type',
    header: '事件类型',
    synonyms: ['类型', '变动类型', '事件', '变动事项'],
    required: true,
    choices: Object.keys(EVENT_TYPES),
    note: '出生、死亡、结婚、离婚、迁入、迁出。',
    example: '死亡',
  },
  {
    key: 'eventDate',
    header: '事件日期',
    synonyms: ['发生日期', '变动日期', '日期', '事件发生日期'],
    required: true,
    note: '同人员模板的日期写法。',
    example: '2016-03-05',
  },
  {
    key: 'idNumber',
    header: '身份证号码',
    synonyms: ID_SYNONYMS,
    required: true,
    text: true,
    note: '事件当事人（出生事件为婴儿本人），须已在登记系统中（可先导入人员）。',
    example: '430623195001200628',
  },
  {
    key: 'name',
    header: '姓名',
    synonyms: ['人员姓名', '当事人姓名'],
    required: false,
    note: '填写时须与登记系统一致，用于核对。',
    example: '',
  },
  {
    key: 'spouseIdNumber',
    header: '配偶身份证号',
    synonyms: idSynonyms('配偶'),
    required: false,
    text: true,
    note: '结婚、离婚：配偶已在登记系统中时一并变更。',
    example: '',
  },
  {
    key: 'unit',
    header: '村（社区）代码',
    synonyms: ['村（社区）', '发生地村（社区）', '村社区代码', '报告村（社区）'],
    required: false,
    text: true,
    note: '事件所属村（社区），不填取当事人户籍村（社区）。',
    example: '',
  },
  {
    key: 'place',
    header: '迁出地/迁往地',
    synonyms: ['迁出地', '迁往地', '迁入地', '来源地', '去向', '地点', '迁移地'],
    required: false,
    note: '迁入填迁出地，迁出填迁往地。',
    example: '',
  },
  { key: 'cause', header: '死亡原因', synonyms: ['死因'], required: false, note: '', example: '' },
  {
    key: 'weightGrams',
    header: '出生体重（克）',
    synonyms: ['出生体重', '体重（克）', '体重'],
    required: false,
    note: '出生事件，300–7000。',
    example: '',
  },
  {
    key: 'gestationalWeeks',
    header: '孕周',
    synonyms: ['出生孕周'],
    required: false,
    note: '出生事件，20–45。',
    example: '',
  },
  {
    key: 'defect',
    header: '出生缺陷',
    synonyms: ['是否出生缺陷', '有无出生缺陷'],
    required: false,
    choices: ['否', '是'],
    note: '是/否。',
    example: '',
  },
  { key: 'note', header: '备注', synonyms: ['说明'], required: false, note: '', example: '' },
] as const satisfies readonly FieldDef[];

export type EventField = (typeof EVENT_FIELDS)[number]['key'];

export const FIELDS: Record<ImportKind, readonly FieldDef[]> = { persons: PERSON_FIELDS, events: EVENT_FIELDS };

export const KIND_NAMES: Record<ImportKind, string> = { persons: '人员与家庭户', events: '历史事件' };

/** Header text reduced to what identifies it: no spaces, brackets, colons or 必填 marks. */
export function headerKey(label: string): string {
  return normalizeLabel(label)
    .replace(/[（(]/g, '（')
    .replace(/[)）]/g, '）')
    .replace(/[:：]$/, '')
    .replace(/号码$/, '号')
    .toLowerCase();
}

function synonymIndex(kind: ImportKind): Map<string, string> {
  const index = new Map<string, string>();
  for (const f of FIELDS[kind]) {
    for (const label of [f.header, f.key, ...f.synonyms]) {
      const k = headerKey(label);
      if (!index.has(k)) index.set(k, f.key);
      // 户籍村（社区）代码 also as 户籍村社区代码.
      const bare = k.replace(/[（）]/g, '');
      if (!index.has(bare)) index.set(bare, f.key);
    }
  }
  return index;
}

const INDEX: Record<ImportKind, Map<string, string>> = {
  persons: synonymIndex('persons'),
  events: synonymIndex('events'),
};

export function fieldForLabel(kind: ImportKind, label: string): string | undefined {
  const k = headerKey(label);
  return INDEX[kind].get(k) ?? INDEX[kind].get(k.replace(/[（）]/g, ''));
}

export type ColumnMapping = Record<string, string>;

export type MappedColumn = { index: number; letter: string; header: string; field: string };

/**
 * Which column feeds which field. The importer's mapping ({file header: field}, or to '' to
 * ignore a column) wins; other columns are matched through the synonyms. A field fed by two
 * columns is refused, since either could be meant.
 */
export function mapColumns(
  kind: ImportKind,
  header: Header,
  mapping: ColumnMapping = {},
): { columns: MappedColumn[]; suggested: ColumnMapping; unmapped: string[]; problems: string[] } {
  const valid = new Set(FIELDS[kind].map((f) => f.key));
  const explicit = new Map(Object.entries(mapping).map(([h, f]) => [headerKey(h), f]));
  const columns: MappedColumn[] = [];
  const suggested: ColumnMapping = {};
  const unmapped: string[] = [];
  const problems: string[] = [];
  for (const [h, f] of Object.entries(mapping)) {
    if (f && !valid.has(f)) problems.push(`列对应关系中的字段“${f}”不存在（列“${h}”）`);
  }
  for (const col of header.columns) {
    let field: string | undefined;
    let label = col.display;
    for (const l of col.labels) {
      if (explicit.has(headerKey(l))) {
        field = explicit.get(headerKey(l)) || undefined;
        label = l;
        break;
      }
    }
    const mappedExplicitly = col.labels.some((l) => explicit.has(headerKey(l)));
    if (!mappedExplicitly) {
      // A label shared with another column ("身份证号码" under both 母亲 and 父亲) yields to the
      // label read together with its group title ("母亲身份证号码") when that names a field.
      const candidates = col.labels.flatMap((l) => {
        const f = fieldForLabel(kind, l);
        return f ? [{ l, f }] : [];
      });
      let pick = candidates[0];
      const shared = (f: string) =>
        header.columns.some((o) => o !== col && o.labels[0] !== undefined && fieldForLabel(kind, o.labels[0]) === f);
      if (pick && candidates.length > 1 && pick.l === col.labels[0] && shared(pick.f)) pick = candidates[1];
      if (pick) {
        field = pick.f;
        label = pick.l;
      }
    }
    if (field && valid.has(field)) {
      columns.push({ index: col.index, letter: col.letter, header: label, field });
      suggested[label] = field;
    } else if (!mappedExplicitly) {
      unmapped.push(col.display);
    }
  }
  const byField = new Map<string, MappedColumn[]>();
  for (const c of columns) byField.set(c.field, [...(byField.get(c.field) ?? []), c]);
  for (const [field, cols] of byField) {
    if (cols.length > 1) {
      const def = FIELDS[kind].find((f) => f.key === field)!;
      problems.push(
        `“${def.header}”对应了多列（${cols.map((c) => `${c.letter}列“${c.header}”`).join('、')}），请在列对应关系中只保留一列`,
      );
    }
  }
  for (const f of FIELDS[kind]) {
    if (f.required && !byField.has(f.key))
      problems.push(`缺少必填列“${f.header}”（也可写作：${f.synonyms.slice(0, 3).join('、')}），或在列对应关系中指定`);
  }
  return { columns, suggested, unmapped, problems };
}

/** Is this label a header we know, for finding the header row? */
export const isKnownLabel = (kind: ImportKind) => (label: string) => fieldForLabel(kind, label) !== undefined;
