import { describe, expect, it } from 'vitest';
import type { MappedColumn } from '../imports/import.fields.js';
import { UnitIndex, type UnitInfo } from '../imports/import.units.js';
import { makeIdNumber } from '../lib/idNumber.js';
import { findHeader } from '../lib/sheetHeader.js';
import { utf8Csv, gbkCsv, HOSPITAL_HEADER, HOUSING_HEADER, HR_HEADER } from './fixtures/feeds.js';
import {
  mapFeedColumns,
  parseDateOrMonth,
  parseFeed,
  parseFeedRow,
  resolveAddress,
  type FeedContext,
} from './feed.parse.js';
import { FEED_TYPES, feedFieldForLabel, recordTypeOf } from './feed.types.js';

const units: UnitInfo[] = [
  { id: '430623', name: '华容县', level: 'county', path: '/430623/', parentId: null, validTo: null },
  {
    id: '430623101',
    name: '三封寺镇',
    level: 'township',
    path: '/430623/430623101/',
    parentId: '430623',
    validTo: null,
  },
  {
    id: '430623101208',
    name: '新铺村',
    level: 'village',
    path: '/430623/430623101/430623101208/',
    parentId: '430623101',
    validTo: null,
  },
  {
    id: '430623102',
    name: '治河渡镇',
    level: 'township',
    path: '/430623/430623102/',
    parentId: '430623',
    validTo: null,
  },
  {
    id: '430623102201',
    name: '城关社区',
    level: 'village',
    path: '/430623/430623102/430623102201/',
    parentId: '430623102',
    validTo: null,
  },
  {
    id: '430623102202',
    name: '新铺村',
    level: 'village',
    path: '/430623/430623102/430623102202/',
    parentId: '430623102',
    validTo: null,
  },
];
const ctx: FeedContext = { units: new UnitIndex(units, '华容县'), countyPath: '/430623/', today: '2026-06-30' };

const mother = makeIdNumber('430623', '1992-06-01', 42);
const father = makeIdNumber('430623', '1988-04-12', 31);

function byField(type: keyof typeof FEED_TYPES, header: string[]): Map<string, MappedColumn> {
  const h = findHeader([{ row: 1, cells: header }], [], (l) => feedFieldForLabel(type, l) !== undefined)!;
  const m = mapFeedColumns(FEED_TYPES[type], h);
  expect(m.problems).toEqual([]);
  return new Map(m.columns.map((c) => [c.field, c]));
}

