/**
 * A small registry with health services, follow-ups, petitions, the care register and 两非 cases,
 * written straight into the tables of migration 0018 (so the figures do not depend on the
 * modules' own code), for the target-group and indicator tests. Each count of those tests is
 * worked out by hand from the tables below.
 *
 * Persons (besides the seeded 李桂英 1950, 李建国, 王秀英 1992-06-01 and their son in 新铺村, and
 * 张小红 1995-09-09 and 曾志强 in 复兴村):
 * | key | sex | born       | village | note                                             |
 * | W1  | F   | 1960-01-01 | 新铺村  | 65 on 2025-01-01: not a target in 2025           |
 * | W2  | F   | 1960-01-02 | 新铺村  | 64 on 2025-01-01: a target                       |
 * | W3  | F   | 1990-12-31 | 新铺村  | 35 on 2025-12-31: a target; marries M1 2025-05-20 |
 * | W4  | F   | 1991-01-01 | 新铺村  | 34 all 2025: only gynecological; twins 2025-07-01 |
 * | M1  | M   | 1970-07-07 | 新铺村  | a man: never a woman's target; marries W3         |
 * | W5  | F   | 1975-05-05 | 复兴村  | a target of 复兴村                                 |
 * | W6  | F   | 1980-03-03 | 复兴村  | moved out (inactive): not a target                 |
 * | C1  | M   | 2025-03-10 | 新铺村  | born to 王秀英                                      |
 * | T1, T2 | M | 2025-07-01 | 新铺村 | twins born to W4                                  |
 * | C3  | F   | 2025-09-09 | 复兴村  | born to 张小红                                      |
 * | C4  | M   | 2025-10-10 | 复兴村  | mother not in the registry                         |
 *
 * Services (S4 and S8 voided), their follow-ups (F), petitions (PT), care (CF, V, A) and cases
 * (K) are listed where they are written below.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { addYears } from '../health/health.targets.js';
import { insertPersons } from '../registry/person.repository.js';
import { personRowBuilder, type TestPerson } from '../testing/persons.js';
import { FUXING, XINPU, type TestCase } from '../testing/setup.js';
import { addDays } from './periods.js';

export const SANFENGSI = '430623101';
export type ServicesFixture = Awaited<ReturnType<typeof seedServices>>;

const at = (d: string) => `${d}T09:00:00+08:00`;

async function insert(t: TestCase, table: string, row: Record<string, unknown>) {
  const cols = Object.keys(row);
  await sql`INSERT INTO ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))})
    VALUES (${sql.join(cols.map((c) => row[c]))})`.execute(t.db);
}

export async function seedServices(t: TestCase) {
  const ids: Record<string, string> = {};
  let seq = 400;
  const build = personRowBuilder(() => t.sealer, { ids, nextSeq: () => seq++ });
  const p = t.people;
  ids.wife = p.wife;
  ids.zhang = p.fuxingWoman;
  const persons: TestPerson[] = [
    { key: 'W1', sex: 2, birth: '1960-01-01', unit: XINPU },
    { key: 'W2', sex: 2, birth: '1960-01-02', unit: XINPU },
    { key: 'W3', sex: 2, birth: '1990-12-31', unit: XINPU },
    { key: 'W4', sex: 2, birth: '1991-01-01', unit: XINPU },
    { key: 'M1', sex: 1, birth: '1970-07-07', unit: XINPU },
    { key: 'W5', sex: 2, birth: '1975-05-05', unit: FUXING },
    { key: 'W6', sex: 2, birth: '1980-03-03', unit: FUXING, left: '2020-01-01' },
    { key: 'C1', sex: 1, birth: '2025-03-10', unit: XINPU, mother: 'wife' },
    { key: 'T1', sex: 1, birth: '2025-07-01', unit: XINPU, mother: 'W4' },
    { key: 'T2', sex: 1, birth: '2025-07-01', unit: XINPU, mother: 'W4' },
    { key: 'C3', sex: 2, birth: '2025-09-09', unit: FUXING, mother: 'zhang' },
    { key: 'C4', sex: 1, birth: '2025-10-10', unit: FUXING },
  ];
  await insertPersons(t.db, persons.map(build));

  const event = (type: string, date: string, unit: string, person: string, other: string | null) =>
    insert(t, 'vital_event', {
      id: randomUUID(),
      county_code: '430623',
      type,
      event_date: date,
      unit_id: unit,
      person_id: person,
      other_person_id: other,
      reported_on: date,
      confirmed_at: at(date),
      child_sex: type === 'birth' ? 1 : null,
    });
  await event('birth', '2025-03-10', XINPU, ids.C1!, p.wife);
  await event('birth', '2025-07-01', XINPU, ids.T1!, ids.W4!);
  await event('birth', '2025-07-01', XINPU, ids.T2!, ids.W4!);
  await event('birth', '2025-09-09', FUXING, ids.C3!, p.fuxingWoman);
  await event('birth', '2025-10-10', FUXING, ids.C4!, null);
  await event('marriage', '2025-05-20', XINPU, ids.M1!, ids.W3!);
  await event('marriage', '2025-08-08', FUXING, p.fuxingMan, null);
  await event('marriage', '2024-12-31', FUXING, ids.W5!, null);

  const conception = (birth: string) => addDays(birth, -280);
  const services: Record<string, string> = {};
  const service = async (
    key: string,
    kind: string,
    person: string,
    unit: string,
    servedOn: string,
    o: { partner?: string; abnormal?: boolean; voided?: boolean } = {},
  ) => {
    services[key] = randomUUID();
    await insert(t, 'health_service', {
      id: services[key],
      county_code: '430623',
      kind,
      person_id: person,
      partner_person_id: o.partner ?? null,
      unit_id: unit,
      served_on: servedOn,
      place: '县妇幼保健院',
      provider: '吴静',
      result: o.abnormal ? 'abnormal' : 'normal',
      findings_sealed: o.abnormal ? t.sealer.seal('宫颈细胞学异常 ASC-US') : null,
      recorded_by: t.users.health,
      recorded_at: at(servedOn),
      voided_at: o.voided ? at(servedOn) : null,
      voided_by: o.voided ? t.users.health : null,
      void_reason: o.voided ? '重复录入' : null,
    });
  };
  await service('S1', 'cervical_cancer', ids.W2!, XINPU, '2025-03-01');
  await service('S2', 'breast_cancer', ids.W2!, XINPU, '2025-03-01', { abnormal: true });
  await service('S3', 'cervical_cancer', ids.W3!, XINPU, '2024-11-01');
  await service('S4', 'cervical_cancer', ids.W5!, FUXING, '2025-04-01', { abnormal: true, voided: true });
  await service('S5', 'gynecological', ids.W4!, XINPU, '2025-05-05', { abnormal: true });
  // Prenatal: 王秀英 exactly 280 days before her birth (in), W4 281 days before (out), 张小红 voided.
  await service('S6', 'prenatal_screening', p.wife, XINPU, addDays('2025-03-10', -280));
  await service('S7', 'prenatal_screening', ids.W4!, XINPU, addDays('2025-07-01', -281));
  await service('S8', 'prenatal_screening', p.fuxingWoman, FUXING, '2025-08-01', { voided: true });
  // Newborns: C1 screened; T1 screened late, in 2026 (still counts); C3's date before the birth does not.
  await service('S9', 'newborn_screening', ids.C1!, XINPU, '2025-03-13');
  await service('S10', 'newborn_screening', ids.T1!, XINPU, '2026-01-05', { abnormal: true });
  await service('S11', 'newborn_screening', ids.C3!, FUXING, '2025-09-08');
  // Pre-pregnancy: 李建国 with 王秀英 as partner exactly 2 years before conception (in); W4 after
  // conception (out); 张小红 a day too early (out).
  await service('S12', 'prepregnancy', p.husband, XINPU, addYears(conception('2025-03-10'), -2), { partner: p.wife });
  await service('S13', 'prepregnancy', ids.W4!, XINPU, addDays(conception('2025-07-01'), 1));
  await service('S14', 'prepregnancy', p.fuxingWoman, FUXING, addDays(addYears(conception('2025-09-09'), -2), -1));
  // Premarital: M1 with W3 as partner exactly a year before their marriage: both covered.
  await service('S15', 'premarital', ids.M1!, XINPU, '2024-05-20', { partner: ids.W3! });
  await service('S16', 'gynecological', p.fuxingWoman, FUXING, '2025-12-31', { abnormal: true });
  await service('S17', 'cervical_cancer', ids.W3!, XINPU, '2026-05-01', { abnormal: true });

  // Follow-ups: F1 closed on time with a contact; F2 open past its due; F3 (2026) a contact,
  // closed late; F4 on a voided service; F5 closed on time in 2026; F6 open, due after "today".
  const followups: Record<string, string> = {};
  const followup = async (
    key: string,
    svc: string,
    person: string,
    unit: string,
    opened: string,
    due: string,
    closed: string | null,
    contacts: string[],
  ) => {
    followups[key] = randomUUID();
    await insert(t, 'health_followup', {
      id: followups[key],
      county_code: '430623',
      service_id: services[svc],
      person_id: person,
      unit_id: unit,
      opened_on: opened,
      due_on: due,
      status: closed ? 'closed' : 'open',
      closed_on: closed,
      outcome: closed ? 'treated' : null,
    });
    for (const d of contacts) {
      await insert(t, 'health_followup_event', {
        id: randomUUID(),
        county_code: '430623',
        followup_id: followups[key],
        contacted_on: d,
        method: 'visit',
        note_sealed: t.sealer.seal('已复查'),
        recorded_at: at(d),
      });
    }
  };
  await followup('F1', 'S2', ids.W2!, XINPU, '2025-03-05', '2025-04-05', '2025-04-01', ['2025-03-20']);
  await followup('F2', 'S5', ids.W4!, XINPU, '2025-05-06', '2025-06-06', null, []);
  await followup('F3', 'S10', ids.T1!, XINPU, '2026-01-06', '2026-02-06', '2026-03-01', ['2026-01-20']);
  await followup('F4', 'S4', ids.W5!, FUXING, '2025-04-02', '2025-05-01', null, []);
  await followup('F5', 'S16', p.fuxingWoman, FUXING, '2026-01-02', '2026-01-31', '2026-01-15', []);
  await followup('F6', 'S17', ids.W3!, XINPU, '2026-05-02', '2026-06-30', null, []);

  // Petitions, by assigned unit (PT3 and K2 at the township itself).
  const petitions: Record<string, string> = {};
  let number = 0;
  const petition = async (key: string, unit: string, p0: Record<string, unknown>) => {
    petitions[key] = randomUUID();
    number += 1;
    await insert(t, 'petition', {
      id: petitions[key],
      county_code: '430623',
      number: `XF2025-${String(number).padStart(4, '0')}`,
      channel: 'letter',
      subject: `信访事项${key}`,
      content: '反映奖励扶助金发放问题（内容不在明细中列出）',
      petitioner_name: `信访人${key}`,
      petitioner_phone: '13800000000',
      assigned_unit_id: unit,
      registered_at: at(String(p0.received_on)),
      ...p0,
    });
  };
  await petition('PT1', XINPU, {
    received_on: '2025-01-02',
    accept_due_on: '2025-01-17',
    decided_on: '2025-01-10',
    conclude_due_on: '2025-03-11',
    replied_on: '2025-03-01',
    satisfaction: 'satisfied',
    closed_on: '2025-03-05',
    status: 'closed',
  });
  await petition('PT2', XINPU, {
    received_on: '2025-02-01',
    accept_due_on: '2025-02-16',
    decided_on: '2025-02-20',
    conclude_due_on: '2025-05-21',
    extension_days: 30,
    extension_reason: '情况复杂',
    replied_on: '2025-05-25',
    satisfaction: 'dissatisfied',
    status: 'replied',
  });
  await petition('PT3', SANFENGSI, {
    received_on: '2025-11-20',
    accept_due_on: '2025-12-05',
    decided_on: '2025-12-01',
    conclude_due_on: '2026-01-30',
    replied_on: '2026-01-20',
    satisfaction: 'basically_satisfied',
    status: 'replied',
  });
  await petition('PT4', FUXING, {
    received_on: '2025-03-01',
    accept_due_on: '2025-03-16',
    decided_on: '2025-03-10',
    not_accepted_reason: '不属于本机关职责范围',
    status: 'not_accepted',
  });
  await petition('PT5', FUXING, {
    received_on: '2026-05-01',
    accept_due_on: '2026-05-16',
    decided_on: '2026-05-10',
    conclude_due_on: '2026-05-31',
    status: 'accepted',
  });
  await petition('PT6', XINPU, { received_on: '2026-06-10', accept_due_on: '2026-06-25', status: 'registered' });
  await petition('PT7', XINPU, { received_on: '2026-05-20', accept_due_on: '2026-06-04', status: 'registered' });

  // Care: 李桂英 twice in the register (one family), 曾志强 ended before 2025's end, 张小红 from 2026.
  const families: Record<string, string> = {};
  const family = async (
    key: string,
    person: string,
    unit: string,
    category: string,
    flagged: string,
    ended?: string,
  ) => {
    families[key] = randomUUID();
    await insert(t, 'care_family', {
      id: families[key],
      county_code: '430623',
      person_id: person,
      unit_id: unit,
      category,
      source: 'staff',
      reason: '入户核实',
      flagged_on: flagged,
      ended_on: ended ?? null,
      end_reason: ended ? '家庭经济好转' : null,
    });
  };
  await family('CF1', p.grandmother, XINPU, 'only_child_died', '2024-05-01');
  await family('CF2', p.grandmother, XINPU, 'hardship', '2025-02-01');
  await family('CF3', p.fuxingMan, FUXING, 'hardship', '2025-03-01', '2025-10-01');
  await family('CF4', p.fuxingWoman, FUXING, 'hardship', '2026-01-10');
  for (const [fam, day] of [
    ['CF1', '2025-03-03'],
    ['CF2', '2025-06-06'],
    ['CF3', '2025-04-04'],
    ['CF1', '2026-01-01'],
  ] as const) {
    await insert(t, 'care_visit', {
      id: randomUUID(),
      county_code: '430623',
      family_id: families[fam],
      visited_on: day,
      visitors: '陈芳、刘军',
      needs: '慰问，了解生活困难',
      recorded_at: at(day),
    });
  }
  for (const [fam, day, kind, fen] of [
    ['CF1', '2025-03-03', 'cash', 50_000],
    ['CF3', '2025-04-04', 'goods', 12_345],
    ['CF1', '2026-02-02', 'cash', 20_000],
  ] as const) {
    await insert(t, 'care_assistance', {
      id: randomUUID(),
      county_code: '430623',
      family_id: families[fam],
      granted_on: day,
      kind,
      amount_fen: fen,
      fund_source: 'county_finance',
      purpose: '春节慰问',
      recorded_at: at(day),
    });
  }

  // 两非 cases: K1 opened and closed in 2025, K2 opened 2025 (township) closed 2026, K3 opened 2026 (county).
  const cases: Record<string, string> = {};
  for (const [key, unit, lead, closed] of [
    ['K1', XINPU, '2025-02-02', '2025-08-08'],
    ['K2', SANFENGSI, '2025-11-11', '2026-01-10'],
    ['K3', '430623', '2026-03-03', null],
  ] as const) {
    cases[key] = randomUUID();
    await insert(t, 'sex_selection_case', {
      id: cases[key],
      county_code: '430623',
      number: `LF-${key}`,
      kind: 'fetal_sex_determination',
      lead_source: 'hotline',
      lead_received_on: lead,
      unit_id: unit,
      summary: '举报某诊所非法鉴定胎儿性别',
      parties: '当事人甲（诊所负责人）',
      status: closed ? 'closed' : 'investigating',
      outcome: closed ? 'penalised' : null,
      closed_on: closed,
      opened_by: t.users.cases,
      opened_at: at(lead),
    });
  }
  return { ids, services, followups, petitions, families, cases };
}
