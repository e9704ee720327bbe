import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestCase, type Client, type TestCase } from '../testing/setup.js';
import { programInEffect, programsInEffect } from './benefit.catalog.service.js';
import { evaluate } from './benefit.eligibility.js';
import { PROGRAMS, RURAL_REWARD, type BenefitProgram } from './benefit.programs.js';
import type { BenefitFacts } from './benefit.rules.js';

/** A rural grandmother of 华容县, 60 in 2016, with one child born in 1985: she qualifies for the rural reward. */
const grandmother: BenefitFacts = {
  person: { sex: 2, birthDate: '1956-03-02', hukouType: 'rural', countyCode: '430623' },
  children: [{ sex: 1, birthDate: '1985-07-01' }],
};

let t: TestCase;
let county: Client;
let admin: Client;
let village: Client;

const versionRows = (code: string) =>
  t.db
    .withTables<{ benefitProgramVersion: { code: string; version: number; countyCode: string } }>()
    .selectFrom('benefitProgramVersion')
    .select(['version'])
    .where('code', '=', code)
    .orderBy('version')
    .execute();
const auditRows = (action: string, code: string) =>
  t.db
    .selectFrom('auditLog')
    .selectAll()
    .where('action', '=', action)
    .where('objectId', '=', code)
    .orderBy('id')
    .execute();

beforeAll(async () => {
  t = await setupTestCase();
  county = await t.as('county');
  admin = await t.as('admin');
  village = await t.as('village');
});
afterAll(async () => t?.close());