describe('feed columns', () => {
  it('reads the headers offices write for the same thing', () => {
    expect(feedFieldForLabel('hospital_birth', '出生医学证明编号')).toBe('certificateNumber');
    expect(feedFieldForLabel('hospital_birth', '产妇身份证号码')).toBe('motherIdNumber');
    expect(feedFieldForLabel('hospital_birth', '出生体重(g)')).toBe('weightGrams');
    expect(feedFieldForLabel('police_hukou', '公民身份号码')).toBe('idNumber');
    expect(feedFieldForLabel('civil_affairs', '女方公民身份号码')).toBe('femaleIdNumber');
    expect(feedFieldForLabel('education', '*学生姓名（必填）')).toBe('name');
  });

  it('reads 姓名 and 身份证号 under a 母亲 group title as the mother', () => {
    const rows = [
      { row: 1, cells: ['证书编号', '新生儿', '', '', '母亲', ''] },
      { row: 2, cells: ['', '姓名', '性别', '出生日期', '姓名', '身份证号'] },
    ];
    const merges = [
      { top: 1, left: 1, bottom: 2, right: 1 },
      { top: 1, left: 2, bottom: 1, right: 4 },
      { top: 1, left: 5, bottom: 1, right: 6 },
    ];
    const h = findHeader(rows, merges, (l) => feedFieldForLabel('hospital_birth', l) !== undefined)!;
    const m = mapFeedColumns(FEED_TYPES.hospital_birth, h);
    expect(m.problems).toEqual([]);
    expect(Object.fromEntries(m.columns.map((c) => [c.letter, c.field]))).toEqual({
      A: 'certificateNumber',
      B: 'childName',
      C: 'sex',
      D: 'birthDate',
      E: 'motherName',
      F: 'motherIdNumber',
    });
  });

  it('names the missing required columns', () => {
    const h = findHeader(
      [{ row: 1, cells: ['姓名', '性别', '出生日期'] }],
      [],
      (l) => feedFieldForLabel('hospital_birth', l) !== undefined,
    )!;
    const m = mapFeedColumns(FEED_TYPES.hospital_birth, h);
    expect(m.problems).toContain('缺少必填列“证书编号”（也可写作：出生医学证明编号、出生证编号、出生医学证明号）');
    expect(m.problems.some((p) => p.startsWith('缺少必填列“母亲姓名”'))).toBe(true);
    // Some certificates have no mother's ID number: linkage compares her name and address then.
    expect(m.problems.some((p) => p.startsWith('缺少必填列“母亲身份证号”'))).toBe(false);
  });

  it('knows the business types', () => {
    expect(recordTypeOf(FEED_TYPES.police_hukou, '死亡注销')).toBe('death');
    expect(recordTypeOf(FEED_TYPES.police_hukou, ' 迁 出 ')).toBe('move_out');
    expect(recordTypeOf(FEED_TYPES.civil_affairs, '协议离婚')).toBe('divorce');
    expect(recordTypeOf(FEED_TYPES.civil_affairs, '收养登记')).toBeUndefined();
  });
});

describe('units from addresses', () => {
  it('finds the village an address begins with, else none', () => {
    expect(resolveAddress(ctx, '湖南省岳阳市华容县三封寺镇新铺村1组8号')).toBe('430623101208');
    expect(resolveAddress(ctx, '治河渡镇新铺村3组')).toBe('430623102202');
    expect(resolveAddress(ctx, '城关社区居委会幸福路2号')).toBe('430623102201');
    // Two villages named 新铺村: the address must say which.
    expect(resolveAddress(ctx, '新铺村5组')).toBeNull();
    expect(resolveAddress(ctx, '广东省深圳市南山区')).toBeNull();
  });
});

