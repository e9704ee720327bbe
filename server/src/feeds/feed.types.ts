/**
 * The feeds departments send, as data: for each type its name, the department that sends it,
 * the kinds of record its rows report, and its columns (the header the template uses, the other
 * headers offices write for the same thing, whether it is required). The column mapping works
 * as the bulk import's does (imports/import.fields.ts): any column order, title rows above the
 * header, synonyms. Words that stand as group titles over two-row headers (母亲, 新生儿, 男方)
 * are never synonyms on their own: the title row would then look like the header.
 */
import { headerKey, type FieldDef } from '../imports/import.fields.js';

export const FEED_TYPE_CODES = ['police_hukou', 'hospital_birth', 'civil_affairs', 'education'] as const;
export type FeedTypeCode = (typeof FEED_TYPE_CODES)[number];

export const RECORD_TYPES = [
  'birth',
  'death',
  'move_in',
  'move_out',
  'marriage',
  'divorce',
  'cremation',
  'enrolment',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export const RECORD_TYPE_NAMES: Record<RecordType, { zh: string; en: string }> = {
  birth: { zh: '出生', en: 'Birth' },
  death: { zh: '死亡', en: 'Death' },
  move_in: { zh: '迁入', en: 'Move in' },
  move_out: { zh: '迁出', en: 'Move out' },
  marriage: { zh: '结婚', en: 'Marriage' },
  divorce: { zh: '离婚', en: 'Divorce' },
  cremation: { zh: '火化', en: 'Cremation' },
  enrolment: { zh: '入学', en: 'School enrolment' },
};

export type FeedColumn = FieldDef;

export type FeedType = {
  code: FeedTypeCode;
  nameZh: string;
  nameEn: string;
  /** The department that usually sends it (a credential or the uploader may name another). */
  department: { code: string; nameZh: string; nameEn: string };
  recordTypes: readonly RecordType[];
  /** Words the 业务类型 column may hold, per record type (feeds with several kinds of rows). */
  businessTypes?: Readonly<Record<string, RecordType>>;
  columns: readonly FeedColumn[];
};

const ID_SYNONYMS = [
  '身份证号码',
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
const idSynonyms = (who: string) => [...ID_SYNONYMS.map((s) => who + s), ...ID_SYNONYMS.map((s) => `${who}的${s}`)];
const UNIT_SYNONYMS = [
  '户籍村（社区）代码',
  '户籍村代码',
  '村代码',
  '村（社区）',
  '户籍村（社区）',
  '村（居）委会代码',
  '村居委会代码',
  '户籍地代码',
  '行政区划代码',
  '村社区代码',
];
const ADDRESS_SYNONYMS = ['户籍详细地址', '户籍详址', '户籍地址详址', '住址', '地址', '家庭住址', '户籍所在地'];
const DATE_NOTE = '2016-03-05、2016年3月5日、2016/3/5、20160305 或 Excel 日期';

const col = (c: FeedColumn): FeedColumn => c;

export const POLICE_HUKOU: FeedType = {
  code: 'police_hukou',
  nameZh: '公安户籍变动',
  nameEn: 'Police household registration changes',
  department: { code: 'police', nameZh: '县公安局', nameEn: 'County public security bureau' },
  recordTypes: ['birth', 'death', 'move_in', 'move_out'],
  businessTypes: {
    出生登记: 'birth',
    出生: 'birth',
    出生申报: 'birth',
    新生儿登记: 'birth',
    死亡注销: 'death',
    死亡: 'death',
    死亡登记: 'death',
    迁入: 'move_in',
    迁入登记: 'move_in',
    户口迁入: 'move_in',
    迁出: 'move_out',
    迁出注销: 'move_out',
    户口迁出: 'move_out',
  },
  columns: [
    col({
      key: 'businessType',
      header: '业务类型',
      synonyms: ['变动类型', '业务名称', '变动原因', '户籍业务类型', '变动事项', '业务'],
      required: true,
      choices: ['出生登记', '死亡注销', '迁入', '迁出'],
      note: '出生登记、死亡注销、迁入、迁出。',
      example: '出生登记',
    }),
    col({
      key: 'idNumber',
      header: '身份证号',
      synonyms: ID_SYNONYMS,
      required: true,
      text: true,
      note: '18位公民身份号码（旧15位号码自动升位）。',
      example: '430623201603050021',
    }),
    col({
      key: 'name',
      header: '姓名',
      synonyms: ['人员姓名', '当事人姓名', '户籍人员姓名'],
      required: true,
      note: '',
      example: '李小雨',
    }),
    col({
      key: 'sex',
      header: '性别',
      synonyms: ['性别代码'],
      required: false,
      choices: ['男', '女'],
      note: '男/女 或 1/2；不填按身份证号码。',
      example: '女',
    }),
    col({
      key: 'birthDate',
      header: '出生日期',
      synonyms: ['出生年月日', '出生时间'],
      required: false,
      note: `${DATE_NOTE}；不填按身份证号码。`,
      example: '2016-03-05',
    }),
    col({
      key: 'changeDate',
      header: '变动日期',
      synonyms: ['业务日期', '办理日期', '登记日期', '注销日期', '迁移日期', '变动时间', '办理时间'],
      required: true,
      note: `户籍变动办理的日期；${DATE_NOTE}。`,
      example: '2016-03-20',
    }),
    col({
      key: 'deathDate',
      header: '死亡日期',
      synonyms: ['死亡时间'],
      required: false,
      note: '死亡注销：死亡的日期（不填按变动日期）。',
      example: '',
    }),
    col({
      key: 'unit',
      header: '村（社区）代码',
      synonyms: UNIT_SYNONYMS,
      required: false,
      text: true,
      note: '12位村（社区）统计代码，或村（社区）名称；不填时按户籍地址识别。',
      example: '430623101208',
    }),
    col({
      key: 'address',
      header: '户籍地址',
      synonyms: ADDRESS_SYNONYMS,
      required: false,
      note: '',
      example: '华容县三封寺镇新铺村1组8号',
    }),
    col({
      key: 'place',
      header: '迁往地/迁自地',
      synonyms: ['迁往地', '迁自地', '迁出地', '迁入地', '迁移地', '去向', '来源地', '迁往地址', '迁自地址'],
      required: false,
      note: '迁入填迁自地，迁出填迁往地。',
      example: '',
    }),
    col({
      key: 'householdNumber',
      header: '户号',
      synonyms: ['户编号', '户籍户号'],
      required: false,
      text: true,
      note: '',
      example: '',
    }),
    col({ key: 'note', header: '备注', synonyms: ['说明'], required: false, note: '', example: '' }),
  ],
};

export const HOSPITAL_BIRTH: FeedType = {
  code: 'hospital_birth',
  nameZh: '出生医学证明',
  nameEn: 'Hospital birth certificates',
  department: { code: 'hospital', nameZh: '助产医疗机构', nameEn: 'Maternity hospitals' },
  recordTypes: ['birth'],
  columns: [
    col({
      key: 'certificateNumber',
      header: '证书编号',
      synonyms: ['出生医学证明编号', '出生证编号', '出生医学证明号', '出生证号', '编号', '证号'],
      required: true,
      text: true,
      note: '出生医学证明的编号。',
      example: 'Q430123456',
    }),
    col({
      key: 'childName',
      header: '新生儿姓名',
      synonyms: ['婴儿姓名', '姓名', '儿童姓名', '孩子姓名'],
      required: false,
      note: '尚未取名可不填。',
      example: '李小雨',
    }),
    col({
      key: 'sex',
      header: '性别',
      synonyms: ['新生儿性别', '婴儿性别', '性别代码'],
      required: true,
      choices: ['男', '女'],
      note: '男/女 或 1/2。',
      example: '女',
    }),
    col({
      key: 'birthDate',
      header: '出生日期',
      synonyms: ['出生时间', '新生儿出生日期', '出生年月日', '分娩日期'],
      required: true,
      note: DATE_NOTE,
      example: '2016-03-05',
    }),
    col({
      key: 'weightGrams',
      header: '出生体重（克）',
      synonyms: ['出生体重', '体重（克）', '体重', '出生体重（g）', '体重（g）'],
      required: false,
      note: '300–7000 克。',
      example: '3300',
    }),
    col({
      key: 'gestationalWeeks',
      header: '孕周',
      synonyms: ['出生孕周', '孕周（周）', '胎龄', '胎龄（周）'],
      required: false,
      note: '20–45 周。',
      example: '39',
    }),
    col({
      key: 'hospital',
      header: '医院名称',
      synonyms: ['接生机构', '助产机构', '接生机构名称', '签发机构', '出生医院', '医疗机构'],
      required: false,
      note: '',
      example: '华容县人民医院',
    }),
    col({
      key: 'birthPlace',
      header: '出生地点',
      synonyms: ['出生地', '出生地点分类', '分娩地点'],
      required: false,
      note: '医院、妇幼保健院、家庭、途中 等。',
      example: '医院',
    }),
    col({ key: 'motherName', header: '母亲姓名', synonyms: ['产妇姓名'], required: true, note: '', example: '王秀英' }),
    col({
      key: 'motherIdNumber',
      header: '母亲身份证号',
      synonyms: [...idSynonyms('母亲'), ...idSynonyms('产妇')],
      required: false,
      text: true,
      note: '母亲的18位公民身份号码（须为女性号码）；无证件时可不填，比对时按母亲姓名和住址。',
      example: '430623199206010428',
    }),
    col({ key: 'fatherName', header: '父亲姓名', synonyms: [], required: false, note: '', example: '李建国' }),
    col({
      key: 'fatherIdNumber',
      header: '父亲身份证号',
      synonyms: idSynonyms('父亲'),
      required: false,
      text: true,
      note: '须为男性号码。',
      example: '',
    }),
    col({
      key: 'address',
      header: '母亲住址',
      synonyms: ['母亲户籍地址', '户籍地址', '母亲地址', '家庭住址', '住址', '地址', '母亲现住址'],
      required: false,
      note: '按此识别村（社区），也可填村（社区）代码列。',
      example: '华容县三封寺镇新铺村1组8号',
    }),
    col({
      key: 'unit',
      header: '村（社区）代码',
      synonyms: UNIT_SYNONYMS,
      required: false,
      text: true,
      note: '母亲户籍所在村（社区）12位代码或名称。',
      example: '',
    }),
    col({ key: 'note', header: '备注', synonyms: ['说明'], required: false, note: '', example: '' }),
  ],
};

export const CIVIL_AFFAIRS: FeedType = {
  code: 'civil_affairs',
  nameZh: '民政婚姻与殡葬',
  nameEn: 'Civil affairs: marriages, divorces, deaths and cremations',
  department: { code: 'civil_affairs', nameZh: '县民政局', nameEn: 'County civil affairs bureau' },
  recordTypes: ['marriage', 'divorce', 'death', 'cremation'],
  businessTypes: {
    结婚登记: 'marriage',
    结婚: 'marriage',
    婚姻登记: 'marriage',
    复婚登记: 'marriage',
    复婚: 'marriage',
    离婚登记: 'divorce',
    离婚: 'divorce',
    协议离婚: 'divorce',
    死亡: 'death',
    死亡登记: 'death',
    死亡证明: 'death',
    火化: 'cremation',
    遗体火化: 'cremation',
    火化登记: 'cremation',
  },
  columns: [
    col({
      key: 'businessType',
      header: '业务类型',
      synonyms: ['登记类型', '业务名称', '类型', '业务'],
      required: true,
      choices: ['结婚登记', '离婚登记', '死亡', '火化'],
      note: '结婚登记、离婚登记、死亡、火化。',
      example: '结婚登记',
    }),
    col({
      key: 'registeredOn',
      header: '登记日期',
      synonyms: ['业务日期', '办理日期', '火化日期', '登记时间', '办理时间'],
      required: true,
      note: `结婚、离婚的登记日期，火化的日期；${DATE_NOTE}。`,
      example: '2016-05-20',
    }),
    col({
      key: 'maleName',
      header: '男方姓名',
      synonyms: ['丈夫姓名'],
      required: false,
      note: '结婚、离婚必填。',
      example: '李建国',
    }),
    col({
      key: 'maleIdNumber',
      header: '男方身份证号',
      synonyms: [...idSynonyms('男方'), ...idSynonyms('丈夫')],
      required: false,
      text: true,
      note: '结婚、离婚必填。',
      example: '',
    }),
    col({
      key: 'femaleName',
      header: '女方姓名',
      synonyms: ['妻子姓名'],
      required: false,
      note: '结婚、离婚必填。',
      example: '王秀英',
    }),
    col({
      key: 'femaleIdNumber',
      header: '女方身份证号',
      synonyms: [...idSynonyms('女方'), ...idSynonyms('妻子')],
      required: false,
      text: true,
      note: '结婚、离婚必填。',
      example: '',
    }),
    col({
      key: 'deceasedName',
      header: '死者姓名',
      synonyms: ['逝者姓名', '死亡人员姓名', '亡者姓名'],
      required: false,
      note: '死亡、火化必填。',
      example: '',
    }),
    col({
      key: 'deceasedIdNumber',
      header: '死者身份证号',
      synonyms: [...idSynonyms('死者'), ...idSynonyms('逝者'), ...idSynonyms('亡者')],
      required: false,
      text: true,
      note: '死亡、火化必填。',
      example: '',
    }),
    col({
      key: 'deathDate',
      header: '死亡日期',
      synonyms: ['死亡时间'],
      required: false,
      note: '死亡必填；火化可填。',
      example: '',
    }),
    col({ key: 'deathCause', header: '死亡原因', synonyms: ['死因'], required: false, note: '', example: '' }),
    col({
      key: 'certificateNumber',
      header: '证书编号',
      synonyms: ['结婚证字号', '离婚证字号', '证件编号', '火化证明编号', '证字号', '字号'],
      required: false,
      text: true,
      note: '',
      example: '',
    }),
    col({
      key: 'agency',
      header: '登记机关',
      synonyms: ['办理机关', '登记机构', '殡仪馆', '火化单位'],
      required: false,
      note: '',
      example: '华容县民政局婚姻登记处',
    }),
    col({
      key: 'address',
      header: '户籍地址',
      synonyms: [...ADDRESS_SYNONYMS, '死者户籍地址', '男方户籍地址'],
      required: false,
      note: '',
      example: '',
    }),
    col({
      key: 'unit',
      header: '村（社区）代码',
      synonyms: UNIT_SYNONYMS,
      required: false,
      text: true,
      note: '',
      example: '',
    }),
    col({ key: 'note', header: '备注', synonyms: ['说明'], required: false, note: '', example: '' }),
  ],
};

export const EDUCATION: FeedType = {
  code: 'education',
  nameZh: '教育入学',
  nameEn: 'School enrolments',
  department: { code: 'education', nameZh: '县教育局', nameEn: 'County education bureau' },
  recordTypes: ['enrolment'],
  columns: [
    col({ key: 'name', header: '学生姓名', synonyms: ['姓名', '儿童姓名'], required: true, note: '', example: '李明' }),
    col({
      key: 'idNumber',
      header: '身份证号',
      synonyms: [...ID_SYNONYMS, ...idSynonyms('学生')],
      required: true,
      text: true,
      note: '学生的18位公民身份号码。',
      example: '',
    }),
    col({
      key: 'sex',
      header: '性别',
      synonyms: ['性别代码'],
      required: false,
      choices: ['男', '女'],
      note: '不填按身份证号码。',
      example: '男',
    }),
    col({
      key: 'birthDate',
      header: '出生日期',
      synonyms: ['出生年月日'],
      required: false,
      note: '不填按身份证号码。',
      example: '',
    }),
    col({
      key: 'school',
      header: '学校',
      synonyms: ['学校名称', '就读学校', '入学学校'],
      required: true,
      note: '',
      example: '三封寺镇中心小学',
    }),
    col({
      key: 'enrolledOn',
      header: '入学日期',
      synonyms: ['入学时间', '入学年月', '入学年份'],
      required: true,
      note: `${DATE_NOTE}；只有年月（2022年9月）时按该月1日。`,
      example: '2022-09-01',
    }),
    col({
      key: 'grade',
      header: '年级',
      synonyms: ['就读年级', '入学年级'],
      required: false,
      note: '',
      example: '一年级',
    }),
    col({
      key: 'studentNumber',
      header: '学籍号',
      synonyms: ['全国学籍号', '学籍编号', '学号'],
      required: false,
      text: true,
      note: '',
      example: '',
    }),
    col({ key: 'address', header: '户籍地址', synonyms: ADDRESS_SYNONYMS, required: false, note: '', example: '' }),
    col({
      key: 'unit',
      header: '村（社区）代码',
      synonyms: UNIT_SYNONYMS,
      required: false,
      text: true,
      note: '',
      example: '',
    }),
    col({ key: 'note', header: '备注', synonyms: ['说明'], required: false, note: '', example: '' }),
  ],
};

export const FEED_TYPES: Record<FeedTypeCode, FeedType> = {
  police_hukou: POLICE_HUKOU,
  hospital_birth: HOSPITAL_BIRTH,
  civil_affairs: CIVIL_AFFAIRS,
  education: EDUCATION,
};

export const isFeedType = (s: string): s is FeedTypeCode => (FEED_TYPE_CODES as readonly string[]).includes(s);

const INDEX = new Map<FeedTypeCode, Map<string, string>>(
  FEED_TYPE_CODES.map((code) => {
    const index = new Map<string, string>();
    for (const f of FEED_TYPES[code].columns) {
      for (const label of [f.header, f.key, ...f.synonyms]) {
        const k = headerKey(label);
        if (!index.has(k)) index.set(k, f.key);
        const bare = k.replace(/[（）]/g, '');
        if (!index.has(bare)) index.set(bare, f.key);
      }
    }
    return [code, index];
  }),
);

/** The field a header names in this feed type, through its synonyms. */
export function feedFieldForLabel(type: FeedTypeCode, label: string): string | undefined {
  const k = headerKey(label);
  const index = INDEX.get(type)!;
  return index.get(k) ?? index.get(k.replace(/[（）]/g, ''));
}

/** The record type a 业务类型 cell names, or undefined. */
export function recordTypeOf(type: FeedType, business: string): RecordType | undefined {
  const t = business.replace(/[\s\u3000]+/g, '');
  return (
    type.businessTypes?.[t] ??
    ((RECORD_TYPES as readonly string[]).find((r) => r === t.toLowerCase()) as RecordType | undefined)
  );
}
