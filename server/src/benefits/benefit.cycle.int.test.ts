import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../lib/idNumber.js';
import { insertPersons } from '../registry/person.repository.js';
import { personRowBuilder, type TestPerson } from '../testing/persons.js';
import { FUXING, setupTestCase, XINPU, type Client, type TestCase } from '../testing/setup.js';
import { cycleDb } from './benefit.cycle.repository.js';
import { evaluate } from './benefit.eligibility.js';
import { factsFromRows, loadFacts, type FactsCandidateRow } from './benefit.facts.js';
import { PROGRAMS } from './benefit.programs.js';

/**
 * The county generates the 2026 cycles from a small registry (setupTestCase's families plus the
 * families below); villages and townships read their own candidates, each with the reason.
 */
const ZHIHEDU = '430623102001'; // 治河渡社区, 治河渡镇 (another township)

let t: TestCase;
let county: Client;
const ids: Record<string, string> = {};
const idNumbers: Record<string, string> = {};
let seq = 100;

type P = TestPerson;
const row = personRowBuilder(() => t.sealer, { ids, idNumbers, nextSeq: () => seq++ });

const generate = (programCode: string, year = 2026) => county.post('/api/benefits/cycles', { programCode, year });
const candidates = async (c: Client, cycleId: string, q = '') =>
  c.get(`/api/benefits/cycles/${cycleId}/candidates?pageSize=200${q}`);