describe('rows', () => {
  const hospital = byField('hospital_birth', HOSPITAL_HEADER);
  const row = (cells: Array<string | number>) => parseFeedRow('hospital_birth', 5, cells, hospital, ctx);

  it('reads a birth certificate into a record', () => {
    const r = row([
      'Q1',
      '李 小雨',
      '2',
      '2026.1.5',
      '3,300'.replace(',', ''),
      '39',
      '县医院',
      '王秀英',
      mother,
      '李建国',
      father,
      '三封寺镇新铺村',
    ]);
    expect(r.problems).toEqual([]);
    expect(r.record).toMatchObject({
      row: 5,
      recordType: 'birth',
      name: '李小雨',
      sex: 2,
      birthDate: '2026-01-05',
      eventDate: '2026-01-05',
      unitId: '430623101208',
      mother: { idNumber: mother, name: '王秀英' },
      father: { idNumber: father, name: '李建国' },
      details: { weightGrams: 3300, gestationalWeeks: 39 },
    });
  });

  it('refuses a mother with a man’s number, a birth in the future, an odd weight', () => {
    const r = row(['Q1', '', '女', '2026-07-01', 9000, '39', '', '王秀英', father, '', '', '']);
    expect(r.record).toBeUndefined();
    expect(r.problems.map((p) => [p.column?.letter, p.message])).toEqual([
      ['D', '出生日期 2026-07-01 晚于今天'],
      ['E', '数值 9000 应在 300 到 7000 之间'],
      ['I', '身份证号码为男性号码，应为女性'],
    ]);
  });

  it('checks the sex and birth date a police row gives against the ID number', () => {
    const police = byField('police_hukou', ['业务类型', '身份证号', '姓名', '性别', '出生日期', '变动日期']);
    const r = parseFeedRow(
      'police_hukou',
      3,
      ['迁入', father, '李建国', '女', '1988-04-13', '2026-01-01'],
      police,
      ctx,
    );
    expect(r.problems.map((p) => p.message)).toEqual([
      '性别“女”与身份证号码（男）不一致',
      '出生日期 1988-04-13 与身份证号码中的 1988-04-12 不一致',
    ]);
    const bad = parseFeedRow('police_hukou', 3, ['户口挂靠', father, '李建国', '', '', '2026-01-01'], police, ctx);
    expect(bad.problems[0]!.message).toMatch(/^无法识别的业务类型“户口挂靠”/);
  });

  it('asks civil affairs for both partners of a marriage and the death date of a death', () => {
    const civil = byField('civil_affairs', [
      '业务类型',
      '登记日期',
      '男方姓名',
      '男方身份证号',
      '女方姓名',
      '女方身份证号',
      '死者姓名',
      '死者身份证号',
      '死亡日期',
    ]);
    const marriage = parseFeedRow(
      'civil_affairs',
      2,
      ['结婚登记', '2026-02-14', '李建国', father, '', '', '', '', ''],
      civil,
      ctx,
    );
    expect(marriage.problems.map((p) => p.message)).toEqual(['结婚登记须填写女方姓名', '结婚登记须填写女方身份证号']);
    const swapped = parseFeedRow(
      'civil_affairs',
      2,
      ['离婚登记', '2026-02-14', '王秀英', mother, '李建国', father, '', '', ''],
      civil,
      ctx,
    );
    expect(swapped.problems.map((p) => p.column?.field)).toEqual(['maleIdNumber', 'femaleIdNumber']);
    const death = parseFeedRow(
      'civil_affairs',
      2,
      ['死亡', '2026-02-14', '', '', '', '', '李建国', father, ''],
      civil,
      ctx,
    );
    expect(death.problems.map((p) => p.message)).toEqual(['死亡须填写死亡日期']);
  });

  it('reads an enrolment month as its first day', () => {
    expect(parseDateOrMonth('2022年9月')).toEqual({ ok: true, value: { date: '2022-09-01', monthOnly: true } });
    expect(parseDateOrMonth('2022-09')).toEqual({ ok: true, value: { date: '2022-09-01', monthOnly: true } });
    expect(parseDateOrMonth('2022-09-03')).toEqual({ ok: true, value: { date: '2022-09-03', monthOnly: false } });
    expect(parseDateOrMonth('2022年13月').ok).toBe(false);
  });
});

describe('files', () => {
  it('reads a GBK CSV and counts only the data rows', async () => {
    const data = gbkCsv('某医院出生医学证明', HOSPITAL_HEADER, [
      ['Q1', '', '男', '2026-01-01', '', '', '', '王秀英', mother, '', '', ''],
      ['', '', '', '', '', '', '', '', '', '', '', ''],
      ['Q2', '', '女', '2026-01-02', '', '', '', '王秀英', mother, '', '', ''],
    ]);
    const r = await parseFeed(data, 'a.csv', 'hospital_birth', ctx);
    expect(r).toMatchObject({ format: 'csv', encoding: 'gb18030', rowCount: 2, problemCount: 0 });
    expect(r.records.map((x) => x.row)).toEqual([3, 5]);
  });

  it('keeps no record of a file with a problem', async () => {
    const data = utf8Csv(HOSPITAL_HEADER, [
      ['Q1', '', '男', '2026-01-01', '', '', '', '王秀英', mother, '', '', ''],
      ['Q2', '', '', '2026-01-02', '', '', '', '王秀英', mother, '', '', ''],
    ]);
    const r = await parseFeed(data, 'b.csv', 'hospital_birth', ctx);
    expect(r.records).toEqual([]);
    expect(r.problems.map((p) => p.message)).toEqual(['b.csv 第 3 行 C 列（性别）：新生儿性别不能为空']);
  });

  it('refuses an old .xls and an empty header with the remedy', async () => {
    const xls = await parseFeed(
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), Buffer.alloc(100)]),
      'c.xls',
      'education',
      ctx,
    );
    expect(xls.problems[0]!.message).toContain('另存为');
    const header = await parseFeed(Buffer.from('甲,乙\n1,2\n'), 'd.csv', 'education', ctx);
    expect(header.problems[0]!.message).toMatch(/^d\.csv：在前 30 行中找不到“教育入学”的表头/);
  });
});

