import type { Insertable } from 'kysely';
import type { Db } from '../db/database.js';
import { deriveSeed, fromDay, Rng, toDay } from '../demo/random.js';
import { clock } from '../lib/clock.js';
import type { Sealer } from '../lib/sealing.js';
import { DEFAULT_FOLLOWUP_DAYS } from './health.rules.js';
import type { FollowupOutcome, HealthKind } from './health.schemas.js';
import {
  healthDb,
  type HealthFollowupEventTable,
  type HealthFollowupTable,
  type HealthServiceTable,
} from './health.tables.js';

const DEMO_VILLAGES = ['430623101208', '430623101213'];

const PLACES = ['县妇幼保健院', '县人民医院', '乡镇卫生院', '县中医医院'];
const PROVIDERS = [
  '县妇幼保健院 吴静',
  '县妇幼保健院 黄丽',
  '县人民医院妇产科',
  '乡镇卫生院 全科',
  '县妇幼保健院 新生儿筛查中心',
];

/** What a positive finding reads like, per kind (demo text, sealed like real findings). */
const FINDINGS: Record<HealthKind, string[]> = {
  cervical_cancer: ['HPV16阳性，建议阴道镜检查', 'TCT: ASC-US，HPV高危型阳性', 'TCT: LSIL，建议阴道镜活检'],
  breast_cancer: [
    '乳腺超声 BI-RADS 4A 类结节，建议活检',
    '乳腺X线 BI-RADS 3 类，建议6个月复查',
    '右乳低回声结节，边界欠清',
  ],
  newborn_screening: [
    'TSH 偏高，疑先天性甲状腺功能减低症，需召回复查',
    '苯丙氨酸偏高，需召回复查',
    '听力初筛双耳未通过',
  ],
  prenatal_screening: [
    '唐氏筛查21-三体高风险 1/180，建议产前诊断',
    '无创DNA提示18-三体风险增高',
    '超声提示胎儿颈项透明层增厚',
  ],
  premarital: ['乙肝表面抗原阳性，建议进一步检查', '梅毒螺旋体抗体阳性', '地中海贫血筛查阳性，建议基因检测'],
  prepregnancy: [
    'TORCH 风疹抗体阴性，建议接种后再孕',
    '甲状腺功能异常（TSH 升高）',
    '地中海贫血筛查阳性，建议双方基因检测',
  ],
  gynecological: ['阴道炎，已开药', '子宫肌瘤，建议复查', '宫颈炎，建议治疗后复查'],
};
const CONTACT_NOTES = [
  '已电话通知，本人表示近期到县妇幼保健院复查',
  '入户告知检查结果，讲解复查的必要性',
  '已到院复查，等待结果',
  '已转诊至上级医院',
];
const CLOSE_NOTES: Record<FollowupOutcome, string> = {
  treated: '已完成治疗',
  referred: '已转诊至市中心医院',
  normal_on_recheck: '复查结果正常',
  under_care: '在上级医院治疗观察中',
  declined: '本人拒绝复查，已告知风险并签字',
  moved_away: '已外出务工，告知当地复查',
  died: '已死亡',
  other: '其他',
};

type Candidate = {
  id: string;
  birthDate: string;
  unitId: string;
  since: string;
  motherId: string | null;
  spouseId: string | null;
  sex: number;
};

/**
 * Demo records of the health services register for the demo county, made after its population
 * (issue 7): two-cancer screening of women 35–64, newborn screening of the last two years'
 * births, prenatal screening of their mothers, some pre-pregnancy checks of young couples and
 * premarital checks, over the last two years; about 6% abnormal with their follow-ups (most
 * closed, some open, a few overdue, 新铺村 and 复兴村 always among them). Deterministic from the
 * seed; a few hundred rows, bulk-inserted.
 */
