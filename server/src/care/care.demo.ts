import type { Insertable } from 'kysely';
import type { Db } from '../db/database.js';
import { deriveSeed, fromDay, Rng, toDay } from '../demo/random.js';
import { clock } from '../lib/clock.js';
import type { Sealer } from '../lib/sealing.js';
import { scanRegistry } from './care.scan.js';
import {
  careDb,
  FUND_SOURCES,
  type AssistanceKind,
  type CareAssistanceTable,
  type CareFamilyTable,
  type CareVisitTable,
  type FundSource,
} from './care.tables.js';

const DEMO_VILLAGES = ['430623101208', '430623101213'];

const HARDSHIP_REASONS = [
  '户主患重病，医疗支出大，家庭收入低',
  '因灾房屋受损，生活困难',
  '单亲家庭，子女年幼，无稳定收入',
  '家中老人长期卧床，需专人照料',
  '计划生育家庭，因残致贫',
];
const NEEDS = [
  '医疗费用负担重，希望帮助申请医疗救助',
  '老人行动不便，需要上门照料和陪诊',
  '希望逢年过节有人上门看望，精神慰藉',
  '房屋漏雨，需要修缮',
  '需要帮助办理养老保险和低保手续',
  '子女就学费用困难',
];
const VISITORS = ['村计生专干', '村计生专干、村医', '镇计生办干部、村计生专干', '县卫健局关怀小组', '计生协会志愿者'];
const PURPOSES: Record<AssistanceKind, string[]> = {
  cash: ['春节慰问金', '医疗救助', '生活补助', '助学金'],
  goods: ['米、油等生活物资', '冬季取暖用品', '康复辅具'],
  service: ['家庭医生上门服务', '住院陪护服务', '心理疏导服务'],
};

/**
 * Demo records of the family care register for the demo county, made after its population
 * (issue 7): the registry scan's special families, a few families in hardship flagged by the
 * villages (新铺村 and 复兴村 always among them, so the demo accounts see some), visits and
 * assistance over the last two years. Deterministic from the seed; a few hundred rows at most.
 */
