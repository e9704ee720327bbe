import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../lib/errors.js';
import { evaluate } from './benefit.eligibility.js';
import {
  CHILDCARE_SUBSIDY,
  ONLY_CHILD_HEALTH_FEE,
  parseProgram,
  PROGRAMS,
  RURAL_REWARD,
  SPECIAL_ASSISTANCE,
  URBAN_ONLY_CHILD_REWARD,
  type BenefitProgram,
} from './benefit.programs.js';
import type { BenefitFacts, ChildFacts, PersonFacts } from './benefit.rules.js';

const HUARONG = '430623';
const man = (over: Partial<PersonFacts> = {}): PersonFacts => ({
  sex: 1,
  birthDate: '1956-03-02',
  hukouType: 'rural',
  countyCode: HUARONG,
  ...over,
});
const woman = (over: Partial<PersonFacts> = {}): PersonFacts => ({
  sex: 2,
  birthDate: '1958-07-20',
  hukouType: 'rural',
  countyCode: HUARONG,
  ...over,
});
const child = (birthDate: string, over: Partial<ChildFacts> = {}): ChildFacts => ({ sex: 2, birthDate, ...over });
const family = (
  person: PersonFacts,
  spouse: PersonFacts | null,
  children: ChildFacts[],
  disabilityRecorded = true,
): BenefitFacts => ({ person, spouse, children, disabilityRecorded });
const baby = (birthDate: string, over: Partial<PersonFacts> = {}): BenefitFacts => ({
  person: { sex: 1, birthDate, hukouType: 'urban', countyCode: HUARONG, ...over },
  children: [],
});

describe('the programs are data', () => {
  it('all five pass the stored-form check after a JSON round trip', () => {
    for (const p of PROGRAMS) expect(parseProgram(JSON.parse(JSON.stringify(p)))).toEqual(p);
  });

  it('a wrong stored program is refused naming the field', () => {
    const bad = JSON.parse(JSON.stringify(RURAL_REWARD)) as { amounts: { layers: { fen: unknown }[] }[] };
    bad.amounts[0]!.layers[1]!.fen = 720.5;
    expect(() => parseProgram(bad)).toThrow(InvalidInputError);
    try {
      parseProgram(bad);
    } catch (e) {
      expect((e as InvalidInputError).problems[0]!.field).toBe('amounts.0.layers.1.fen');
    }
    const noDivision = JSON.parse(JSON.stringify(RURAL_REWARD)) as { amounts: { layers: { division?: string }[] }[] };
    delete noDivision.amounts[0]!.layers[3]!.division;
    expect(() => parseProgram(noDivision)).toThrow(/区划代码/);
  });
});