describe('pension stops from the social security bureau', () => {
  const pensioner = makeIdNumber('430623', '1950-01-20', 2);
  const hr = byField('hr_social_security', HR_HEADER);
  const row = (cells: Array<string | number>) => parseFeedRow('hr_social_security', 4, cells, hr, ctx);

  it('reads the headers and business names pension offices write', () => {
    expect(feedFieldForLabel('hr_social_security', '个人社会保障号码')).toBe('idNumber');
    expect(feedFieldForLabel('hr_social_security', '停发年月')).toBe('stopDate');
    expect(feedFieldForLabel('hr_social_security', '参保地/村（社区）代码')).toBe('unit');
    expect(feedFieldForLabel('hr_social_security', '死者姓名')).toBe('name');
    const hrType = FEED_TYPES.hr_social_security;
    for (const b of ['待遇终止-死亡', '待遇终止（死亡）', '待遇终止：死亡', '死亡停发', ' 丧葬抚恤金 ', '丧葬补助金'])
      expect(recordTypeOf(hrType, b), b).toBe('death');
    // A stop alone says nothing of why: the 终止原因 decides.
    expect(recordTypeOf(hrType, '待遇终止')).toBeUndefined();
    // The separators read for pension offices leave the other types' values as they were.
    expect(recordTypeOf(FEED_TYPES.police_hukou, 'move_in')).toBe('move_in');
    expect(recordTypeOf(FEED_TYPES.police_hukou, '迁入-登记')).toBe('move_in');
  });

  it('reads a death that stopped a pension, with the death date as the event’s', () => {
    const r = row([
      '待遇终止',
      '死亡',
      pensioner,
      '李桂英',
      '女',
      '2026-05-03',
      '2026年6月',
      '城乡居民基本养老保险',
      '430623101208',
      '',
    ]);
    expect(r.problems).toEqual([]);
    expect(r.record).toMatchObject({
      row: 4,
      recordType: 'death',
      idNumber: pensioner,
      name: '李桂英',
      sex: 2,
      birthDate: '1950-01-20',
      eventDate: '2026-05-03',
      unitId: '430623101208',
      details: {
        deathDate: '2026-05-03',
        stopDate: '2026-06-01',
        stopMonthOnly: true,
        insurance: '城乡居民基本养老保险',
      },
    });
  });

  it('takes the stop date when the office gives no death date, and says so in the details', () => {
    const r = row(['死亡停发', '', pensioner, '李桂英', '', '', '2026-06-01', '', '', '华容县三封寺镇新铺村1组8号']);
    expect(r.problems).toEqual([]);
    expect(r.record).toMatchObject({
      eventDate: '2026-06-01',
      unitId: '430623101208',
      details: { deathDate: null, stopDate: '2026-06-01' },
    });
  });

  it('refuses rows that are not deaths, and dates that cannot be', () => {
    const problems = (cells: Array<string | number>) => row(cells).problems.map((p) => [p.column?.letter, p.message]);
    expect(problems(['待遇终止', '出国定居', pensioner, '李桂英', '', '', '2026-06-01', '', '', ''])).toEqual([
      ['B', '终止原因“出国定居”不是死亡：人社数据只报送因死亡终止待遇的人员，请删去此行'],
    ]);
    expect(problems(['待遇终止', '', pensioner, '李桂英', '', '', '2026-06-01', '', '', ''])).toEqual([
      ['B', '业务类型为“待遇终止”时须在“终止原因”中写明“死亡”（人社数据只报送因死亡终止待遇的人员）'],
    ]);
    expect(problems(['新参保', '', pensioner, '李桂英', '', '', '2026-06-01', '', '', ''])[0]![1]).toMatch(
      /^无法识别的业务类型“新参保”：人社数据只报送因死亡终止待遇的人员/,
    );
    expect(problems(['死亡停发', '', pensioner, '李桂英', '', '', '', '', '', ''])).toEqual([
      ['F', '死亡日期和终止日期至少填一项'],
    ]);
    expect(problems(['死亡停发', '', pensioner, '李桂英', '', '2026-05-03', '2026-04', '', '', ''])).toEqual([
      ['G', '终止日期 2026-04-01 早于死亡日期 2026-05-03 所在的月份'],
    ]);
    expect(problems(['死亡停发', '', pensioner, '李桂英', '男', '1949-12-31', '', '', '', ''])).toEqual([
      ['E', '性别“男”与身份证号码（女）不一致'],
      ['F', '死亡日期 1949-12-31 早于出生日期 1950-01-20'],
    ]);
    expect(problems(['死亡停发', '', '', '李桂英', '', '2026-05-03', '', '', '999999999999', ''])).toEqual([
      ['C', '身份证号不能为空'],
      ['I', '村（社区）代码“999999999999”不存在（应为12位村（社区）统计代码）'],
    ]);
  });

  it('refuses a file with neither a death date nor a stop date column', () => {
    const h = findHeader(
      [{ row: 1, cells: ['业务类型', '身份证号', '姓名'] }],
      [],
      (l) => feedFieldForLabel('hr_social_security', l) !== undefined,
    )!;
    expect(mapFeedColumns(FEED_TYPES.hr_social_security, h).problems).toEqual([
      '缺少“死亡日期”或“终止日期”列，至少应有其中一列（也可写作：死亡时间、死亡年月日、待遇终止日期、终止年月）',
    ]);
  });

  it('reads a GBK file with a title row, and names the file, row and column of a bad row', async () => {
    const ok = await parseFeed(
      gbkCsv('华容县城乡居民养老保险待遇终止人员名单（2026年6月）', HR_HEADER, [
        [
          '待遇终止-死亡',
          '',
          pensioner,
          '李桂英',
          '女',
          '2026-05-03',
          '2026-06',
          '城乡居民基本养老保险',
          '',
          '三封寺镇新铺村1组8号',
        ],
      ]),
      '养老待遇终止.csv',
      'hr_social_security',
      ctx,
    );
    expect(ok).toMatchObject({ encoding: 'gb18030', rowCount: 1, problemCount: 0 });
    expect(ok.records[0]).toMatchObject({ recordType: 'death', row: 3, unitId: '430623101208' });
    const bad = await parseFeed(
      gbkCsv(null, HR_HEADER, [
        ['待遇终止-死亡', '', pensioner, '李桂英', '女', '2026-05-03', '', '', '', ''],
        ['暂停发放', '', pensioner, '李桂英', '女', '', '2026-06', '', '', ''],
      ]),
      '养老待遇终止.csv',
      'hr_social_security',
      ctx,
    );
    expect(bad.records).toEqual([]);
    expect(bad.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^养老待遇终止\.csv 第 3 行 A 列（业务类型）：无法识别的业务类型“暂停发放”/),
    ]);
  });
});

