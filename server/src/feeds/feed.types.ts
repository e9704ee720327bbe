/**
 * The feeds departments send, as data: for each type its name, the department that sends it,
 * the kinds of record its rows report, and its columns (the header the template uses, the other
 * headers offices write for the same thing, whether it is required). The column mapping works
 * as the bulk import's does (imports/import.fields.ts): any column order, title rows above the
 * header, synonyms. Words that stand as group titles over two-row headers (母亲, 新生儿, 男方)
 * are never synonyms on their own: the title row would then look like the header.
 */
import { headerKey, type FieldDef } from '../imports/import.fields.js';

export const FEED_TYPE_CODES = [
  'police_hukou',
  'hospital_birth',
  'civil_affairs',
  'education',
  'hr_social_security',
  'housing',
] as const;
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
  'residence',
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
  residence: { zh: '居住登记', en: 'Residence registration' },
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
  /**
   * Groups of columns of which a file must have at least one (a pension stop gives the death
   * date or only the date the payment stopped): a file with none is refused as a whole, not
   * row by row.
   */
  requiredOneOf?: ReadonlyArray<readonly string[]>;
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

/** Sex and birth date where a feed may leave them out: a valid ID number states both. */
const sexAndBirthFromId = (sexExample: string): FeedColumn[] => [
  col({ key: 'sex', header: '性别', synonyms: ['性别代码'], required: false, choices: ['男', '女'], note: '不填按身份证号码。', example: sexExample }),
  col({ key: 'birthDate', header: '出生日期', synonyms: ['出生年月日'], required: false, note: '不填按身份证号码。', example: '' }),
];

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
    ...sexAndBirthFromId('男'),
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

/**
 * 业务类型 values of a pension office's change list that are deaths by themselves. Only deaths
 * are received from the social security bureau: a death is what the registry needs from it, and
 * the other changes (new insured persons, transfers, suspensions) are its own business, which
 * the health commission has no need to hold (the personal-information law's minimum necessary).
 */
const HR_DEATH_TYPES: Record<string, RecordType> = Object.fromEntries(
  [
    '待遇终止死亡',
    '待遇终止因死亡',
    '死亡终止',
    '因死亡终止',
    '终止死亡',
    '死亡停发',
    '因死亡停发',
    '停发死亡',
    '待遇停发死亡',
    '死亡',
    '死亡注销',
    '参保人员死亡',
    '离退休人员死亡',
    '领取待遇人员死亡',
    '丧葬抚恤金',
    '丧葬补助金',
    '丧葬费',
    '丧葬补助金和抚恤金',
    '丧葬补助金及抚恤金',
    '一次性抚恤金',
    '死亡待遇',
    '死亡一次性待遇',
  ].map((t) => [t, 'death' as const]),
);

/**
 * 业务类型 values that stop a payment for some reason: a death only when the 终止原因 column says so
 * (待遇终止 + 死亡); another reason (出国定居, 重复领取) is not for this feed.
 */
export const HR_STOP_TYPES: readonly string[] = [
  '待遇终止',
  '终止',
  '停发',
  '待遇停发',
  '终止待遇',
  '终止参保',
  '参保终止',
  '注销',
  '待遇注销',
  '减员',
  '减少',
];
export const HR_DEATH_REASONS: readonly string[] = ['死亡', '因死亡', '死亡终止', '已死亡', '身故', '病故', '亡故', '去世'];