describe('rural reward and assistance 农村部分计划生育家庭奖励扶助', () => {
  const parents = family(man(), woman(), [child('1983-05-01')]);

  it('a rural father of one daughter, 60 by the end of 2016, gets the county’s 1,100 yuan for 2016', () => {
    const r = evaluate(RURAL_REWARD, parents, { period: '2016' });
    expect(r.eligible).toBe(true);
    expect(r.amountFen).toBe(110_000);
    expect(r.explanation.referenceDate).toBe('2016-12-31');
    const texts = r.explanation.rule.parts!.map((p) => p.text);
    expect(texts).toContain('年满60周岁：是（1956-03-02 出生，2016-12-31 时 60 岁） (aged 60 or more: yes)');
    expect(r.explanation.amount!.text).toContain('12 个月，全年 1,100.00 元');
  });

  it('the year before his 60th is refused, naming the age', () => {
    const r = evaluate(RURAL_REWARD, parents, { period: '2015' });
    expect(r.eligible).toBe(false);
    expect(r.amountFen).toBe(0);
    expect(r.explanation.verdict).toContain('不符合「农村部分计划生育家庭奖励扶助」：年满60周岁');
  });

  it('outside 华容县 the county top-up does not apply: the national 960 yuan', () => {
    const elsewhere = family(man({ countyCode: '430621' }), woman({ countyCode: '430621' }), [child('1983-05-01')]);
    expect(evaluate(RURAL_REWARD, elsewhere, { period: '2016' }).amountFen).toBe(96_000);
    const r = evaluate(RURAL_REWARD, parents, { on: '2016-06-01' });
    expect(r.amountFen).toBe(110_000);
    expect(r.explanation.rate!.text).toContain('全国 960.00 元 + 华容县县级提标 140.00 元 = 1,100.00 元/年');
  });

  it('the national rise of 2012: 720 yuan for 2011, 960 from 2012 (the rate on the day either side)', () => {
    const older = family(man({ birthDate: '1940-01-10' }), woman({ birthDate: '1942-01-10' }), [child('1970-01-01')]);
    expect(evaluate(RURAL_REWARD, older, { period: '2011' }).amountFen).toBe(72_000);
    expect(evaluate(RURAL_REWARD, older, { period: '2012' }).amountFen).toBe(96_000);
    expect(evaluate(RURAL_REWARD, older, { on: '2011-12-31' }).amountFen).toBe(72_000);
    expect(evaluate(RURAL_REWARD, older, { on: '2012-01-01' }).amountFen).toBe(96_000);
    expect(evaluate(RURAL_REWARD, older, { period: '2004' }).amountFen).toBe(60_000);
  });

  it('two daughters qualify; a son and a daughter do not; urban parents do not', () => {
    expect(
      evaluate(RURAL_REWARD, family(man(), woman(), [child('1983-05-01'), child('1987-02-01')]), { period: '2016' })
        .eligible,
    ).toBe(true);
    expect(
      evaluate(RURAL_REWARD, family(man(), woman(), [child('1983-05-01'), child('1987-02-01', { sex: 1 })]), {
        period: '2016',
      }).eligible,
    ).toBe(false);
    expect(
      evaluate(RURAL_REWARD, family(man({ hukouType: 'urban' }), woman(), [child('1983-05-01')]), { period: '2016' })
        .eligible,
    ).toBe(false);
  });

  it('a child born after 2016-01-01 takes nothing away: only the one-child era is looked at', () => {
    const later = family(woman({ birthDate: '1966-02-01' }), man({ birthDate: '1964-01-01' }), [
      child('1990-01-01'),
      child('2016-08-01', { sex: 1 }),
    ]);
    expect(evaluate(RURAL_REWARD, later, { period: '2026' }).amountFen).toBe(110_000);
  });

  it('parents whose only child died and who have no living child qualify too', () => {
    const bereaved = family(man(), woman(), [
      child('1983-05-01', { deathDate: '2001-03-03' }),
      child('1985-05-01', { sex: 1, deathDate: '2005-03-03' }),
    ]);
    const r = evaluate(RURAL_REWARD, bereaved, { period: '2016' });
    expect(r.eligible).toBe(true);
  });

  it('a county raises its top-up mid-year by adding a layer, and the year is pro-rated by months in integer fen', () => {
    const raised = parseProgram(
      JSON.parse(
        JSON.stringify({
          ...RURAL_REWARD,
          amounts: [
            {
              ...RURAL_REWARD.amounts[0]!,
              layers: [
                ...RURAL_REWARD.amounts[0]!.layers,
                { level: 'county', division: HUARONG, divisionName: '华容县', from: '2017-07-01', fen: 24_000 },
              ],
            },
          ],
        }),
      ),
    );
    const r = evaluate(raised, parents, { period: '2017' });
    // 6 months at 1,100 and 6 at 1,200 a year.
    expect(r.amountFen).toBe(55_000 + 60_000);
    expect(r.explanation.amount!.lines.map((l) => [l.rateFen, l.months.length, l.fen])).toEqual([
      [110_000, 6, 55_000],
      [120_000, 6, 60_000],
    ]);
  });

  it('a year is exactly the yearly amount: rounding is done once, not month by month', () => {
    const months = Array.from(
      { length: 12 },
      (_, i) => evaluate(RURAL_REWARD, parents, { period: `2016-${String(i + 1).padStart(2, '0')}` }).amountFen,
    );
    // 1,100 yuan / 12 is not a whole fen: months rounded one by one drift by 4 fen ...
    expect(months.every((f) => Number.isInteger(f) && f === 9_167)).toBe(true);
    expect(months.reduce((a, b) => a + b, 0)).toBe(110_004);
    // ... which is why a period is computed as one sum.
    expect(evaluate(RURAL_REWARD, parents, { period: { from: '2016-01', to: '2016-12' } }).amountFen).toBe(110_000);
    expect(evaluate(RURAL_REWARD, parents, { period: { from: '2016-01', to: '2016-07' } }).amountFen).toBe(64_167);
  });

  it('a yearly batch pays a person alive on its date, and not one who died that very day', () => {
    const died = (deathDate: string) => family(man({ deathDate }), woman(), [child('1983-05-01')]);
    const same = evaluate(RURAL_REWARD, died('2016-06-30'), { period: '2016', batchDate: '2016-06-30' });
    expect(same.eligible).toBe(false);
    expect(same.amountFen).toBe(0);
    expect(same.explanation.batch).toMatchObject({ paid: false });
    expect(same.explanation.verdict).toContain('2016-06-30 死亡，2016-06-30 的发放批次不予发放');
    const next = evaluate(RURAL_REWARD, died('2016-07-01'), { period: '2016', batchDate: '2016-06-30' });
    expect(next.eligible).toBe(true);
    expect(next.amountFen).toBe(110_000);
  });
});

