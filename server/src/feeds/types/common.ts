/** What several feed types' columns share: the synonyms offices use for ID numbers, villages and addresses. */
import type { FeedColumn } from '../feed.types.js';

export const ID_SYNONYMS = [
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
export const idSynonyms = (who: string) => [
  ...ID_SYNONYMS.map((s) => who + s),
  ...ID_SYNONYMS.map((s) => `${who}的${s}`),
];
export const UNIT_SYNONYMS = [
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
export const ADDRESS_SYNONYMS = ['户籍详细地址', '户籍详址', '户籍地址详址', '住址', '地址', '家庭住址', '户籍所在地'];
export const DATE_NOTE = '2016-03-05、2016年3月5日、2016/3/5、20160305 或 Excel 日期';

export const col = (c: FeedColumn): FeedColumn => c;

/** Sex and birth date where a feed may leave them out: a valid ID number states both. */
export const sexAndBirthFromId = (sexExample: string): FeedColumn[] => [
  col({
    key: 'sex',
    header: '性别',
    synonyms: ['性别代码'],
    required: false,
    choices: ['男', '女'],
    note: '不填按身份证号码。',
    example: sexExample,
  }),
  col({
    key: 'birthDate',
    header: '出生日期',
    synonyms: ['出生年月日'],
    required: false,
    note: '不填按身份证号码。',
    example: '',
  }),
];
