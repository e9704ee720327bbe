import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPersons, updatePerson } from '../registry/person.repository.js';
import { womenExposure } from './indicator.repository.js';
import { parsePeriod } from './periods.js';
import { birthReport, setupTestCase, XINPU, type Client, type TestCase } from '../testing/setup.js';

/**
 * A hand-made population in two communities of 治河渡镇, with 2016 events inserted as confirmed
 * vital events, so that every figure can be checked by hand; then the live path (a report
 * confirmed through the workflow), scope of the drill-down, publishing, and a merge.
 */
const A = '430623102001'; // 治河渡社区
const B = '430623102002'; // 红光社区
const TOWNSHIP = '430623102';

let t: TestCase;
let county: Client;
const ids: Record<string, string> = {};

type P = { key: string; sex: 1 | 2; birth: string; unit: string; residence?: string; eventId?: string };
const row = (p: P) => ({
  id: (ids[p.key] = randomUUID()),
  countyCode: '430623',
  idNumberSealed: null,
  idNumberHash: null,
  idNumberMasked: `430623********${String(Object.keys(ids).length).padStart(4, '0')}`,
  name: `测试${p.key}`,
  namePinyin: `ceshi${p.key.toLowerCase()}`,
  nameInitials: 'cs',
  sex: p.sex,
  birthDate: p.birth,
  ethnicity: '01',
  hukouType: 'urban' as const,
  hukouUnitId: p.unit,
  residenceUnitId: p.residence ?? p.unit,
  householdId: null,
  relationship: null,
  motherId: null,
  fatherId: null,
  spouseId: null,
  maritalStatus: '20',
  birthOrder: null,
  status: 'active' as const,
  deathDate: null,
  leftDate: null,
  history: { validFrom: p.birth, change: 'test', eventId: p.eventId ?? null },
});

type E = {
  type: 'birth' | 'death' | 'move_out';
  date: string;
  reportedAfter: number;
  person: string;
  unit: string;
  sex?: 1 | 2;
  order?: number;
  motherAge?: number;
  defect?: boolean;
  mother?: string;
  id?: string;
};
const event = (e: E) => ({
  id: e.id ?? randomUUID(),
  countyCode: '430623',
  type: e.type,
  eventDate: e.date,
  unitId: e.unit,
  personId: ids[e.person]!,
  otherPersonId: e.mother ? ids[e.mother]! : null,
  reportId: null,
  reportedOn: new Date(Date.parse(`${e.date}T00:00:00Z`) + e.reportedAfter * 86_400_000).toISOString().slice(0, 10),
  confirmedAt: new Date(),
  childSex: e.sex ?? null,
  birthOrder: e.order ?? null,
  birthWeightG: e.type === 'birth' ? 3200 : null,
  gestationalWeeks: e.type === 'birth' ? 39 : null,
  hasDefect: e.type === 'birth' ? (e.defect ?? false) : null,
  motherAge: e.motherAge ?? null,
  details: '{}',
});

const births = [
  { key: 'C1', mother: 'W1', date: '2016-04-01', sex: 1, order: 1, motherAge: 26, late: false },
  { key: 'C2', mother: 'W1', date: '2016-04-01', sex: 2, order: 2, motherAge: 26, late: false },
  { key: 'C3', mother: 'W2', date: '2016-02-01', sex: 1, order: 3, motherAge: 29, late: false },
  { key: 'C4', mother: 'W3', date: '2016-06-01', sex: 1, order: 1, motherAge: 36, late: false },
  { key: 'C5', mother: 'W4', date: '2016-09-09', sex: 2, order: 2, motherAge: 40, late: true, defect: true },
] as const;