describe('special assistance 计划生育家庭特别扶助', () => {
  const lostChild = () => [child('1990-04-01', { deathDate: '2012-09-09' })];

  it('a mother turning 49 mid-year is paid from the month of her 49th birthday, not from 1 January', () => {
    const mother = woman({ birthDate: '1967-08-20' });
    const r = evaluate(SPECIAL_ASSISTANCE, family(mother, man({ birthDate: '1965-01-01' }), lostChild()), {
      period: '2016',
    });
    expect(r.eligible).toBe(true);
    expect(r.explanation.months!.filter((m) => m.outcome === 'yes').map((m) => m.month)).toEqual([
      '2016-08',
      '2016-09',
      '2016-10',
      '2016-11',
      '2016-12',
    ]);
    expect(r.amountFen).toBe(5 * 17_000);
    expect(r.explanation.monthRuns![0]).toContain('2016-01 至 2016-07：否（女方年满49周岁');
    expect(r.explanation.monthRuns![1]).toBe('2016-08 至 2016-12：是，标准 170.00 元');
  });

  it('her husband is paid the same, reckoned on her age', () => {
    const mother = woman({ birthDate: '1967-08-20' });
    const r = evaluate(SPECIAL_ASSISTANCE, family(man({ birthDate: '1965-01-01' }), mother, lostChild()), {
      period: '2016',
    });
    expect(r.amountFen).toBe(5 * 17_000);
  });

  it('urban and rural rates from 2014, death and disability: 340 / 270 and 170 / 150 a month', () => {
    const m = woman({ birthDate: '1960-01-01' });
    const died = [child('1985-01-01', { deathDate: '2005-01-01' })];
    const disabled = [child('1985-01-01', { disability: { grade: 2, assessedOn: '2006-01-01' } })];
    const on = { on: '2016-06-30' };
    expect(evaluate(SPECIAL_ASSISTANCE, family({ ...m, hukouType: 'urban' }, null, died), on).amountFen).toBe(34_000);
    expect(evaluate(SPECIAL_ASSISTANCE, family({ ...m, hukouType: 'urban' }, null, disabled), on).amountFen).toBe(
      27_000,
    );
    expect(evaluate(SPECIAL_ASSISTANCE, family(m, null, died), on).amountFen).toBe(17_000);
    expect(evaluate(SPECIAL_ASSISTANCE, family(m, null, disabled), on).amountFen).toBe(15_000);
  });

  it('the rise of 2012: 80 yuan a month in 2011, 110 in 2012 for a disabled child', () => {
    const m = woman({ birthDate: '1955-01-01' });
    const disabled = family(m, null, [child('1980-01-01', { disability: { grade: 1, assessedOn: '2000-01-01' } })]);
    expect(evaluate(SPECIAL_ASSISTANCE, disabled, { period: '2011' }).amountFen).toBe(12 * 8_000);
    expect(evaluate(SPECIAL_ASSISTANCE, disabled, { period: '2012' }).amountFen).toBe(12 * 11_000);
    expect(evaluate(SPECIAL_ASSISTANCE, disabled, { period: { from: '2011-07', to: '2012-06' } }).amountFen).toBe(
      6 * 8_000 + 6 * 11_000,
    );
  });

  it('a disability not yet in the registry sends the family to verification instead of refusing it', () => {
    const m = woman({ birthDate: '1960-01-01' });
    const r = evaluate(SPECIAL_ASSISTANCE, family(m, null, [child('1985-01-01')], false), { period: '2016' });
    expect(r.outcome).toBe('unknown');
    expect(r.eligible).toBe(false);
    expect(r.explanation.verdict).toContain('待核实');
  });

  it('a woman of 48 does not qualify; nor a family with another living child', () => {
    expect(
      evaluate(
        SPECIAL_ASSISTANCE,
        family(woman({ birthDate: '1970-01-01' }), null, [child('1990-01-01', { deathDate: '2010-01-01' })]),
        { on: '2018-06-30' },
      ).eligible,
    ).toBe(false);
    const two = family(woman({ birthDate: '1960-01-01' }), null, [
      child('1985-01-01', { deathDate: '2010-01-01' }),
      child('1988-01-01'),
    ]);
    expect(evaluate(SPECIAL_ASSISTANCE, two, { on: '2016-06-30' }).eligible).toBe(false);
  });

  it('an adoption after the child’s death ends the assistance from that month, not before', () => {
    const f = family(woman({ birthDate: '1960-01-01' }), null, [
      child('1985-01-01', { deathDate: '2010-01-01' }),
      child('2014-01-01', { adoptedOn: '2016-07-15' }),
    ]);
    const r = evaluate(SPECIAL_ASSISTANCE, f, { period: '2016' });
    expect(r.explanation.months!.filter((m) => m.outcome === 'yes').map((m) => m.month)).toEqual([
      '2016-01',
      '2016-02',
      '2016-03',
      '2016-04',
      '2016-05',
      '2016-06',
    ]);
    expect(r.amountFen).toBe(6 * 17_000);
  });

  it('a beneficiary who dies on the day a quarterly batch is made is not paid by it; one who dies the next day is', () => {
    const f = (deathDate: string) =>
      family(woman({ birthDate: '1960-01-01', deathDate }), null, [child('1985-01-01', { deathDate: '2010-01-01' })]);
    const same = evaluate(SPECIAL_ASSISTANCE, f('2026-01-05'), { period: '2026Q1', batchDate: '2026-01-05' });
    expect(same.amountFen).toBe(0);
    expect(same.eligible).toBe(false);
    expect(same.explanation.batch!.paid).toBe(false);
    const next = evaluate(SPECIAL_ASSISTANCE, f('2026-01-06'), { period: '2026Q1', batchDate: '2026-01-05' });
    // The batch sees the registry of its day: the quarter is paid in advance, in good faith.
    expect(next.amountFen).toBe(3 * 17_000);
    // Reckoned afterwards, the month of the death does not count.
    expect(evaluate(SPECIAL_ASSISTANCE, f('2026-01-06'), { period: '2026Q1' }).amountFen).toBe(0);
    expect(evaluate(SPECIAL_ASSISTANCE, f('2026-02-06'), { period: '2026Q1' }).amountFen).toBe(17_000);
  });
});