describe('the programs as the county keeps them', () => {
  it("a county that has stored nothing has the four built-in programs, as version 1, with who qualifies and today's amounts", async () => {
    const res = await village.get('/api/benefits/programs');
    expect(res.status).toBe(200);
    expect(res.body.map((p: { code: string }) => p.code)).toEqual(PROGRAMS.map((p) => p.code));
    const rural = res.body[0];
    expect(rural).toMatchObject({ code: 'rural_reward', builtIn: true, stored: false, version: 1, changedBy: null });
    expect(rural.program).toEqual(RURAL_REWARD);
    // 960 national + 140 county = 1,100 yuan a year, as the speech says 华容县 paid.
    expect(rural.summary.tiers[0].fenToday).toBe(110_000);
    expect(rural.summary.amountText).toBe('每人每年 1,100.00 元');
    expect(rural.summary.paidText).toBe('按年发放');
    expect(rural.summary.qualifies.parts.map((p: { zh: string }) => p.zh)).toContain(
      '配偶为农村户口（无登记配偶的不看此条）',
    );
    expect(rural.summary.qualifies.parts.map((p: { zh: string }) => p.zh)).toContain('年满60周岁（按当年12月31日计）');
    const special = res.body[1];
    expect(special.summary.tiers.map((x: { fenToday: number }) => x.fenToday)).toEqual([
      34_000, 17_000, 27_000, 15_000,
    ]);
    expect(await programsInEffect(t.db, '430623')).toEqual([...PROGRAMS]);
    expect(await versionRows('rural_reward')).toEqual([]);

    const one = await village.get('/api/benefits/programs/childcare_subsidy');
    expect(one.status).toBe(200);
    expect(one.body.history).toHaveLength(1);
    expect(one.body.history[0]).toMatchObject({ version: 1, createdBy: null });
    expect((await village.get('/api/benefits/programs/no_such_program')).status).toBe(404);
    await expect(programInEffect(t.db, '430623', 'no_such_program')).rejects.toThrow(/不存在/);
  });

  it('a county top-up from 2027-01-01 creates version 2 (the built-in kept as version 1): the rate changes from that day, not before', async () => {
    const res = await county.post('/api/benefits/programs/rural_reward/amounts', {
      baseVersion: 1,
      from: '2027-01-01',
      fen: 26_000,
      reason: '华容县政府〔2026〕12号：县级提标至每人每年260元',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      version: 2,
      stored: true,
      note: '华容县政府〔2026〕12号：县级提标至每人每年260元',
    });
    expect(res.body.changedBy.name).toBe('县卫健局 统计员 王丽');
    expect(res.body.history.map((h: { version: number }) => h.version)).toEqual([2, 1]);
    expect(res.body.history[1]).toMatchObject({ createdBy: null, program: RURAL_REWARD });
    expect(await versionRows('rural_reward')).toEqual([{ version: 1 }, { version: 2 }]);

    const program = await programInEffect(t.db, '430623', 'rural_reward');
    const layers = program.amounts[0]!.layers;
    expect(layers.at(-1)).toEqual({
      level: 'county',
      division: '430623',
      divisionName: '华容县',
      from: '2027-01-01',
      fen: 26_000,
      source: '华容县政府〔2026〕12号：县级提标至每人每年260元',
    });
    // 2026 still at 960 + 140; 2027 at 960 + 260.
    expect(evaluate(program, grandmother, { on: '2026-12-31' }).amountFen).toBe(110_000);
    expect(evaluate(program, grandmother, { on: '2027-01-01' }).amountFen).toBe(122_000);
    expect(evaluate(program, grandmother, { period: '2027' }).amountFen).toBe(122_000);

    const audit = await auditRows('benefit.program.topUp', 'rural_reward');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ username: 'county', outcome: 'success', objectType: 'benefit_program' });
    expect(audit[0]!.detail).toMatchObject({ baseVersion: 1, version: 2, from: '2027-01-01', fen: 26_000 });
  });

  it('a stale baseVersion is refused with 409 and a clear message, and nothing is written', async () => {
    // 王丽 saved version 2 above; the administrator's form still shows version 1.
    const res = await admin.post('/api/benefits/programs/rural_reward/amounts', {
      baseVersion: 1,
      from: '2028-01-01',
      fen: 30_000,
      reason: '另一份修改',
    });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('已被他人修改：当前为第 2 版');
    expect(res.body.message).toContain('王丽');
    expect(res.body.problems[0].field).toBe('baseVersion');
    expect(await versionRows('rural_reward')).toEqual([{ version: 1 }, { version: 2 }]);

    const current = (await admin.get('/api/benefits/programs/rural_reward')).body;
    const put = await admin.put('/api/benefits/programs/rural_reward', {
      baseVersion: 1,
      note: '旧表单',
      program: current.program,
    });
    expect(put.status).toBe(409);
  });

  it('two changes at once on the same version: one is saved, the other gets 409', async () => {
    const [a, b] = await Promise.all([
      county.post('/api/benefits/programs/childcare_subsidy/amounts', {
        baseVersion: 1,
        from: '2027-01-01',
        fen: 60_000,
        reason: '县级加发600元',
      }),
      admin.post('/api/benefits/programs/childcare_subsidy/amounts', {
        baseVersion: 1,
        from: '2027-01-01',
        fen: 120_000,
        reason: '县级加发1200元',
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(await versionRows('childcare_subsidy')).toEqual([{ version: 1 }, { version: 2 }]);
  });

  it('bad input is refused naming the field in Chinese, and nothing is written', async () => {
    const before = await versionRows('special_assistance');
    const negative = await county.post('/api/benefits/programs/special_assistance/amounts', {
      baseVersion: 1,
      from: '2027-01-01',
      fen: -5,
      reason: '负数',
    });
    expect(negative.status).toBe(400);
    expect(negative.body.problems[0].field).toBe('fen');
    expect(negative.body.message).toContain('县级提标金额');
    const yuan = await county.post('/api/benefits/programs/special_assistance/amounts', {
      baseVersion: 1,
      from: '2027-01-01',
      fen: 12.5,
      reason: '带小数',
    });
    expect(yuan.status).toBe(400);
    expect(yuan.body.message).toContain('整数（分）');
    const noReason = await county.post('/api/benefits/programs/special_assistance/amounts', {
      baseVersion: 1,
      from: '2027-01-01',
      fen: 1000,
      reason: '  ',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toContain('调整原因');
    const badDate = await county.post('/api/benefits/programs/special_assistance/amounts', {
      baseVersion: 1,
      from: '2027-02-30',
      fen: 1000,
      reason: '日期',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.message).toContain('生效日期');
    const badTier = await county.post('/api/benefits/programs/special_assistance/amounts', {
      baseVersion: 1,
      tier: 'death',
      from: '2027-01-01',
      fen: 1000,
      reason: '档次',
    });
    expect(badTier.status).toBe(400);
    expect(badTier.body.problems[0].field).toBe('tier');
    expect(badTier.body.message).toContain('death_urban');

    const program = structuredClone(
      (await county.get('/api/benefits/programs/special_assistance')).body.program,
    ) as BenefitProgram;
    (program.amounts[1]!.layers[2] as { fen: number }).fen = -100;
    const put = await county.put('/api/benefits/programs/special_assistance', {
      baseVersion: 1,
      note: '负金额',
      program,
    });
    expect(put.status).toBe(400);
    expect(put.body.problems[0].field).toBe('program.amounts.1.layers.2.fen');
    expect(put.body.problems[0].message).toContain('金额档次（amounts）第2项·标准层（layers）第3项·金额（fen，分）');

    const renamed = { ...program, code: 'other_code', amounts: PROGRAMS[1]!.amounts };
    const wrongCode = await county.put('/api/benefits/programs/special_assistance', {
      baseVersion: 1,
      note: '代码',
      program: renamed,
    });
    expect(wrongCode.status).toBe(400);
    expect(wrongCode.body.problems[0].field).toBe('program.code');

    const elsewhere = structuredClone(PROGRAMS[1]!);
    elsewhere.amounts[0]!.layers.push({
      level: 'county',
      division: '430602',
      divisionName: '岳阳楼区',
      from: '2027-01-01',
      fen: 100,
    });
    const otherCounty = await county.put('/api/benefits/programs/special_assistance', {
      baseVersion: 1,
      note: '区划',
      program: elsewhere,
    });
    expect(otherCounty.status).toBe(400);
    expect(otherCounty.body.problems[0].field).toBe('program.amounts.0.layers.3.division');

    const badRule = { ...PROGRAMS[1]!, rule: { age: { op: '>=', value: 'forty-nine' } } };
    const rule = await county.put('/api/benefits/programs/special_assistance', {
      baseVersion: 1,
      note: '条件',
      program: badRule,
    });
    expect(rule.status).toBe(400);
    expect(rule.body.problems[0].field).toBe('program.rule.age.value');
    expect(rule.body.message).toContain('资格条件（rule） age.value');

    const unchanged = await county.put('/api/benefits/programs/special_assistance', {
      baseVersion: 1,
      note: '未改',
      program: PROGRAMS[1],
    });
    expect(unchanged.status).toBe(400);

    expect(await versionRows('special_assistance')).toEqual(before);
    expect(await auditRows('benefit.program.change', 'special_assistance')).toEqual([]);
  });

  it('a whole definition saved with PUT becomes the next version and is what the cycle reads', async () => {
    const current = (await county.get('/api/benefits/programs/only_child_health_fee')).body;
    const program = structuredClone(current.program) as BenefitProgram;
    program.paid = 'quarterly';
    const res = await county.put('/api/benefits/programs/only_child_health_fee', {
      baseVersion: current.version,
      note: '改为按季度发放',
      program,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 2 });
    expect(res.body.summary.paidText).toBe('按季度发放');
    expect((await programInEffect(t.db, '430623', 'only_child_health_fee')).paid).toBe('quarterly');
    expect(await auditRows('benefit.program.change', 'only_child_health_fee')).toHaveLength(1);
  });

  it('a local program is added with a new code; a built-in or existing code is refused', async () => {
    const local: BenefitProgram = {
      code: 'huarong_elderly_care',
      name: '华容县独生子女父母养老补助',
      nameEn: 'Huarong old-age allowance for only-child parents',
      per: 'person',
      rate: 'year',
      entitlement: 'year',
      paid: 'yearly',
      source: '华容县政府〔2026〕20号（示例）',
      rule: {
        all: [{ hukouIn: { divisions: ['430623'] } }, { age: { at: 'yearEnd', op: '>=', value: 70 } }, { alive: {} }],
      },
      amounts: [
        {
          key: 'standard',
          label: { zh: '养老补助', en: 'allowance' },
          layers: [{ level: 'county', division: '430623', divisionName: '华容县', from: '2027-01-01', fen: 50_000 }],
        },
      ],
    };
    const res = await admin.post('/api/benefits/programs', { note: '县政府常务会议决定设立', program: local });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code: 'huarong_elderly_care', builtIn: false, stored: true, version: 1 });
    const list = (await village.get('/api/benefits/programs')).body;
    expect(list.map((p: { code: string }) => p.code)).toEqual([...PROGRAMS.map((p) => p.code), 'huarong_elderly_care']);
    expect((await programsInEffect(t.db, '430623')).at(-1)).toEqual(local);
    expect(await auditRows('benefit.program.create', 'huarong_elderly_care')).toHaveLength(1);

    const again = await admin.post('/api/benefits/programs', { note: '重复', program: local });
    expect(again.status).toBe(409);
    expect(again.body.problems[0].field).toBe('program.code');
    const builtIn = await admin.post('/api/benefits/programs', {
      note: '内置',
      program: { ...local, code: 'rural_reward' },
    });
    expect(builtIn.status).toBe(409);
    expect(builtIn.body.message).toContain('内置项目');
    expect(await versionRows('huarong_elderly_care')).toEqual([{ version: 1 }]);
  });

  it('a village worker reads the programs but gets 403 on every change', async () => {
    const before = await versionRows('special_assistance');
    expect(
      (
        await village.post('/api/benefits/programs/special_assistance/amounts', {
          baseVersion: 1,
          from: '2027-01-01',
          fen: 1000,
          reason: '村里',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await village.put('/api/benefits/programs/special_assistance', {
          baseVersion: 1,
          note: '村里',
          program: PROGRAMS[1],
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await village.post('/api/benefits/programs', {
          note: '村里',
          program: { ...PROGRAMS[1], code: 'village_program' },
        })
      ).status,
    ).toBe(403);
    expect(await versionRows('special_assistance')).toEqual(before);
    expect(await versionRows('village_program')).toEqual([]);
  });
});
