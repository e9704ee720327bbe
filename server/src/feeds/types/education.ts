/** 教育: school enrolments. */
import type { FeedType } from '../feed.types.js';
import { ID_SYNONYMS, idSynonyms, UNIT_SYNONYMS, ADDRESS_SYNONYMS, DATE_NOTE, col, sexAndBirthFromId } from './common.js';

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