beforeAll(async () => {
  t = await setupTestCase();
  county = await t.as('county');
  const eventIds = Object.fromEntries(births.map((b) => [b.key, randomUUID()]));
  const adults: P[] = [
    { key: 'W1', sex: 2, birth: '1990-03-10', unit: A },
    { key: 'W2', sex: 2, birth: '1986-07-01', unit: A },
    { key: 'W3', sex: 2, birth: '1980-01-01', unit: A },
    { key: 'W4', sex: 2, birth: '1975-12-31', unit: A },
    { key: 'W5', sex: 2, birth: '1960-05-05', unit: A, residence: B },
    { key: 'W6', sex: 2, birth: '2001-06-15', unit: A },
    { key: 'M1', sex: 1, birth: '1985-01-01', unit: A },
    { key: 'M2', sex: 1, birth: '1950-02-02', unit: A },
    { key: 'M3', sex: 1, birth: '1982-08-08', unit: A },
    { key: 'M4', sex: 1, birth: '1978-11-11', unit: A },
    { key: 'N1', sex: 1, birth: '1970-01-01', unit: B },
    { key: 'N2', sex: 1, birth: '1940-01-01', unit: B },
  ];
  await insertPersons(t.db, adults.map(row));
  await insertPersons(
    t.db,
    births.map((b) => row({ key: b.key, sex: b.sex, birth: b.date, unit: A, eventId: eventIds[b.key] })),
  );
  // M2 dies, W2 moves away; in 红光社区 N2 dies.
  const deathA = randomUUID();
  const moveA = randomUUID();
  const deathB = randomUUID();
  await updatePerson(
    t.db,
    ids.M2!,
    { status: 'dead', deathDate: '2016-08-01' },
    { validFrom: '2016-08-01', change: 'death', eventId: deathA },
  );
  await updatePerson(
    t.db,
    ids.W2!,
    { status: 'moved_out', leftDate: '2016-10-01' },
    { validFrom: '2016-10-01', change: 'move_out', eventId: moveA },
  );
  await updatePerson(
    t.db,
    ids.N2!,
    { status: 'dead', deathDate: '2016-03-03' },
    { validFrom: '2016-03-03', change: 'death', eventId: deathB },
  );
  await t.db
    .insertInto('vitalEvent')
    .values([
      ...births.map((b) =>
        event({
          id: eventIds[b.key],
          type: 'birth',
          date: b.date,
          reportedAfter: b.late ? 40 : 10,
          person: b.key,
          unit: A,
          sex: b.sex,
          order: b.order,
          motherAge: b.motherAge,
          defect: 'defect' in b,
          mother: b.mother,
        }),
      ),
      event({ id: deathA, type: 'death', date: '2016-08-01', reportedAfter: 45, person: 'M2', unit: A }),
      event({ id: moveA, type: 'move_out', date: '2016-10-01', reportedAfter: 3, person: 'W2', unit: A }),
      event({ id: deathB, type: 'death', date: '2016-03-03', reportedAfter: 5, person: 'N2', unit: B }),
    ])
    .execute();
});
afterAll(() => t.close());

