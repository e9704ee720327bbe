/** 人社: pensions stopped by the pensioner's death. */
import type { FeedType, RecordType } from '../feed.types.js';
import {
  ID_SYNONYMS,
  idSynonyms,
  UNIT_SYNONYMS,
  ADDRESS_SYNONYMS,
  DATE_NOTE,
  col,
  sexAndBirthFromId,
} from './common.js';

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
export const HR_DEATH_REASONS: readonly string[] = [
  '死亡',
  '因死亡',
  '死亡终止',
  '已死亡',
  '身故',
  '病故',
  '亡故',
  '去世',
];

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