export const HR_SOCIAL_SECURITY: FeedType = {
  code: 'hr_social_security',
  nameZh: '人社待遇终止（死亡）',
  nameEn: 'Social security: pensions stopped by death',
  department: {
    code: 'hr_social_security',
    nameZh: '县人力资源和社会保障局',
    nameEn: 'County human resources and social security bureau',
  },
  recordTypes: ['death'],
  businessTypes: HR_DEATH_TYPES,
  requiredOneOf: [['deathDate', 'stopDate']],
  columns: [
    col({
      key: 'businessType',
      header: '业务类型',
      synonyms: ['变更类型', '变动类型', '业务名称', '待遇变更类型', '待遇变动类型', '停发类型', '业务'],
      required: true,
      choices: ['待遇终止-死亡', '死亡停发', '丧葬抚恤金'],
      note: '待遇终止-死亡、死亡停发、丧葬抚恤金（丧葬补助金）等；填“待遇终止”时须在终止原因中写“死亡”。只报送因死亡终止待遇的人员。',
      example: '待遇终止-死亡',
    }),
    col({
      key: 'stopReason',
      header: '终止原因',
      synonyms: ['停发原因', '终止待遇原因', '待遇终止原因', '变更原因', '注销原因', '减员原因', '终止参保原因'],
      required: false,
      note: '业务类型为“待遇终止”“停发”等时填写，须为“死亡”。',
      example: '',
    }),
    col({
      key: 'idNumber',
      header: '身份证号',
      synonyms: [
        ...ID_SYNONYMS,
        '社会保障号码',
        '社会保障号',
        '社保号码',
        '个人社会保障号码',
        '社会保障卡号',
        ...idSynonyms('参保人'),
        ...idSynonyms('死者'),
      ],
      required: true,
      text: true,
      note: '死亡人员的18位公民身份号码（即社会保障号码）。',
      example: '430623195001200021',
    }),
    col({
      key: 'name',
      header: '姓名',
      synonyms: ['参保人姓名', '人员姓名', '死者姓名', '参保人员姓名', '离退休人员姓名'],
      required: false,
      note: '',
      example: '李桂英',
    }),
    ...sexAndBirthFromId('女'),
    col({
      key: 'deathDate',
      header: '死亡日期',
      synonyms: ['死亡时间', '死亡年月日'],
      required: false,
      note: `${DATE_NOTE}；死亡日期和终止日期至少填一项，能填死亡日期的请填。`,
      example: '2026-10-02',
    }),
    col({
      key: 'stopDate',
      header: '终止日期',
      synonyms: [
        '待遇终止日期',
        '终止年月',
        '待遇终止年月',
        '停发日期',
        '停发年月',
        '终止时间',
        '变更日期',
        '业务日期',
        '办理日期',
        '经办日期',
      ],
      required: false,
      note: `待遇终止（停发）的日期，可只填年月（2026年11月）；${DATE_NOTE}。`,
      example: '2026-11-01',
    }),
    col({
      key: 'insurance',
      header: '险种',
      synonyms: ['险种类型', '参保险种', '养老保险类型', '险种名称'],
      required: false,
      note: '城乡居民基本养老保险、企业职工基本养老保险、机关事业单位养老保险 等。',
      example: '城乡居民基本养老保险',
    }),
    col({
      key: 'unit',
      header: '村（社区）代码',
      synonyms: [
        ...UNIT_SYNONYMS,
        '参保地村（社区）代码',
        '参保地/村（社区）代码',
        '参保村（社区）代码',
        '参保村（社区）',
        '参保地村代码',
        '所在村（社区）',
        '所在村（社区）代码',
      ],
      required: false,
      text: true,
      note: '参保所在村（社区）12位代码或名称；不填时按地址识别。',
      example: '430623101208',
    }),
    col({
      key: 'address',
      header: '地址',
      synonyms: [...ADDRESS_SYNONYMS, '户籍地址', '居住地址', '联系地址', '参保人地址'],
      required: false,
      note: '',
      example: '华容县三封寺镇新铺村1组8号',
    }),
    col({ key: 'note', header: '备注', synonyms: ['说明'], required: false, note: '', example: '' }),
  ],
};

/** What the 登记类型 column of a housing feed may say, and what each is read as. */
export const HOUSING_TENURES: Readonly<Record<string, '租赁' | '自有' | '借住' | '其他'>> = {
  租赁: '租赁',
  租住: '租赁',
  租房: '租赁',
  承租: '租赁',
  出租: '租赁',
  房屋租赁: '租赁',
  租赁登记: '租赁',
  租赁备案: '租赁',
  合租: '租赁',
  自有: '自有',
  自有住房: '自有',
  自有房屋: '自有',
  自购: '自有',
  购房: '自有',
  产权: '自有',
  产权房: '自有',
  自建: '自有',
  自建房: '自有',
  不动产登记: '自有',
  借住: '借住',
  寄住: '借住',
  借用: '借住',
  投亲靠友: '借住',
  单位宿舍: '其他',
  集体宿舍: '其他',
  宿舍: '其他',
  其他: '其他',
};