const cycleCount = async () =>
  (
    await cycleDb(t.db)
      .selectFrom('benefitCycle')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

beforeAll(async () => {
  t = await setupTestCase();
  county = await t.as('county');
  const parents: P[] = [
    // 新铺村: a rural couple in their sixties with one son born in 1988.
    { key: 'RH', sex: 1, birth: '1960-03-01', unit: XINPU, spouse: 'RW' },
    { key: 'RW', sex: 2, birth: '1962-05-05', unit: XINPU, spouse: 'RH' },
    // 新铺村: a rural couple of the same age with three children born before 2016: not eligible.
    { key: 'TH', sex: 1, birth: '1958-01-01', unit: XINPU, spouse: 'TW' },
    { key: 'TW', sex: 2, birth: '1959-01-01', unit: XINPU, spouse: 'TH' },
    // 治河渡社区: an urban couple whose only child died in 2015; the mother is 56.
    { key: 'SH', sex: 1, birth: '1968-08-08', unit: ZHIHEDU, hukou: 'urban', spouse: 'SW' },
    { key: 'SW', sex: 2, birth: '1970-02-10', unit: ZHIHEDU, hukou: 'urban', spouse: 'SH' },
  ];
  await insertPersons(t.db, parents.map(row));
  await insertPersons(t.db, [
    row({ key: 'RC', sex: 1, birth: '1988-08-08', unit: XINPU, mother: 'RW', father: 'RH' }),
    row({ key: 'T1', sex: 1, birth: '1982-01-01', unit: XINPU, mother: 'TW', father: 'TH' }),
    row({ key: 'T2', sex: 2, birth: '1984-01-01', unit: XINPU, mother: 'TW', father: 'TH' }),
    row({ key: 'T3', sex: 1, birth: '1986-01-01', unit: XINPU, mother: 'TW', father: 'TH' }),
    row({
      key: 'SC',
      sex: 2,
      birth: '1995-05-05',
      unit: ZHIHEDU,
      hukou: 'urban',
      mother: 'SW',
      father: 'SH',
      death: '2015-07-01',
    }),
    // Two small children: one turns 3 in September 2026 (8 months left), one born in April 2026 (9 months).
    row({ key: 'K1', sex: 2, birth: '2023-09-20', unit: XINPU }),
    row({ key: 'K2', sex: 1, birth: '2026-04-02', unit: FUXING }),
  ]);
});

afterAll(async () => {
  await t?.close();
});

describe('generating a cycle from the registry', () => {
  it('the rural reward: the couple with one child and the grandmother with one son, 1,100 yuan each; the family of three children is not stored', async () => {
    const res = await generate('rural_reward');
    expect(res.status).toBe(201);
    expect(res.body.counts).toMatchObject({ eligible: 3, toVerify: 0, amountFen: 3 * 110_000 });
    expect(res.body.counts.refused).toBeGreaterThanOrEqual(2);
    expect(typeof res.body.counts.seconds).toBe('number');
    const list = await candidates(county, res.body.cycleId);
    expect(list.status).toBe(200);
    const who = list.body.items.map((i: any) => i.personId).sort();
    expect(who).toEqual([ids.RH, ids.RW, t.people.grandmother].sort());
    expect(
      list.body.items.every(
        (i: any) => i.outcome === 'yes' && i.amountFen === 110_000 && i.months === 12 && i.unitId === XINPU,
      ),
    ).toBe(true);
    const stored = await cycleDb(t.db)
      .selectFrom('benefitCandidate')
      .select('personId')
      .where('cycleId', '=', res.body.cycleId)
      .execute();
    expect(stored.map((s) => s.personId)).not.toContain(ids.TH);
    expect(stored.map((s) => s.personId)).not.toContain(ids.TW);
  });

  it('the childcare subsidy: the months left before the third birthday, and a newborn from the birth month', async () => {
    const res = await generate('childcare_subsidy');
    expect(res.status).toBe(201);
    const list = await candidates(county, res.body.cycleId);
    const byPerson = new Map(list.body.items.map((i: any) => [i.personId, i]));
    expect(byPerson.get(ids.K1!)).toMatchObject({ outcome: 'yes', months: 8, amountFen: 240_000, unitId: XINPU });
    expect(byPerson.get(ids.K2!)).toMatchObject({ outcome: 'yes', months: 9, amountFen: 270_000, unitId: FUXING });
    // 李明, born 2016, is ten: not a candidate.
    expect(byPerson.has(t.people.firstChild)).toBe(false);
    expect(res.body.counts).toMatchObject({ eligible: 2, amountFen: 510_000 });
  });

  it('special assistance: both parents whose only child died, 340 yuan a month each (urban); a living only child without a recorded disability is not a candidate', async () => {
    const res = await generate('special_assistance');
    expect(res.status).toBe(201);
    const list = await candidates(county, res.body.cycleId);
    const byPerson = new Map<string, any>(list.body.items.map((i: any) => [i.personId, i]));
    expect(byPerson.get(ids.SW!)).toMatchObject({
      outcome: 'yes',
      months: 12,
      amountFen: 12 * 34_000,
      unitId: ZHIHEDU,
    });
    expect(byPerson.get(ids.SH!)).toMatchObject({ outcome: 'yes', amountFen: 12 * 34_000 });
    // The grandmother's only son is alive and no disability of his is recorded: not proposed
    // (a family whose child is disabled applies with the certificate).
    expect(byPerson.has(t.people.grandmother)).toBe(false);
    expect(res.body.counts).toMatchObject({ eligible: 2, toVerify: 0 });
  });

  it('each candidate carries the verdict and the condition tree with the facts read', async () => {
    const cycles = (await county.get('/api/benefits/cycles')).body;
    const rural = cycles.find((c: any) => c.programCode === 'rural_reward');
    const list = await candidates(county, rural.id);
    const rw = list.body.items.find((i: any) => i.personId === ids.RW);
    expect(rw.explanation.verdict).toContain('符合');
    expect(rw.explanation.rule.kind).toBe('all');
    const age = rw.explanation.rule.parts.find((p: any) => p.label.startsWith('年满60周岁'));
    expect(age).toMatchObject({ outcome: 'yes', facts: { birthDate: '1962-05-05', age: 64 } });
  });
});

describe('who sees what', () => {
  it('a village sees its own candidates only; another village unit answers 404', async () => {
    const cycles = (await county.get('/api/benefits/cycles')).body;
    const care = cycles.find((c: any) => c.programCode === 'childcare_subsidy');
    const village2 = await t.as('village2');
    const own = await candidates(village2, care.id);
    expect(own.body.items.map((i: any) => i.personId)).toEqual([ids.K2]);
    expect(own.body.villages.map((v: any) => v.unitId)).toEqual([FUXING]);
    expect((await candidates(village2, care.id, `&unitId=${XINPU}`)).status).toBe(404);
    const mine = (await village2.get('/api/benefits/cycles')).body.find((c: any) => c.id === care.id);
    expect(mine.inArea).toEqual({ eligible: 1, toVerify: 0, amountFen: 270_000 });
  });

  it('a village worker of another village gets nothing of a cycle with no candidates there', async () => {
    const cycles = (await county.get('/api/benefits/cycles')).body;
    const special = cycles.find((c: any) => c.programCode === 'special_assistance');
    const res = await candidates(await t.as('village2'), special.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 0, items: [], villages: [] });
  });

  it('the township sees its villages, not another township', async () => {
    const cycles = (await county.get('/api/benefits/cycles')).body;
    const special = cycles.find((c: any) => c.programCode === 'special_assistance');
    const township = await t.as('township');
    const res = await candidates(township, special.id);
    expect(res.body.items.some((i: any) => i.unitId === ZHIHEDU)).toBe(false);
    expect(res.status).toBe(200);
    expect((await candidates(township, special.id, `&unitId=${ZHIHEDU}`)).status).toBe(404);
    const other = await candidates(await t.as('zhihedu'), special.id, '&outcome=yes');
    expect(other.body.items.map((i: any) => i.personId).sort()).toEqual([ids.SH, ids.SW].sort());
  });

  it('an unknown cycle answers 404, and a village cannot generate', async () => {
    expect((await candidates(county, randomUUID())).status).toBe(404);
    expect(
      (await (await t.as('village')).post('/api/benefits/cycles', { programCode: 'rural_reward', year: 2026 })).status,
    ).toBe(403);
  });

  it('ID numbers are masked, never whole', async () => {
    const cycles = (await county.get('/api/benefits/cycles')).body;
    const rural = cycles.find((c: any) => c.programCode === 'rural_reward');
    const res = await candidates(county, rural.id);
    const rw = res.body.items.find((i: any) => i.personId === ids.RW);
    expect(rw.idNumberMasked).toBe(maskIdNumber(idNumbers.RW!));
    const body = JSON.stringify(res.body);
    for (const full of [idNumbers.RW!, idNumbers.RH!, t.people.ids.grandmother]) expect(body).not.toContain(full);
  });

  it('generation and every candidate list read are audited', async () => {
    const rows = await t.db
      .selectFrom('auditLog')
      .select(['action', 'objectId', 'detail'])
      .where('action', 'in', ['benefit.cycle.generate', 'benefit.candidate.list'])
      .execute();
    expect(rows.filter((r) => r.action === 'benefit.cycle.generate')).toHaveLength(3);
    expect(rows.filter((r) => r.action === 'benefit.candidate.list').length).toBeGreaterThanOrEqual(8);
  });
});