export async function seedDemoCare(db: Db, _sealer: Sealer, countyCode: string, seed: number): Promise<void> {
  const county = await db.selectFrom('orgUnit').select('path').where('id', '=', countyCode).executeTakeFirst();
  if (!county) return;
  const actor = { userId: null, username: 'demo', unitId: countyCode, address: null };
  await scanRegistry(db, { id: null, countyCode, unitPath: county.path }, actor);

  const rng = new Rng(deriveSeed(seed, `care:${countyCode}`));
  const today = toDay(clock.today());
  const villages = await db
    .selectFrom('orgUnit')
    .select('id')
    .where('countyCode', '=', countyCode)
    .where('level', '=', 'village')
    .where('validTo', 'is', null)
    .orderBy('id')
    .execute();
  // The two demo villages and every 20th other village.
  const chosen = [
    ...DEMO_VILLAGES,
    ...villages.map((v) => v.id).filter((id, i) => i % 20 === 7 && !DEMO_VILLAGES.includes(id)),
  ];
  const born = (years: number) => fromDay(today - Math.round(years * 365.25));
  const people = await db
    .selectFrom('person')
    .select(['id', 'householdId', 'hukouUnitId'])
    .where('countyCode', '=', countyCode)
    .where('hukouUnitId', 'in', chosen)
    .where('deathDate', 'is', null)
    .where('leftDate', 'is', null)
    .where('birthDate', '<=', born(30))
    .where('birthDate', '>=', born(75))
    .orderBy('hukouUnitId')
    .orderBy('birthDate')
    .orderBy('name')
    .orderBy('idNumberMasked')
    .execute();
  const open = await careDb(db)
    .selectFrom('careFamily')
    .select(['personId', 'householdId'])
    .where('countyCode', '=', countyCode)
    .where('endedOn', 'is', null)
    .execute();
  const taken = new Set(open.flatMap((f) => [f.personId, f.householdId ?? '']));
  const families: Array<Insertable<CareFamilyTable>> = [];
  for (const village of chosen) {
    const here = people.filter((p) => p.hukouUnitId === village);
    // 新铺村 also shows a family whose care ended (the fourth).
    const n = village === DEMO_VILLAGES[0] ? 4 : DEMO_VILLAGES.includes(village) ? 3 : 1;
    for (let i = 0; i < n; i++) {
      // One family per household: the ones already flagged (by the scan or just now) are skipped.
      const free = here.filter((p) => !taken.has(p.id) && !taken.has(p.householdId ?? p.id));
      if (free.length === 0) break;
      const p = free[rng.int(0, free.length - 1)]!;
      taken.add(p.id);
      taken.add(p.householdId ?? p.id);
      const flaggedOn = fromDay(today - rng.int(400, 720));
      const ended = i === 3;
      families.push({
        id: rng.uuid(),
        countyCode,
        personId: p.id,
        householdId: p.householdId,
        unitId: p.hukouUnitId,
        category: 'hardship',
        source: 'staff',
        reason: rng.pick(HARDSHIP_REASONS),
        flaggedOn,
        flaggedBy: null,
        ...(ended ? { endedOn: fromDay(today - rng.int(30, 200)), endReason: '家庭收入稳定，已脱困' } : {}),
      });
    }
  }
  if (families.length) await careDb(db).insertInto('careFamily').values(families).execute();

  // Visits and assistance: every open family of the demo villages, and up to 40 others.
  const all = await careDb(db)
    .selectFrom('careFamily as f')
    .innerJoin('person as p', 'p.id', 'f.personId')
    .select(['f.id', 'f.unitId', 'f.flaggedOn', 'f.source'])
    .where('f.countyCode', '=', countyCode)
    .where('f.endedOn', 'is', null)
    .orderBy('f.unitId')
    .orderBy('p.birthDate')
    .orderBy('p.name')
    .execute();
  const demo = all.filter((f) => DEMO_VILLAGES.includes(f.unitId));
  const others = all.filter((f) => !DEMO_VILLAGES.includes(f.unitId)).slice(0, 40);
  const visits: Array<Insertable<CareVisitTable>> = [];
  const grants: Array<Insertable<CareAssistanceTable>> = [];
  const at = clock.now();
  for (const f of [...demo, ...others]) {
    // Staff families are visited after they were flagged; the scan's are older families in care.
    const from = f.source === 'staff' ? toDay(f.flaggedOn) : today - 720;
    const span = Math.max(1, today - from);
    for (let i = rng.int(1, 3); i > 0; i--)
      visits.push({
        id: rng.uuid(),
        countyCode,
        familyId: f.id,
        visitedOn: fromDay(from + rng.int(0, span)),
        visitors: rng.pick(VISITORS),
        needs: rng.pick(NEEDS),
        notes: rng.chance(0.3) ? '已向镇计生办反映' : null,
        recordedBy: null,
        recordedAt: at,
      });
    for (let i = rng.int(0, 2); i > 0; i--) {
      const kind = rng.weighted<AssistanceKind>([
        ['cash', 6],
        ['goods', 3],
        ['service', 1],
      ]);
      const fundSource: FundSource = rng.weighted(FUND_SOURCES.map((s, k) => [s, k < 3 ? 3 : 1] as const));
      grants.push({
        id: rng.uuid(),
        countyCode,
        familyId: f.id,
        grantedOn: fromDay(from + rng.int(0, span)),
        kind,
        // Whole tens of yuan, as such grants are: 200 to 2,000 yuan.
        amountFen: rng.int(20, 200) * 1_000,
        fundSource,
        purpose: rng.pick(PURPOSES[kind]),
        grantedBy: null,
        recordedAt: at,
      });
    }
  }
  if (visits.length) await careDb(db).insertInto('careVisit').values(visits).execute();
  if (grants.length) await careDb(db).insertInto('careAssistance').values(grants).execute();
}