describe('residents from the housing bureau', () => {
  const tenant = makeIdNumber('430623', '1992-06-01', 42);
  const housing = byField('housing', HOUSING_HEADER);
  const row = (cells: Array<string | number>) => parseFeedRow('housing', 6, cells, housing, ctx);

  it('reads the headers tenancy and property registers use', () => {
    expect(feedFieldForLabel('housing', '权利人身份证号码')).toBe('idNumber');
    expect(feedFieldForLabel('housing', '不动产坐落')).toBe('address');
    expect(feedFieldForLabel('housing', '房屋所在村（社区）')).toBe('unit');
    expect(feedFieldForLabel('housing', '租赁起始日期')).toBe('since');
    expect(feedFieldForLabel('housing', '登簿日期')).toBe('registeredOn');
    // A housing feed's village is where the person lives, never the hukou village.
    expect(feedFieldForLabel('housing', '户籍村（社区）代码')).toBeUndefined();
    // Group titles over 姓名 and 身份证号 are not a column of their own.
    expect(feedFieldForLabel('housing', '承租人')).toBeUndefined();
  });

  it('reads who lives where since when', () => {
    const r = row(['王秀英', tenant, '华容县治河渡镇城关社区幸福路2号', '', '2026-03-01', '2026-03-05', '承租', '']);
    expect(r.problems).toEqual([]);
    expect(r.record).toMatchObject({
      row: 6,
      recordType: 'residence',
      idNumber: tenant,
      name: '王秀英',
      sex: 2,
      birthDate: '1992-06-01',
      eventDate: '2026-03-01',
      unitId: '430623102201',
      address: '华容县治河渡镇城关社区幸福路2号',
      details: { since: '2026-03-01', registeredOn: '2026-03-05', tenure: '租赁' },
    });
    // Without a start date the registration date is the event's.
    expect(row(['王秀英', tenant, '', '430623101208', '', '2025-12-01', '自有', '']).record).toMatchObject({
      eventDate: '2025-12-01',
      unitId: '430623101208',
      details: { since: null, tenure: '自有' },
    });
  });

  it('refuses an unknown tenure, a row without dates, a start before the birth, a bad village', () => {
    const problems = (cells: Array<string | number>) => row(cells).problems.map((p) => [p.column?.letter, p.message]);
    expect(problems(['王秀英', tenant, '', '', '2026-03-01', '', '经营', ''])).toEqual([
      ['G', '无法识别的登记类型“经营”，应为 租赁、自有、借住 或 其他'],
    ]);
    expect(problems(['王秀英', tenant, '', '', '', '', '租赁', ''])).toEqual([['E', '起租日期和登记日期至少填一项']]);
    expect(problems(['王秀英', tenant, '', '', '1990-01-01', '', '', ''])).toEqual([
      ['E', '起租日期 1990-01-01 早于出生日期 1992-06-01'],
    ]);
    expect(problems(['王秀英', tenant, '', '新铺村', '2026-03-01', '', '', ''])).toEqual([
      ['D', '县内有 2 个“新铺村”（三封寺镇、治河渡镇），请写12位代码或“乡镇+村名”'],
    ]);
    expect(problems(['王秀英', tenant, '', '', '2026-07-01', '', '', ''])).toEqual([
      ['E', '起租日期 2026-07-01 晚于今天'],
    ]);
  });

  it('reads a GBK file and refuses one with a bad row, naming file, row and column', async () => {
    const ok = await parseFeed(
      gbkCsv('华容县房屋租赁登记备案人员信息', HOUSING_HEADER, [
        ['王秀英', tenant, '', '430623101208', '2026-03-01', '', '借住', ''],
      ]),
      '租赁登记.csv',
      'housing',
      ctx,
    );
    expect(ok).toMatchObject({ encoding: 'gb18030', rowCount: 1, problemCount: 0 });
    const bad = await parseFeed(
      utf8Csv(HOUSING_HEADER, [
        ['王秀英', tenant, '', '430623101208', '2026-03-01', '', '借住', ''],
        ['王秀英', `${tenant.slice(0, 17)}0`, '', '430623101208', '2026-03-01', '', '借住', ''],
      ]),
      '租赁登记.csv',
      'housing',
      ctx,
    );
    expect(bad.records).toEqual([]);
    expect(bad.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^租赁登记\.csv 第 3 行 B 列（承租人证件号码）：/),
    ]);
  });
});
