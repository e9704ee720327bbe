/**
 * Consistency rules over the registry and its events. Each rule is data (code, Chinese name,
 * explanation, severity) plus one set-based SELECT that yields its violations with the same
 * columns, so that listing (with scope and paging), counting per village and period (the scan)
 * and the drill-down all run the same statement. These are checks of the data, never of people:
 * nothing here judges anyone for having children (BRIEF.md).
 *
 * The one rule that cannot be SQL is the ID number's birth date: ID numbers are sealed
 * (AES-GCM), so it reads them in batches and decrypts (quality.idcheck.ts).
 */
import { sql, type RawBuilder } from 'kysely';
import type { AlertSeverity } from '../db/schema.js';

/** `event` rules are dated (period = the year of the date); `state` rules check the registry as it is now (period `current`). */
export type RuleScope = 'event' | 'state';

export type RuleDefinition = {
  code: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  severity: AlertSeverity;
  scope: RuleScope;
  /** Chinese sentence for one violation, from its value. */
  explain: (value: string | null) => string;
};

/** What every rule's SELECT yields; `unit_id` is the owning unit (event: its village; person: hukou unit). */
export type ViolationRow = {
  rule: string;
  unitId: string;
  personId: string;
  eventId: string | null;
  reportId: string | null;
  onDate: string | null;
  period: string;
  value: string | null;
};

export type RuleFilter = {
  countyCode: string;
  /** Today (China time): "in the future", ages. */
  today: string;
  /** Event rules: only these years (null: every year). State rules ignore it. */
  years: number[] | null;
  /** Only records owned by these units (a village and its groups…); null: the whole county. */
  units?: string[] | null;
};

export const CURRENT = 'current';