const figures = async (c: Client, query: string) => {
  const r = await c.get(`/api/indicators?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r;
};
const byCode = (fs: Array<{ code: string }>) => Object.fromEntries(fs.map((f) => [f.code, f])) as Record<string, any>;

describe('the figures of a hand-made community', () => {
  it('come out exactly as counted by hand', async () => {
    const r = await figures(county, `unitId=${A}&period=2016`);
    const f = byCode(r.body.figures);
    // 10 registered on 31 Dec 2015; +5 births −1 death −1 move-out = 13 on 31 Dec 2016; mean 11.5.
    expect(f.crudeBirthRate.parts).toMatchObject({
      births: 5,
      deaths: 1,
      populationStart: 10,
      populationEnd: 13,
      meanPopulation: 11.5,
    });
    expect(f.crudeBirthRate.value).toBeCloseTo((5 / 11.5) * 1000, 10);
    expect(f.crudeDeathRate.value).toBeCloseTo((1 / 11.5) * 1000, 10);
    expect(f.naturalGrowthRate.value).toBeCloseTo((4 / 11.5) * 1000, 10);
    expect(f.sexRatioAtBirth).toMatchObject({ value: 150, numerator: 3, denominator: 2, status: 'uncertain' });
    expect(f.sexRatioAtBirth.lower).toBeLessThan(103);
    expect(f.birthDefectIncidence).toMatchObject({ value: 200, numerator: 1, denominator: 5 });
    expect(f.birthOrder1Share.value).toBeCloseTo(40, 10);
    expect(f.birthOrder2Share.value).toBeCloseTo(40, 10);
    expect(f.birthOrder3PlusShare.value).toBeCloseTo(20, 10);
    // Births 5 + deaths 1 + move-out 1 = 7 events; the fifth birth and the death were reported after 30 days.
    expect(f.reportTimeliness).toMatchObject({ numerator: 5, denominator: 7 });
    expect(f.reportTimeliness.value).toBeCloseTo((5 / 7) * 100, 10);
    // Woman-years in 2016 (366 days): W1 26 at 297 days, W2 29 at 182 days (left 1 Oct), W3 36 all
    // year, W4 40 for 365 days; two births at 26, one each at 29, 36 and 40.
    const tfr = 2 / (297 / 366) + 1 / (182 / 366) + 1 / (366 / 366) + 1 / (365 / 366);
    expect(f.totalFertilityRate.value).toBeCloseTo(tfr, 10);
    // W1 69 + 297, W2 182 + 92, W3 366, W4 365 + 1, W6 200 days at 15 (14 until June): woman-years.
    expect(f.totalFertilityRate.parts.womanYears).toBeCloseTo((69 + 297 + 182 + 92 + 366 + 365 + 1 + 200) / 366, 10);
    expect(f.totalFertilityRate.version).toBe(1);
    expect(r.body.period).toEqual({ code: '2016', start: '2016-01-01', end: '2016-12-31', running: false });
  });

  it('the resident population counts people where they live', async () => {
    const r = await figures(
      county,
      `unitId=${TOWNSHIP}&period=2016&population=resident&breakdown=children&codes=crudeBirthRate`,
    );
    const rows = Object.fromEntries(r.body.breakdown.map((b: any) => [b.unit.id, b.figures[0].parts]));
    // W5 is registered in 治河渡社区 but lives in 红光社区.
    expect(rows[A]).toMatchObject({ populationStart: 9, populationEnd: 12, births: 5 });
    expect(rows[B]).toMatchObject({ populationStart: 3, populationEnd: 2, deaths: 1 });
    expect(r.body.figures[0].parts).toMatchObject({ populationStart: 12, populationEnd: 14, births: 5, deaths: 2 });
  });

  it('a quarter starts from the end of the previous month and is annualised', async () => {
    const r = await figures(county, `unitId=${A}&period=2016Q1&codes=crudeBirthRate`);
    const f = r.body.figures[0];
    expect(f.parts).toMatchObject({ births: 1, populationStart: 10, populationEnd: 11 });
    expect(f.value).toBeCloseTo((1 / (10.5 * (91 / 366))) * 1000, 10);
  });

  it('a township is the sum of its villages, side by side', async () => {
    const r = await figures(
      county,
      `unitId=${TOWNSHIP}&period=2016&breakdown=children&codes=naturalGrowthRate,sexRatioAtBirth`,
    );
    const ngr = byCode(r.body.figures).naturalGrowthRate;
    expect(ngr.parts).toMatchObject({ births: 5, deaths: 2, populationStart: 12, populationEnd: 14 });
    const villages = r.body.breakdown.map((b: any) => b.unit.id);
    expect(villages).toContain(A);
    expect(villages).toContain(B);
    expect(villages.every((id: string) => id.startsWith(TOWNSHIP))).toBe(true);
  });

  it('the series and the pyramid agree with the figures', async () => {
    const s = await county.get(`/api/indicators/series?code=crudeBirthRate&unitId=${A}&from=2015&to=2017`);
    expect(s.status).toBe(200);
    expect(s.body.points.map((p: any) => [p.period.code, p.parts.births])).toEqual([
      ['2015', 0],
      ['2016', 5],
      ['2017', 0],
    ]);
    expect(s.body.points[1].value).toBeCloseTo((5 / 11.5) * 1000, 10);
    const p = await county.get(`/api/indicators/pyramid?unitId=${A}&date=2016-12-31`);
    expect(p.body.total).toBe(13);
    expect(p.body.groups[0]).toEqual({ ageGroup: '0-4', male: 3, female: 2, unknown: 0 });
    expect(p.body.groups[3]).toMatchObject({ ageGroup: '15-19', female: 1 });
  });

  it('refuses unknown codes and periods, naming the field', async () => {
    const r = await county.get(`/api/indicators?unitId=${A}&period=2016&codes=fooRate`);
    expect(r.status).toBe(400);
    expect(r.body.problems[0].field).toBe('codes');
    expect((await county.get(`/api/indicators?unitId=${A}&period=2016Q7`)).body.problems[0].field).toBe('period');
  });

  it('the catalogue states every definition with its version', async () => {
    const r = await county.get('/api/indicators/catalog');
    const srb = r.body.indicators.find((d: any) => d.code === 'sexRatioAtBirth');
    expect(srb).toMatchObject({
      version: 1,
      nameZh: '出生性别比',
      unit: 'ratio',
      normalRange: { low: 103, high: 107 },
      inEffect: true,
    });
    expect(r.body.indicators.map((d: any) => d.code)).toEqual(
      expect.arrayContaining(['totalFertilityRate', 'reportTimeliness', 'birthOrder3PlusShare']),
    );
  });
});

describe('drill-down', () => {
  it('lists the births behind the numerator, with masked ID numbers, and audits it', async () => {
    const r = await county.get(`/api/indicators/sexRatioAtBirth/records?unitId=${A}&period=2016&part=numerator`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 3, hidden: 0 });
    expect(r.body.items.map((i: any) => i.name).sort()).toEqual(['测试C1', '测试C3', '测试C4']);
    expect(r.body.items[0].idNumberMasked).toMatch(/^430623\*{8}\d{4}$/);
    const audit = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'indicator.records')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.objectId).toBe('sexRatioAtBirth');
  });

  it('lists the population at the start and the end behind a rate', async () => {
    const r = await county.get(
      `/api/indicators/crudeBirthRate/records?unitId=${A}&period=2016&part=denominator&pageSize=100`,
    );
    expect(r.body.total).toBe(15);
    const m2 = r.body.items.find((i: any) => i.personId === ids.M2);
    expect(m2).toMatchObject({ atStart: true, atEnd: false });
    const women = await county.get(
      `/api/indicators/totalFertilityRate/records?unitId=${A}&period=2016&part=denominator`,
    );
    expect(Object.fromEntries(women.body.items.map((i: any) => [i.name, i.days]))).toEqual({
      测试W1: 366,
      测试W2: 274,
      测试W3: 366,
      测试W4: 366,
      测试W6: 200,
    });
  });

  it('shows only records within the scope and counts the rest', async () => {
    // One of 2016's children is registered in 新铺村 (another township) since 2017.
    await updatePerson(
      t.db,
      ids.C4!,
      { hukouUnitId: XINPU, residenceUnitId: XINPU },
      { validFrom: '2017-03-01', change: 'move' },
    );
    const township = await t.as('zhihedu');
    const r = await township.get(`/api/indicators/crudeBirthRate/records?unitId=${A}&period=2016&part=numerator`);
    expect(r.body).toMatchObject({ total: 5, hidden: 1 });
    expect(r.body.items.map((i: any) => i.personId)).not.toContain(ids.C4);
    const village = await t.as('village');
    expect(
      (await village.get(`/api/indicators/crudeBirthRate/records?unitId=${A}&period=2016&part=numerator`)).status,
    ).toBe(404);
    expect((await village.get(`/api/indicators?unitId=${A}&period=2016`)).status).toBe(404);
    const own = await village.get(
      `/api/indicators/crudeBirthRate/records?unitId=${XINPU}&period=2017&part=denominator`,
    );
    expect(own.body.items.map((i: any) => i.personId)).toContain(ids.C4);
    expect(own.body.items.every((i: any) => i.unitId === XINPU)).toBe(true);
  });
});

describe('women-years', () => {
  it('split exactly at birthdays, 29 February included, in leap and other years', async () => {
    const C = '430623102202'; // 月亮湖村
    await insertPersons(t.db, [row({ key: 'W8', sex: 2, birth: '1996-02-29', unit: C })]);
    const exposure = async (year: string, unit: string) => {
      const rows = await womenExposure(t.db, {
        countyCode: '430623',
        periods: [parsePeriod(year, '2026-11-29')],
        units: [unit],
        basis: 'registered',
        minAge: 15,
        maxAge: 49,
      });
      return Object.fromEntries(rows.map((r) => [r.ageAfter, [r.before, r.after]]));
    };
    // 2016 has 366 days: the birthday is 29 February (59 days before it); 2017 has none, so 28 February.
    expect(await exposure('2016', C)).toEqual({ 20: [59, 307] });
    expect(await exposure('2017', C)).toEqual({ 21: [58, 307] });
    // 10 March: 69 days before it in 2016, 68 in 2017; 31 December: 365 and 364.
    const a2017 = await exposure('2017', A);
    expect(a2017[27]).toEqual([68, 297]);
    expect(a2017[42]).toEqual([364, 1]);
  });
});

describe('live figures', () => {
  it('a birth confirmed by the county counts at once', async () => {
    const village = await t.as('village');
    const township = await t.as('township');
    const before = byCode((await figures(village, `unitId=${XINPU}&period=2026`)).body.figures);
    const created = await village.post('/api/reports', birthReport(t.people));
    const approved = await township.post(`/api/reports/${created.body.id}/approve`, { version: created.body.version });
    const confirmed = await county.post(`/api/reports/${created.body.id}/confirm`, { version: approved.body.version });
    expect(confirmed.status).toBe(200);
    const after = byCode((await figures(village, `unitId=${XINPU}&period=2026`)).body.figures);
    expect(after.crudeBirthRate.parts.births).toBe(before.crudeBirthRate.parts.births + 1);
    expect(after.crudeBirthRate.parts.populationEnd).toBe(before.crudeBirthRate.parts.populationEnd + 1);
    expect(after.sexRatioAtBirth.denominator).toBe(before.sexRatioAtBirth.denominator + 1);
    expect(after.totalFertilityRate.numerator).toBe(before.totalFertilityRate.numerator + 1);
    const records = await village.get(
      `/api/indicators/sexRatioAtBirth/records?unitId=${XINPU}&period=2026&part=denominator`,
    );
    expect(records.body.items.map((i: any) => i.personId)).toContain(confirmed.body.resultPersonId);
  });
});

describe('published figures', () => {
  it('stay as published when later records change the computation', async () => {
    const village = await t.as('village');
    expect((await village.post('/api/indicators/publish', { unitId: XINPU, period: '2016' })).status).toBe(403);
    const pub = await county.post('/api/indicators/publish', { unitId: A, period: '2016', codes: ['crudeDeathRate'] });
    expect(pub.status, JSON.stringify(pub.body)).toBe(201);
    // A late death report for 2016 arrives after publication.
    await insertPersons(t.db, [row({ key: 'M9', sex: 1, birth: '1930-01-01', unit: A })]);
    await updatePerson(
      t.db,
      ids.M9!,
      { status: 'dead', deathDate: '2016-12-01' },
      { validFrom: '2016-12-01', change: 'death' },
    );
    await t.db
      .insertInto('vitalEvent')
      .values(event({ type: 'death', date: '2016-12-01', reportedAfter: 200, person: 'M9', unit: A }))
      .execute();
    const f = byCode(
      (await figures(county, `unitId=${A}&period=2016&codes=crudeDeathRate`)).body.figures,
    ).crudeDeathRate;
    expect(f.parts.deaths).toBe(2);
    expect(f.published).toMatchObject({ version: 1, differs: true, numerator: 1 });
    expect(f.published.value).toBeCloseTo((1 / 11.5) * 1000, 10);
    expect(
      (await county.post('/api/indicators/publish', { unitId: A, period: '2016', codes: ['crudeDeathRate'] })).status,
    ).toBe(409);
    expect((await county.post('/api/indicators/publish', { unitId: A, period: '2026' })).status).toBe(409);
    const list = await county.get(`/api/indicators/published?unitId=${A}`);
    expect(list.body.items).toHaveLength(1);
  });
});

describe('boundaries', () => {
  it('after a merge, present boundaries include the merged community and past ones do not', async () => {
    const admin = await t.as('admin');
    const merged = await admin.post('/api/org/merge', { fromIds: [B], intoId: A, effectiveDate: '2020-01-01' });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    const q = `period=2016&codes=crudeDeathRate`;
    const present = byCode((await figures(county, `unitId=${A}&${q}&boundaries=present`)).body.figures).crudeDeathRate;
    const past = byCode((await figures(county, `unitId=${A}&${q}&boundaries=past`)).body.figures).crudeDeathRate;
    // 治河渡社区 now also counts M9, who died in 2016 and was reported late (above).
    expect(present.parts).toMatchObject({ deaths: 3, populationStart: 13 });
    expect(past.parts).toMatchObject({ deaths: 2, populationStart: 11 });
    const closed = byCode((await figures(county, `unitId=${B}&${q}&boundaries=past`)).body.figures).crudeDeathRate;
    expect(closed.parts).toMatchObject({ deaths: 1, populationStart: 2 });
    const refused = await county.get(`/api/indicators?unitId=${B}&${q}`);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('已于 2020-01-01 撤销');
    // The people of 红光社区 count for 治河渡社区 from the merge on, on either boundaries.
    const later = byCode(
      (await figures(county, `unitId=${A}&period=2021&codes=crudeDeathRate&boundaries=past`)).body.figures,
    ).crudeDeathRate;
    // 13 at the end of 2016, C4 registered elsewhere since 2017, N1 from the merge.
    expect(later.parts.populationStart).toBe(13 - 1 + 1);
  });

  it('the derived tables equal a recomputation from the history after all these changes', async () => {
    // A late report: C4 died in November 2016, after the 2017 move already on record. The new
    // state lies before the current one, so the person's spans are recomputed.
    const before = byCode(
      (await figures(county, `unitId=${A}&period=2016&codes=crudeBirthRate&boundaries=past`)).body.figures,
    ).crudeBirthRate;
    await updatePerson(
      t.db,
      ids.C4!,
      { status: 'dead', deathDate: '2016-11-11' },
      { validFrom: '2016-11-11', change: 'death' },
    );
    const after = byCode(
      (await figures(county, `unitId=${A}&period=2016&codes=crudeBirthRate&boundaries=past`)).body.figures,
    ).crudeBirthRate;
    expect(after.parts.populationEnd).toBe(before.parts.populationEnd - 1);
    // A bulk load with triggers off (as imports run) refreshes the persons it wrote.
    await t.db.transaction().execute(async (tx) => {
      await sql`ALTER TABLE person_history DISABLE TRIGGER USER`.execute(tx);
      await insertPersons(tx, [
        row({ key: 'L1', sex: 1, birth: '1970-07-07', unit: A }),
        row({ key: 'L2', sex: 2, birth: '1971-07-07', unit: A }),
      ]);
      await sql`ALTER TABLE person_history ENABLE TRIGGER USER`.execute(tx);
      await sql`SELECT person_span_refresh(${[ids.L1, ids.L2]}::uuid[])`.execute(tx);
    });
    const loaded = byCode(
      (await figures(county, `unitId=${A}&period=2016&codes=crudeBirthRate&boundaries=past`)).body.figures,
    ).crudeBirthRate;
    expect(loaded.parts.populationEnd).toBe(after.parts.populationEnd + 2);
    const read = async () => ({
      spans: (await sql`SELECT * FROM person_span ORDER BY person_id, history_id`.execute(t.db)).rows,
      changes: (
        await sql`SELECT * FROM population_change WHERE change <> 0 ORDER BY county_code, basis, month, year, unit_id, sex`.execute(
          t.db,
        )
      ).rows,
      women: (
        await sql`SELECT * FROM women_years WHERE before <> 0 OR after <> 0 ORDER BY county_code, basis, year, unit_id, age_after`.execute(
          t.db,
        )
      ).rows,
      // The rebuild drops the secondary indexes for its insert and builds them again (migration 0011).
      indexes: (
        await sql`SELECT indexdef FROM pg_indexes WHERE tablename = 'person_span' ORDER BY indexname`.execute(t.db)
      ).rows,
    });
    const live = await read();
    expect(live.indexes.length).toBeGreaterThan(1);
    await sql`SELECT person_span_rebuild()`.execute(t.db);
    expect(await read()).toEqual(live);
    // What a large import's refresh does around its insert: the same indexes come back.
    await t.db.transaction().execute(async (tx) => {
      await sql`SELECT person_span_create_indexes(person_span_drop_indexes())`.execute(tx);
    });
    expect(await read()).toEqual(live);
  });
});