describe("only-child parents' health fee 独生子女父母奖励费（保健费）", () => {
  const couple = (children: ChildFacts[], county = HUARONG) =>
    family(
      woman({ birthDate: '1982-01-01', hukouType: 'urban', countyCode: county }),
      man({ birthDate: '1980-01-01', hukouType: 'urban', countyCode: county }),
      children,
    );

  it('华容县 raised it from 5 to 20 yuan a month (provincial 5 + county 15 from 2016)', () => {
    const f = couple([child('2012-05-10')]);
    expect(evaluate(ONLY_CHILD_HEALTH_FEE, f, { period: '2015' }).amountFen).toBe(12 * 500);
    expect(evaluate(ONLY_CHILD_HEALTH_FEE, f, { period: '2016' }).amountFen).toBe(12 * 2_000);
  });

  it('stops before the month of the child’s 14th birthday', () => {
    const r = evaluate(ONLY_CHILD_HEALTH_FEE, couple([child('2012-05-10')]), { period: '2026' });
    expect(r.explanation.months!.filter((m) => m.outcome === 'yes').map((m) => m.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
    ]);
    expect(r.amountFen).toBe(4 * 2_000);
  });

  it('a second child born after 2016-01-01 takes nothing away', () => {
    expect(
      evaluate(ONLY_CHILD_HEALTH_FEE, couple([child('2012-05-10'), child('2017-02-02')]), { period: '2018' }).amountFen,
    ).toBe(12 * 2_000);
  });

  it('outside Hunan no amount is defined, and the verdict says so', () => {
    const r = evaluate(ONLY_CHILD_HEALTH_FEE, couple([child('2012-05-10')], '110101'), { on: '2016-06-30' });
    expect(r.eligible).toBe(false);
    expect(r.explanation.verdict).toContain('无适用标准');
  });
});