export async function seedDemoHealth(db: Db, sealer: Sealer, countyCode: string, seed: number): Promise<void> {
  const h = healthDb(db);
  const done = await h.selectFrom('healthService').select('id').where('countyCode', '=', countyCode).limit(1).execute();
  if (done.length) return;
  const rng = new Rng(deriveSeed(seed, `health:${countyCode}`));
  const today = toDay(clock.today());
  const start = today - 730;
  const villages = await db
    .selectFrom('orgUnit')
    .select(['id', 'level', 'parentId'])
    .where('countyCode', '=', countyCode)
    .where('level', 'in', ['village', 'group'])
    .execute();
  const villageOf = new Map(villages.map((u) => [u.id, u.level === 'group' ? u.parentId! : u.id]));
  const villageIds = villages
    .filter((u) => u.level === 'village')
    .map((u) => u.id)
    .sort();
  // The whole county when it is small; the two demo villages and a sample of others in the full
  // county (720,000 people), so both demos get a few hundred records and load as fast.
  const { n } = await db
    .selectFrom('person')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('countyCode', '=', countyCode)
    .executeTakeFirstOrThrow();
  const every = Math.max(1, Math.round(Number(n) / 6_000));
  const chosen = [...DEMO_VILLAGES, ...villageIds.filter((id, i) => i % every === 0 && !DEMO_VILLAGES.includes(id))];
  const born = (years: number) => fromDay(today - Math.round(years * 365.25));
  const persons: Candidate[] = (
    await db
      .selectFrom('person as p')
      .select((eb) => [
        'p.id',
        'p.birthDate',
        'p.residenceUnitId',
        'p.hukouUnitId',
        'p.motherId',
        'p.spouseId',
        'p.sex',
        eb
          .selectFrom('personHistory as ph')
          .select((e) => e.fn.min('ph.validFrom').as('m'))
          .whereRef('ph.personId', '=', 'p.id')
          .as('since'),
      ])
      .where('p.countyCode', '=', countyCode)
      .where('p.hukouUnitId', 'in', chosen)
      .where('p.status', '=', 'active')
      .where((eb) =>
        eb.or([
          eb.and([eb('p.sex', '=', 2), eb('p.birthDate', '<=', born(20)), eb('p.birthDate', '>=', born(66))]),
          eb('p.birthDate', '>=', fromDay(start - 10)),
        ]),
      )
      .orderBy('p.id')
      .execute()
  )
    .filter((p) => p.since !== null)
    .map((p) => ({
      id: p.id,
      birthDate: p.birthDate,
      unitId: villageOf.get(p.residenceUnitId) ?? villageOf.get(p.hukouUnitId) ?? p.hukouUnitId,
      since: p.since as string,
      motherId: p.motherId,
      spouseId: p.spouseId,
      sex: p.sex,
    }));
  const byId = new Map(persons.map((p) => [p.id, p]));
  const health = await db.selectFrom('appUser').select('id').where('username', '=', 'health').executeTakeFirst();

  type Planned = { kind: HealthKind; person: Candidate; partnerId: string | null; day: number };
  const planned: Planned[] = [];
  const registeredOn = (p: Candidate, day: number) => p.since <= fromDay(day) && p.birthDate <= fromDay(day);
  const ageOn = (p: Candidate, day: number) => (day - toDay(p.birthDate)) / 365.25;

  for (const p of persons) {
    if (p.sex === 2 && rng.chance(0.3)) {
      // 两癌筛查: cervical and breast the same day, for women 35–64 on that day.
      const day = rng.int(start, today - 1);
      const age = ageOn(p, day);
      if (age >= 35 && age < 65 && registeredOn(p, day)) {
        planned.push({ kind: 'cervical_cancer', person: p, partnerId: null, day });
        planned.push({ kind: 'breast_cancer', person: p, partnerId: null, day });
        continue;
      }
    }
    const birth = toDay(p.birthDate);
    if (birth >= start && birth <= today - 3) {
      // Newborn screening a few days after birth, and the mother's prenatal screen at 16–20 weeks.
      const day = Math.min(today - 1, birth + rng.int(3, 7));
      if (registeredOn(p, day)) planned.push({ kind: 'newborn_screening', person: p, partnerId: null, day });
      const mother = p.motherId ? byId.get(p.motherId) : undefined;
      const screen = birth - rng.int(140, 170);
      if (mother && screen >= start && registeredOn(mother, screen) && rng.chance(0.8))
        planned.push({ kind: 'prenatal_screening', person: mother, partnerId: null, day: screen });
      continue;
    }
    if (p.sex === 2 && p.spouseId && rng.chance(0.15)) {
      const day = rng.int(start, today - 1);
      const age = ageOn(p, day);
      const partner = byId.get(p.spouseId);
      if (age >= 22 && age < 36 && registeredOn(p, day))
        planned.push({
          kind: rng.chance(0.7) ? 'prepregnancy' : 'premarital',
          person: p,
          partnerId: partner && registeredOn(partner, day) ? partner.id : null,
          day,
        });
    }
  }
  planned.sort((a, b) => a.day - b.day || (a.person.id < b.person.id ? -1 : 1));

  const services: Array<Insertable<HealthServiceTable>> = [];
  const followups: Array<Insertable<HealthFollowupTable>> = [];
  const events: Array<Insertable<HealthFollowupEventTable>> = [];
  // The last two services of each demo village are abnormal and still open, so the demo accounts see work due.
  const forcedOpen = new Set<Planned>();
  for (const v of DEMO_VILLAGES)
    for (const s of planned.filter((x) => x.person.unitId === v).slice(-2)) forcedOpen.add(s);
  let overdueForced = 0;

  for (const s of planned) {
    const id = rng.uuid();
    const abnormal = forcedOpen.has(s) || rng.chance(0.06);
    const served = fromDay(s.day);
    services.push({
      id,
      countyCode,
      kind: s.kind,
      personId: s.person.id,
      partnerPersonId: s.partnerId,
      unitId: s.person.unitId,
      servedOn: served,
      place: s.kind === 'newborn_screening' ? '县人民医院' : rng.pick(PLACES),
      provider: s.kind === 'newborn_screening' ? PROVIDERS[4]! : rng.pick(PROVIDERS.slice(0, 4)),
      result: abnormal ? 'abnormal' : 'normal',
      findingsSealed: abnormal ? sealer.seal(rng.pick(FINDINGS[s.kind])) : null,
      recordedBy: health?.id ?? null,
      recordedAt: new Date(`${served}T10:00:00+08:00`),
    });
    if (!abnormal) continue;
    const fid = rng.uuid();
    const dueDay = s.day + DEFAULT_FOLLOWUP_DAYS[s.kind];
    // Old findings are mostly closed; a few of them and the recent ones are still open.
    const forced = forcedOpen.has(s);
    const stillOpen = forced || dueDay > today - 30 || rng.chance(0.1);
    const contact = (day: number, method: 'visit' | 'phone' | 'clinic', note: string, closes: boolean) =>
      events.push({
        id: rng.uuid(),
        countyCode,
        followupId: fid,
        contactedOn: fromDay(day),
        method,
        noteSealed: sealer.seal(note),
        nextDueOn: null,
        closes,
        recordedBy: null,
        recordedAt: new Date(`${fromDay(day)}T15:00:00+08:00`),
      });
    if (stillOpen) {
      // One forced open follow-up per demo village is overdue; the other is due within days.
      let due = dueDay;
      if (forced) due = overdueForced++ % 2 === 0 ? today - rng.int(3, 12) : today + rng.int(1, 6);
      const firstContact = s.day + rng.int(1, 5);
      if (firstContact < today && rng.chance(0.6)) contact(firstContact, 'phone', rng.pick(CONTACT_NOTES), false);
      followups.push({
        id: fid,
        countyCode,
        serviceId: id,
        personId: s.person.id,
        unitId: s.person.unitId,
        openedOn: served,
        dueOn: fromDay(Math.max(due, s.day)),
        status: 'open',
      });
      continue;
    }
    const outcome = rng.weighted<FollowupOutcome>([
      ['treated', 30],
      ['normal_on_recheck', 35],
      ['referred', 15],
      ['under_care', 10],
      ['declined', 5],
      ['moved_away', 5],
    ]);
    const closeDay = Math.min(today - 1, s.day + rng.int(5, DEFAULT_FOLLOWUP_DAYS[s.kind] + 10));
    if (closeDay - s.day > 4) contact(s.day + rng.int(1, 3), 'phone', rng.pick(CONTACT_NOTES), false);
    contact(closeDay, rng.pick(['visit', 'clinic'] as const), CLOSE_NOTES[outcome], true);
    followups.push({
      id: fid,
      countyCode,
      serviceId: id,
      personId: s.person.id,
      unitId: s.person.unitId,
      openedOn: served,
      dueOn: fromDay(dueDay),
      status: 'closed',
      closedOn: fromDay(closeDay),
      outcome,
      version: 2,
    });
  }

  const chunk = 500;
  for (let i = 0; i < services.length; i += chunk)
    await h
      .insertInto('healthService')
      .values(services.slice(i, i + chunk))
      .execute();
  for (let i = 0; i < followups.length; i += chunk)
    await h
      .insertInto('healthFollowup')
      .values(followups.slice(i, i + chunk))
      .execute();
  for (let i = 0; i < events.length; i += chunk)
    await h
      .insertInto('healthFollowupEvent')
      .values(events.slice(i, i + chunk))
      .execute();
}