export const HOUSING: FeedType = {
  code: 'housing',
  nameZh: '住建居住登记',
  nameEn: 'Housing: tenancy and property residents',
  department: {
    code: 'housing',
    nameZh: '县住房和城乡建设局',
    nameEn: 'County housing and urban-rural development bureau',
  },
  recordTypes: ['residence'],
  requiredOneOf: [['since', 'registeredOn']],
  columns: [
    col({
      key: 'idNumber',
      header: '身份证号',
      synonyms: [
        ...ID_SYNONYMS,
        ...idSynonyms('承租人'),
        ...idSynonyms('居住人'),
        ...idSynonyms('权利人'),
        ...idSynonyms('产权人'),
        ...idSynonyms('住户'),
      ],
      required: true,
      text: true,
      note: '居住人的18位公民身份号码。',
      example: '430623199206010428',
    }),
    col({
      key: 'name',
      header: '姓名',
      // Not 承租人 or 权利人 alone: they stand as group titles over 姓名 and 身份证号.
      synonyms: ['承租人姓名', '居住人姓名', '权利人姓名', '产权人姓名', '住户姓名', '人员姓名'],
      required: false,
      note: '',
      example: '王秀英',
    }),
    ...sexAndBirthFromId('女'),
    col({
      key: 'address',
      header: '居住地址',
      synonyms: [
        '现居住地址',
        '现住址',
        '居住地',
        '居住详址',
        '房屋地址',
        '房屋坐落',
        '坐落',
        '不动产坐落',
        '租赁房屋地址',
        '出租房屋地址',
        '房屋详细地址',
        '住址',
        '地址',
      ],
      required: false,
      note: '按此识别居住的村（社区），也可填居住村（社区）代码列。',
      example: '华容县三封寺镇复兴村2组3号',
    }),
    col({
      key: 'unit',
      header: '居住村（社区）代码',
      synonyms: [
        '居住地村（社区）代码',
        '居住村（社区）',
        '居住村代码',
        '现居住村（社区）代码',
        '房屋所在村（社区）代码',
        '房屋所在村（社区）',
        '村（社区）代码',
        '村代码',
        '社区代码',
        '村（社区）',
        '村（居）委会代码',
        '村居委会代码',
        '行政区划代码',
        '村社区代码',
      ],
      required: false,
      text: true,
      note: '居住（房屋所在）村（社区）12位代码或名称；不填时按居住地址识别。',
      example: '430623101213',
    }),
    col({
      key: 'since',
      header: '起租日期',
      synonyms: ['租赁起始日期', '租赁开始日期', '起始日期', '入住日期', '居住起始日期', '开始居住日期', '租期起'],
      required: false,
      note: `从何时起居住（租赁的起租日）；${DATE_NOTE}；与登记日期至少填一项。`,
      example: '2026-03-01',
    }),
    col({
      key: 'registeredOn',
      header: '登记日期',
      synonyms: ['备案日期', '登簿日期', '登记时间', '办理日期', '业务日期', '不动产登记日期'],
      required: false,
      note: `租赁备案或不动产登记的日期；${DATE_NOTE}；没有起租日期时按登记日期。`,
      example: '2026-03-05',
    }),
    col({
      key: 'tenure',
      header: '登记类型',
      synonyms: ['居住类型', '居住方式', '租住类型', '居住性质', '登记种类', '住房来源'],
      required: false,
      choices: ['租赁', '自有', '借住', '其他'],
      note: '租赁、自有、借住 或 其他（单位宿舍等）。',
      example: '租赁',
    }),
    col({ key: 'note', header: '备注', synonyms: ['说明'], required: false, note: '', example: '' }),
  ],
};

export const FEED_TYPES: Record<FeedTypeCode, FeedType> = {
  police_hukou: POLICE_HUKOU,
  hospital_birth: HOSPITAL_BIRTH,
  civil_affairs: CIVIL_AFFAIRS,
  education: EDUCATION,
  hr_social_security: HR_SOCIAL_SECURITY,
  housing: HOUSING,
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

/**
 * A 业务类型 (or 终止原因, 登记类型) cell as the keys are written: offices separate the parts of a
 * business name in many ways (待遇终止-死亡, 待遇终止（死亡）, 待遇终止：死亡).
 */
export const businessKey = (s: string): string => s.replace(/[\s\u3000\-－—–_:：()（）·、/／,，.。]+/g, '');

/** The record type a 业务类型 cell names, or undefined. */
export function recordTypeOf(type: FeedType, business: string): RecordType | undefined {
  const raw = business.replace(/[\s\u3000]+/g, '').toLowerCase();
  return (
    type.businessTypes?.[businessKey(business)] ??
    ((RECORD_TYPES as readonly string[]).find((r) => r === raw) as RecordType | undefined)
  );
}