describe("urban only-child parents' reward 城镇独生子女父母奖励", () => {
  const townsfolk = family(man({ hukouType: 'urban' }), woman({ hukouType: 'urban' }), [child('1983-05-01')]);

  it('an urban father of one child, 60 by the end of 2016, gets the assumed 1,100 yuan for 2016', () => {
    const r = evaluate(URBAN_ONLY_CHILD_REWARD, townsfolk, { period: '2016' });
    expect(r.eligible).toBe(true);
    expect(r.amountFen).toBe(110_000);
    expect(r.explanation.referenceDate).toBe('2016-12-31');
    expect(r.explanation.amount!.text).toContain('12 个月，全年 1,100.00 元');
  });

  it('the year before his 60th is refused, naming the age; his wife of 58 is refused in 2016', () => {
    const r = evaluate(URBAN_ONLY_CHILD_REWARD, townsfolk, { period: '2015' });
    expect(r.eligible).toBe(false);
    expect(r.explanation.verdict).toContain('不符合「城镇独生子女父母奖励」：年满60周岁');
    const wife = family(townsfolk.spouse!, townsfolk.person, townsfolk.children);
    expect(evaluate(URBAN_ONLY_CHILD_REWARD, wife, { period: '2016' }).eligible).toBe(false);
    expect(evaluate(URBAN_ONLY_CHILD_REWARD, wife, { period: '2018' }).eligible).toBe(true);
  });

  it('not the health fee: an adult only child counts, and a rural parent is the rural reward’s', () => {
    expect(evaluate(ONLY_CHILD_HEALTH_FEE, townsfolk, { period: '2016' }).eligible).toBe(false);
    const rural = family(man(), woman(), [child('1983-05-01')]);
    expect(evaluate(URBAN_ONLY_CHILD_REWARD, rural, { period: '2016' }).eligible).toBe(false);
    expect(evaluate(RURAL_REWARD, rural, { period: '2016' }).eligible).toBe(true);
  });

  it('two children before 2016 do not qualify, whatever their sexes; a child born after 2016-01-01 takes nothing away', () => {
    const two = family(man({ hukouType: 'urban' }), null, [child('1983-05-01'), child('1987-02-01')]);
    expect(evaluate(URBAN_ONLY_CHILD_REWARD, two, { period: '2016' }).eligible).toBe(false);
    const later = family(man({ hukouType: 'urban' }), null, [child('1983-05-01'), child('2016-03-01')]);
    expect(evaluate(URBAN_ONLY_CHILD_REWARD, later, { period: '2016' }).eligible).toBe(true);
  });

  it('a parent who died during the year is not rewarded for it; a childless one is not either', () => {
    const died = family(man({ hukouType: 'urban', deathDate: '2016-09-01' }), null, [child('1983-05-01')]);
    expect(evaluate(URBAN_ONLY_CHILD_REWARD, died, { period: '2016' }).eligible).toBe(false);
    expect(
      evaluate(URBAN_ONLY_CHILD_REWARD, family(man({ hukouType: 'urban' }), null, []), { period: '2016' }).eligible,
    ).toBe(false);
  });

  it('the amounts are the rural reward’s, marked as an assumption: 960 yuan outside 华容县, 720 in 2011', () => {
    const elsewhere = family(man({ hukouType: 'urban', countyCode: '430621' }), null, [child('1983-05-01')]);
    expect(evaluate(URBAN_ONLY_CHILD_REWARD, elsewhere, { period: '2016' }).amountFen).toBe(96_000);
    const older = family(man({ hukouType: 'urban', birthDate: '1940-01-10' }), null, [child('1970-01-01')]);
    expect(evaluate(URBAN_ONLY_CHILD_REWARD, older, { period: '2011' }).amountFen).toBe(72_000);
    for (const layer of URBAN_ONLY_CHILD_REWARD.amounts[0]!.layers) expect(layer.assumption).toBeTruthy();
  });
});