export const RULES: RuleDefinition[] = [
  {
    code: 'motherAge',
    nameZh: '生育时母亲年龄异常',
    nameEn: "Mother's age at birth out of range",
    descriptionZh: '出生事件记录的母亲年龄小于14岁或大于55岁，多为出生日期或母亲关联录入错误。',
    severity: 'high',
    scope: 'event',
    explain: (v) => `出生时母亲年龄为 ${v} 岁（合理范围 14–55 岁）`,
  },
  {
    code: 'birthWeight',
    nameZh: '出生体重异常',
    nameEn: 'Birth weight out of range',
    descriptionZh: '出生体重小于500克或大于6000克，多为单位（千克/克）或位数录入错误。',
    severity: 'medium',
    scope: 'event',
    explain: (v) => `出生体重 ${v} 克（合理范围 500–6000 克）`,
  },
  {
    code: 'gestationalWeeks',
    nameZh: '孕周异常',
    nameEn: 'Gestational weeks out of range',
    descriptionZh: '孕周小于20周或大于45周。',
    severity: 'medium',
    scope: 'event',
    explain: (v) => `孕周 ${v} 周（合理范围 20–45 周）`,
  },
  {
    code: 'futureEvent',
    nameZh: '事件日期晚于今天',
    nameEn: 'Event dated in the future',
    descriptionZh: '事件日期在今天之后，日期录入有误。',
    severity: 'high',
    scope: 'event',
    explain: (v) => `事件日期 ${v} 晚于今天`,
  },
  {
    code: 'eventBeforeBirth',
    nameZh: '事件早于本人出生',
    nameEn: "Event before the person's birth",
    descriptionZh: '事件日期早于当事人的出生日期（出生事件：早于孩子登记的出生日期）。',
    severity: 'high',
    scope: 'event',
    explain: (v) => `事件日期早于本人出生日期（${v}）`,
  },
  {
    code: 'secondDeath',
    nameZh: '重复死亡',
    nameEn: 'A death after another death',
    descriptionZh: '同一人登记了两次及以上死亡，后一次死亡事件应核实或撤销。',
    severity: 'high',
    scope: 'event',
    explain: (v) => `此前已于 ${v} 登记死亡`,
  },
  {
    code: 'eventAfterDeath',
    nameZh: '死亡后仍有事件',
    nameEn: 'Event after death',
    descriptionZh: '当事人死亡后又登记了婚姻、迁移等事件。',
    severity: 'medium',
    scope: 'event',
    explain: (v) => `当事人已于 ${v} 死亡`,
  },
  {
    code: 'motherInvalid',
    nameZh: '母亲信息不符',
    nameEn: 'Mother male or younger than 14',
    descriptionZh: '登记的母亲为男性，或孩子出生时母亲不满14岁：母亲关联可能错误。',
    severity: 'high',
    scope: 'event',
    explain: (v) => (v === 'male' ? '登记的母亲为男性' : `孩子出生时母亲 ${v} 岁（不满14岁）`),
  },
  {
    code: 'over110',
    nameZh: '健在人员超过110岁',
    nameEn: 'Living person older than 110',
    descriptionZh: '户籍状态为健在但年龄超过110岁，多为死亡未报或出生日期错误。',
    severity: 'medium',
    scope: 'state',
    explain: (v) => `出生于 ${v}，年龄超过110岁仍为健在`,
  },
  {
    code: 'idNumberMismatch',
    nameZh: '身份证号与出生日期或性别不符',
    nameEn: 'ID number disagrees with birth date or sex',
    descriptionZh: '身份证号码中的出生日期或性别码（第17位，奇数男偶数女）与登记的出生日期或性别不一致。',
    severity: 'medium',
    scope: 'state',
    explain: (v) =>
      v === 'sex'
        ? '身份证号码的性别码与登记性别不符'
        : v === 'both'
          ? '身份证号码的出生日期和性别码均与登记不符'
          : '身份证号码中的出生日期与登记的出生日期不符',
  },
  {
    code: 'duplicateIdNumber',
    nameZh: '身份证号重复',
    nameEn: 'Duplicate ID number',
    descriptionZh: '同一身份证号码登记在两个及以上人员记录上（按加密号码的密钥散列比对，不解密）。',
    severity: 'high',
    scope: 'state',
    explain: (v) => `同一身份证号码共登记 ${v} 条人员记录`,
  },
  {
    code: 'suspectedDuplicate',
    nameZh: '疑似重复登记',
    nameEn: 'Suspected duplicate person',
    descriptionZh:
      '两条健在人员记录姓名、性别、出生日期相同，且至少一条无身份证号或母亲相同：可能是同一人登记了两次（两个户）。',
    severity: 'medium',
    scope: 'state',
    explain: (v) => `与另一条记录（${v}）姓名、性别、出生日期相同`,
  },
  {
    code: 'householdUnit',
    nameZh: '户籍地与所在户不一致',
    nameEn: 'Registered in a household of another village',
    descriptionZh: '人员的户籍单位与其所在户的单位不在同一村：同时挂在两个单位。',
    severity: 'medium',
    scope: 'state',
    explain: (v) => `所在户属于 ${v}`,
  },
  {
    code: 'historyMismatch',
    nameZh: '当前登记与历史记录不一致',
    nameEn: 'Registry and history disagree',
    descriptionZh: '人员当前的户籍单位或状态与其历史记录的最新状态不同（如批量导入后未刷新），指标会按历史记录计数。',
    severity: 'low',
    scope: 'state',
    explain: (v) => `历史记录的最新状态为 ${v}`,
  },
];

export const RULE_CODES = RULES.map((r) => r.code);
export const ruleByCode = new Map(RULES.map((r) => [r.code, r]));

const yearsOf = (f: RuleFilter, column: RawBuilder<unknown>) =>
  f.years
    ? sql`AND ${column} >= ${`${Math.min(...f.years)}-01-01`}::date AND ${column} <= ${`${Math.max(...f.years)}-12-31`}::date AND extract(year FROM ${column})::int = ANY(${f.years}::int[])`
    : sql``;

const inUnits = (f: RuleFilter, column: RawBuilder<unknown>) =>
  f.units ? sql`AND ${column} = ANY(${f.units}::text[])` : sql``;

const eventCols = (code: string, value: RawBuilder<unknown>) =>
  sql`${code}::text AS rule, e.unit_id, e.person_id, e.id AS event_id, e.report_id, e.event_date AS on_date, extract(year FROM e.event_date)::int::text AS period, (${value})::text AS value`;