describe('bad input and regenerating', () => {
  it('an unknown program or a year out of range is refused naming the field, and nothing is written', async () => {
    const before = await cycleCount();
    const unknown = await generate('no_such_program');
    expect(unknown.status).toBe(400);
    expect(unknown.body.problems[0].field).toBe('programCode');
    expect(unknown.body.message).toContain('没有此项目');
    for (const year of [1990, 2028]) {
      const res = await generate('rural_reward', year);
      expect(res.status).toBe(400);
      expect(res.body.problems[0].field).toBe('year');
    }
    const noYear = await county.post('/api/benefits/cycles', { programCode: 'rural_reward', year: 'x' });
    expect(noYear.status).toBe(400);
    expect(noYear.body.problems[0].field).toBe('year');
    expect(await cycleCount()).toBe(before);
  });

  it('regenerating a cycle nobody has acted on replaces it, with the registry as it now stands', async () => {
    const first = (await county.get('/api/benefits/cycles')).body.find((c: any) => c.programCode === 'rural_reward');
    await insertPersons(t.db, [
      row({ key: 'NH', sex: 1, birth: '1966-06-06', unit: FUXING, spouse: 'NW' }),
      row({ key: 'NW', sex: 2, birth: '1966-07-07', unit: FUXING, spouse: 'NH' }),
    ]);
    await insertPersons(t.db, [
      row({ key: 'NC', sex: 2, birth: '1990-01-01', unit: FUXING, mother: 'NW', father: 'NH' }),
    ]);
    const again = await generate('rural_reward');
    expect(again.status).toBe(201);
    expect(again.body.replaced).toBe(true);
    expect(again.body.counts).toMatchObject({ eligible: 5, amountFen: 5 * 110_000 });
    const cycles = (await county.get('/api/benefits/cycles')).body.filter(
      (c: any) => c.programCode === 'rural_reward' && c.year === 2026,
    );
    expect(cycles).toHaveLength(1);
    expect(cycles[0].id).not.toBe(first.id);
    expect((await candidates(county, first.id)).status).toBe(404);
  });
});

describe('the SQL pre-filter', () => {
  it('drops nobody the rules would accept or send to verify (all persons evaluated without it give the same candidates)', async () => {
    const all = await t.db.selectFrom('person').selectAll().where('countyCode', '=', '430623').execute();
    const byId = new Map(all.map((p) => [p.id, p]));
    const rows: FactsCandidateRow[] = all.map((p) => {
      const s = p.spouseId ? byId.get(p.spouseId) : undefined;
      return { ...p, spouse: s ? { ...s } : null };
    });
    const everyone = factsFromRows(rows, all);
    for (const program of PROGRAMS) {
      const plausible = await loadFacts(t.db, '430623', program, 2026);
      const keep = (list: typeof everyone) =>
        list
          .filter((f) => evaluate(program, f.facts, { period: '2026' }).outcome !== 'no')
          .map((f) => f.personId)
          .sort();
      expect(keep(plausible), program.code).toEqual(keep(everyone));
      expect(plausible.length, program.code).toBeLessThan(everyone.length);
    }
  });
});

describe('a cycle follows the county’s stored programs', () => {
  it('a county top-up from 2026-01-01 raises every candidate of the 2026 roster', async () => {
    const topUp = await county.post('/api/benefits/programs/rural_reward/amounts', {
      baseVersion: 1,
      from: '2026-01-01',
      fen: 24_000,
      reason: '县级提标至每人每年240元',
    });
    expect(topUp.status, JSON.stringify(topUp.body)).toBe(201);
    const res = await generate('rural_reward');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // 960 national floor + 240 county (in place of 140) = 1,200 yuan a year each.
    expect(res.body.counts.amountFen).toBe(res.body.counts.eligible * 120_000);
    const list = await candidates(county, res.body.cycleId);
    expect(list.body.items.map((i: any) => i.personId)).toEqual(expect.arrayContaining([ids.RH, ids.RW]));
    expect(list.body.items.every((i: any) => i.amountFen === 120_000)).toBe(true);
  });
});