describe('childcare subsidy 育儿补贴', () => {
  it('a child born on 2025-01-01 is entitled to 36 months, 10,800 yuan', () => {
    const r = evaluate(CHILDCARE_SUBSIDY, baby('2025-01-01'), { period: { from: '2025-01', to: '2028-12' } });
    expect(r.explanation.months!.filter((m) => m.outcome === 'yes')).toHaveLength(36);
    expect(r.amountFen).toBe(1_080_000);
    expect(evaluate(CHILDCARE_SUBSIDY, baby('2025-01-01'), { period: '2025' }).amountFen).toBe(360_000);
    expect(evaluate(CHILDCARE_SUBSIDY, baby('2025-01-01'), { period: '2028' }).amountFen).toBe(0);
  });

  it('a child born on 2024-06-15 gets the months from 2025-01 to the month before the third birthday', () => {
    const r = evaluate(CHILDCARE_SUBSIDY, baby('2024-06-15'), { period: { from: '2024-01', to: '2027-12' } });
    const counted = r.explanation.months!.filter((m) => m.outcome === 'yes').map((m) => m.month);
    expect(counted[0]).toBe('2025-01');
    expect(counted.at(-1)).toBe('2027-05');
    expect(counted).toHaveLength(29);
    expect(r.amountFen).toBe(29 * 30_000);
    expect(r.explanation.amount!.text).toContain('2025-01 至 2027-05：29 个月 × 每年 3,600.00 元 ÷ 12 = 8,700.00 元');
    expect(evaluate(CHILDCARE_SUBSIDY, baby('2024-06-15'), { period: '2027' }).amountFen).toBe(5 * 30_000);
  });

  it('a child born in mid-2022 gets five months of 2025, and nothing before the program began', () => {
    expect(evaluate(CHILDCARE_SUBSIDY, baby('2022-06-01'), { period: '2025' }).amountFen).toBe(150_000);
    const before = evaluate(CHILDCARE_SUBSIDY, baby('2024-06-15'), { on: '2024-12-31' });
    expect(before.eligible).toBe(false);
    expect(before.explanation.verdict).toContain('2025-01-01起实施');
  });

  it('every child alike: a third child born the same day is entitled to the same as a first', () => {
    const first = evaluate(CHILDCARE_SUBSIDY, baby('2025-03-10'), { period: '2025' });
    const third = evaluate(CHILDCARE_SUBSIDY, { ...baby('2025-03-10'), children: [] }, { period: '2025' });
    expect(third.amountFen).toBe(first.amountFen);
    expect(first.amountFen).toBe(10 * 30_000);
  });

  it('a child who dies: the months before the death month count', () => {
    expect(
      evaluate(CHILDCARE_SUBSIDY, baby('2025-01-01', { deathDate: '2025-04-10' }), { period: '2025' }).amountFen,
    ).toBe(3 * 30_000);
  });
});

describe('input', () => {
  it('a malformed period or date is refused naming the field', () => {
    const f = baby('2025-01-01');
    const fieldOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as InvalidInputError).problems[0]!.field;
      }
      return undefined;
    };
    expect(fieldOf(() => evaluate(CHILDCARE_SUBSIDY, f, { period: '2025Q5' }))).toBe('period');
    expect(fieldOf(() => evaluate(CHILDCARE_SUBSIDY, f, { period: { from: '2025-06', to: '2025-01' } }))).toBe(
      'period',
    );
    expect(fieldOf(() => evaluate(CHILDCARE_SUBSIDY, f, { on: '2025-13-01' }))).toBe('on');
    expect(fieldOf(() => evaluate(CHILDCARE_SUBSIDY, f, { period: '2025', batchDate: '2025/01/01' }))).toBe(
      'batchDate',
    );
  });

  it('every amount is an integer number of fen', () => {
    const programs: BenefitProgram[] = [...PROGRAMS];
    const f = family(woman({ birthDate: '1950-02-03' }), man({ birthDate: '1949-11-30' }), [
      child('1975-06-06', { deathDate: '2000-01-01' }),
    ]);
    for (const p of programs)
      for (const period of ['2016', '2016Q3', '2016-02', '2025'])
        expect(Number.isInteger(evaluate(p, f, { period }).amountFen)).toBe(true);
  });
});