/** The SELECT of one rule (not the ID-number rule, which is not SQL). */
export function ruleSelect(code: string, f: RuleFilter): RawBuilder<ViolationRow> | null {
  const c = f.countyCode;
  switch (code) {
    case 'motherAge':
      return sql`SELECT ${eventCols(code, sql`e.mother_age`)} FROM vital_event e
        WHERE e.county_code = ${c} AND e.type = 'birth' AND (e.mother_age < 14 OR e.mother_age > 55) ${yearsOf(f, sql`e.event_date`)} ${inUnits(f, sql`e.unit_id`)}`;
    case 'birthWeight':
      return sql`SELECT ${eventCols(code, sql`e.birth_weight_g`)} FROM vital_event e
        WHERE e.county_code = ${c} AND e.type = 'birth' AND (e.birth_weight_g < 500 OR e.birth_weight_g > 6000) ${yearsOf(f, sql`e.event_date`)} ${inUnits(f, sql`e.unit_id`)}`;
    case 'gestationalWeeks':
      return sql`SELECT ${eventCols(code, sql`e.gestational_weeks`)} FROM vital_event e
        WHERE e.county_code = ${c} AND e.type = 'birth' AND (e.gestational_weeks < 20 OR e.gestational_weeks > 45) ${yearsOf(f, sql`e.event_date`)} ${inUnits(f, sql`e.unit_id`)}`;
    case 'futureEvent':
      return sql`SELECT ${eventCols(code, sql`e.event_date`)} FROM vital_event e
        WHERE e.county_code = ${c} AND e.event_date > ${f.today}::date ${yearsOf(f, sql`e.event_date`)} ${inUnits(f, sql`e.unit_id`)}`;
    case 'eventBeforeBirth':
      return sql`SELECT ${eventCols(code, sql`p.birth_date`)} FROM vital_event e JOIN person p ON p.id = e.person_id
        WHERE e.county_code = ${c} AND e.event_date < p.birth_date ${yearsOf(f, sql`e.event_date`)} ${inUnits(f, sql`e.unit_id`)}`;
    case 'secondDeath':
      return sql`SELECT ${eventCols(code, sql`e.first_death`)} FROM (
          SELECT e.*, first_value(e.event_date) OVER w AS first_death, row_number() OVER w AS n
            FROM vital_event e
           WHERE e.county_code = ${c} AND e.type = 'death'
             AND e.person_id IN (SELECT person_id FROM vital_event WHERE county_code = ${c} AND type = 'death' GROUP BY person_id HAVING count(*) > 1)
          WINDOW w AS (PARTITION BY e.person_id ORDER BY e.event_date, e.confirmed_at, e.id)) e
        WHERE e.n > 1 ${yearsOf(f, sql`e.event_date`)} ${inUnits(f, sql`e.unit_id`)}`;
    case 'eventAfterDeath':
      return sql`SELECT ${eventCols(code, sql`p.death_date`)} FROM vital_event e JOIN person p ON p.id = e.person_id
        WHERE e.county_code = ${c} AND e.type NOT IN ('death', 'correction') AND p.death_date IS NOT NULL AND e.event_date > p.death_date
          ${yearsOf(f, sql`e.event_date`)} ${inUnits(f, sql`e.unit_id`)}`;
    case 'motherInvalid':
      return sql`SELECT ${code}::text AS rule, p.hukou_unit_id AS unit_id, p.id AS person_id, e.id AS event_id, e.report_id,
               p.birth_date AS on_date, extract(year FROM p.birth_date)::int::text AS period,
               CASE WHEN m.sex = 1 THEN 'male'
                    ELSE (extract(year FROM age(p.birth_date, m.birth_date))::int)::text END AS value
          FROM person p JOIN person m ON m.id = p.mother_id
          LEFT JOIN vital_event e ON e.person_id = p.id AND e.type = 'birth'
         WHERE p.county_code = ${c} AND (m.sex = 1 OR p.birth_date < (m.birth_date + interval '14 years')::date)
           ${yearsOf(f, sql`p.birth_date`)} ${inUnits(f, sql`p.hukou_unit_id`)}`;
    case 'over110':
      return sql`SELECT ${code}::text AS rule, p.hukou_unit_id AS unit_id, p.id AS person_id, NULL::uuid AS event_id, NULL::uuid AS report_id,
               p.birth_date AS on_date, ${CURRENT}::text AS period, p.birth_date::text AS value
          FROM person p
         WHERE p.county_code = ${c} ${inUnits(f, sql`p.hukou_unit_id`)} AND p.status = 'active' AND p.birth_date < (${f.today}::date - interval '110 years')::date`;
    case 'duplicateIdNumber':
      // Across counties too: the keyed hash is the same wherever the number is registered. Probes
      // person_id_hash_idx (migration 0007), so a village's list reads only its own persons.
      return sql`SELECT ${code}::text AS rule, p.hukou_unit_id AS unit_id, p.id AS person_id, NULL::uuid AS event_id, NULL::uuid AS report_id,
               NULL::date AS on_date, ${CURRENT}::text AS period,
               (SELECT count(*) FROM person d WHERE d.id_number_hash = p.id_number_hash)::text AS value
          FROM person p
         WHERE p.county_code = ${c} AND p.id_number_hash IS NOT NULL ${inUnits(f, sql`p.hukou_unit_id`)}
           AND EXISTS (SELECT 1 FROM person q WHERE q.id_number_hash = p.id_number_hash AND q.id <> p.id)`;
    case 'suspectedDuplicate':
      return sql`SELECT ${code}::text AS rule, p.hukou_unit_id AS unit_id, p.id AS person_id, NULL::uuid AS event_id, NULL::uuid AS report_id,
               p.birth_date AS on_date, ${CURRENT}::text AS period, (SELECT name FROM org_unit WHERE id = q.hukou_unit_id) AS value
          FROM person p
          JOIN person q ON q.county_code = p.county_code AND q.name = p.name AND q.sex = p.sex AND q.birth_date = p.birth_date
                       AND q.id <> p.id AND q.status = 'active'
                       AND (p.id_number_hash IS NULL OR q.id_number_hash IS NULL OR p.mother_id = q.mother_id)
                       AND q.household_id IS DISTINCT FROM p.household_id
         WHERE p.county_code = ${c} ${inUnits(f, sql`p.hukou_unit_id`)} AND p.status = 'active'`;
    case 'householdUnit':
      return sql`SELECT ${code}::text AS rule, p.hukou_unit_id AS unit_id, p.id AS person_id, NULL::uuid AS event_id, NULL::uuid AS report_id,
               NULL::date AS on_date, ${CURRENT}::text AS period, hu.name AS value
          FROM person p
          JOIN household h ON h.id = p.household_id
          JOIN org_unit hu ON hu.id = h.unit_id
          JOIN org_unit pu ON pu.id = p.hukou_unit_id
         WHERE p.county_code = ${c} ${inUnits(f, sql`p.hukou_unit_id`)} AND p.status = 'active'
           AND CASE WHEN hu.level = 'group' THEN hu.parent_id ELSE hu.id END <> CASE WHEN pu.level = 'group' THEN pu.parent_id ELSE pu.id END`;
    case 'historyMismatch':
      return sql`SELECT ${code}::text AS rule, p.hukou_unit_id AS unit_id, p.id AS person_id, NULL::uuid AS event_id, NULL::uuid AS report_id,
               NULL::date AS on_date, ${CURRENT}::text AS period,
               CASE WHEN sp.person_id IS NULL THEN '（无）' WHEN NOT sp.active THEN '非健在' ELSE coalesce(su.name, sp.hukou_unit_id) END AS value
          FROM person p
          LEFT JOIN person_span sp ON sp.person_id = p.id AND sp.valid_to IS NULL
          LEFT JOIN org_unit su ON su.id = sp.hukou_unit_id
         WHERE p.county_code = ${c} ${inUnits(f, sql`p.hukou_unit_id`)} AND p.status = 'active'
           AND (sp.person_id IS NULL OR NOT sp.active OR sp.hukou_unit_id IS DISTINCT FROM p.hukou_unit_id)`;
    default:
      return null;
  }
}

/** The unit a violation counts for in alerts: its village (a household's 组 rolls into the village). */
// A join, not a correlated subquery: the planner pushed a subquery's NOT NULL test into the
// 730,000-row person scan and ran it per person (13 s instead of 0.8 s).
export const villageJoin = (alias: string, unit: RawBuilder<unknown>) =>
  sql`JOIN org_unit ${sql.raw(alias)} ON ${sql.raw(alias)}.id = ${unit}`;
export const villageColumn = (alias: string) =>
  sql`CASE WHEN ${sql.raw(alias)}.level = 'group' THEN ${sql.raw(alias)}.parent_id ELSE ${sql.raw(alias)}.id END`;
