/**
 * A department feed for the demo county (issue 5): the hospitals' birth certificates of the last
 * three months, received but not yet linked, so that a newcomer can press 与登记库比对 and see
 * what linkage finds. Built from the registry's own births, as hospitals would have certified
 * them: some without the mother's ID number, and a few births the villages "did not report"
 * (certificates of registered women whose child is not in the registry), plus one mother from
 * another county.
 */
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { receiveFeed } from '../feeds/feed.service.js';
import { csvRecord } from '../lib/cells.js';
import { makeIdNumber } from '../lib/idNumber.js';
import type { Sealer } from '../lib/sealing.js';
import { Rng } from './random.js';

const HOSPITALS = ['华容县人民医院', '华容县妇幼保健院', '华容县中医医院', '岳阳市妇幼保健院'];
const HEADER = [
  '证书编号',
  '新生儿姓名',
  '性别',
  '出生日期',
  '出生体重（克）',
  '孕周',
  '医院名称',
  '母亲姓名',
  '母亲身份证号',
  '村（社区）代码',
];

/** Writes the feed as the hospital's GBK CSV and receives it; returns its batch id (undefined when there were no births). */
export async function seedDemoFeed(
  db: Db,
  sealer: Sealer,
  countyCode: string,
  seed = 20170216,
): Promise<string | undefined> {
  const rng = new Rng(seed);
  const last = await db
    .selectFrom('vitalEvent')
    .select((eb) => eb.fn.max('eventDate').as('d'))
    .where('countyCode', '=', countyCode)
    .where('type', '=', 'birth')
    .executeTakeFirst();
  if (!last?.d) return undefined;
  const to = String(last.d);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 90 * 86_400_000).toISOString().slice(0, 10);
  const births = await db
    .selectFrom('vitalEvent as e')
    .innerJoin('person as c', 'c.id', 'e.personId')
    .innerJoin('person as m', 'm.id', 'c.motherId')
    .select([
      'c.name as childName',
      'c.sex',
      'e.eventDate',
      'e.birthWeightG',
      'e.gestationalWeeks',
      'm.name as motherName',
      'm.idNumberSealed',
      'm.hukouUnitId',
    ])
    .where('e.countyCode', '=', countyCode)
    .where('e.type', '=', 'birth')
    .where('e.eventDate', '>=', from)
    .orderBy('e.eventDate')
    .orderBy('c.id')
    .limit(600)
    .execute();
  const rows: Array<Array<string | number>> = [];
  let n = 0;
  const cert = () => `Q43${String(600_000 + ++n).padStart(7, '0')}`;
  for (const b of births) {
    rows.push([
      cert(),
      rng.float() < 0.3 ? '' : b.childName,
      b.sex === 1 ? '男' : '女',
      String(b.eventDate),
      b.birthWeightG ?? 3200,
      b.gestationalWeeks ?? 39,
      rng.pick(HOSPITALS),
      b.motherName,
      // Some certificates lack the mother's ID number: linkage compares name and village then.
      b.idNumberSealed && rng.float() > 0.1 ? sealer.open(b.idNumberSealed) : '',
      b.hukouUnitId.slice(0, 12),
    ]);
  }
  // Births the villages did not report: registered women of 22 to 38 without a child in the registry.
  const women = await db
    .selectFrom('person as m')
    .select(['m.name', 'm.idNumberSealed', 'm.hukouUnitId'])
    .where('m.countyCode', '=', countyCode)
    .where('m.sex', '=', 2)
    .where('m.status', '=', 'active')
    .where('m.idNumberSealed', 'is not', null)
    .where('m.birthDate', '>=', `${Number(to.slice(0, 4)) - 38}-01-01`)
    .where('m.birthDate', '<=', `${Number(to.slice(0, 4)) - 22}-12-31`)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('person as c').select('c.id').whereRef('c.motherId', '=', 'm.id'))),
    )
    .orderBy(sql`md5(m.id::text)`)
    .limit(Math.max(2, Math.round(births.length * 0.03)))
    .execute();
  for (const w of women) {
    const day = new Date(Date.parse(`${from}T00:00:00Z`) + rng.int(0, 89) * 86_400_000).toISOString().slice(0, 10);
    rows.push([
      cert(),
      '',
      rng.float() < 0.5 ? '男' : '女',
      day,
      rng.int(2600, 3900),
      rng.int(37, 41),
      rng.pick(HOSPITALS),
      w.name,
      sealer.open(w.idNumberSealed!),
      w.hukouUnitId.slice(0, 12),
    ]);
  }
  // A mother from a neighbouring county, delivered in a county hospital.
  rows.push([cert(), '', '女', to, 3150, 39, HOSPITALS[0]!, '刘芳芳', makeIdNumber('430682', '1997-07-14', 94), '']);
  rows.sort((a, b) => String(a[3]).localeCompare(String(b[3])));
  const csv = [
    csvRecord(['华容县助产机构出生医学证明信息（演示）']),
    csvRecord(HEADER),
    ...rows.map((r) => csvRecord(r)),
  ].join('');
  const receipt = await receiveFeed(
    { db, sealer, maxBytes: 64 * 1024 * 1024 },
    { kind: 'user', user: { userId: null, username: 'demo', displayName: '演示数据', countyCode } },
    { userId: null, username: 'demo', unitId: countyCode, address: 'demo' },
    'hospital_birth',
    {
      fileName: `出生医学证明-${from}至${to}.csv`,
      bytes: iconv.encode(csv, 'gbk'),
      encoding: 'auto',
      departmentName: '助产医疗机构',
    },
  );
  return receipt.batch.id;
}
