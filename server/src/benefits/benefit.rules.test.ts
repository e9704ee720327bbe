import { describe, expect, it } from 'vitest';
import { ageOn } from './benefit.dates.js';
import { decisiveLeaves, evaluateRule, factsAsOf, Rule, type BenefitFacts } from './benefit.rules.js';

const farmer = (over: Partial<BenefitFacts> = {}): BenefitFacts => ({
  person: { sex: 1, birthDate: '1956-03-02', hukouType: 'rural', countyCode: '430623' },
  spouse: { sex: 2, birthDate: '1958-07-20', hukouType: 'rural', countyCode: '430623' },
  children: [{ sex: 2, birthDate: '1983-05-01' }],
  ...over,
});

describe('ages in completed years', () => {
  it('counts a birthday reached on the day, and 29 February on 1 March of a common year', () => {
    expect(ageOn('1956-03-02', '2016-03-01')).toBe(59);
    expect(ageOn('1956-03-02', '2016-03-02')).toBe(60);
    expect(ageOn('2024-02-29', '2027-02-28')).toBe(2);
    expect(ageOn('2024-02-29', '2027-03-01')).toBe(3);
  });
});

describe('a rule explains itself', () => {
  it('says the age, the birth date and the day it was reckoned on, in Chinese with a gloss', () => {
    const e = evaluateRule({ age: { at: 'yearEnd', op: '>=', value: 60 } }, farmer(), '2016-05-01');
    expect(e.outcome).toBe('yes');
    expect(e.text).toBe('年满60周岁：是（1956-03-02 出生，2016-12-31 时 60 岁） (aged 60 or more: yes)');
    expect(e.facts).toEqual({ birthDate: '1956-03-02', on: '2016-12-31', age: 60 });
  });

  it('reads the woman of the couple: the spouse when the person is a man', () => {
    const e = evaluateRule({ age: { who: 'woman', op: '>=', value: 49 } }, farmer(), '2007-07-31');
    expect(e.outcome).toBe('yes');
    expect(e.text).toContain('女方年满49周岁：是（1958-07-20 出生，2007-07-31 时 49 岁）');
    expect(evaluateRule({ age: { who: 'woman', op: '>=', value: 49 } }, farmer(), '2007-06-30').outcome).toBe('no');
  });

  it('answers unknown, not no, when the woman is not registered, and lets all/any combine three values', () => {
    const widower = farmer({ spouse: null });
    const age = evaluateRule({ age: { who: 'woman', op: '>=', value: 49 } }, widower, '2016-12-31');
    expect(age.outcome).toBe('unknown');
    expect(age.text).toContain('待核实');
    const both: Rule = { all: [{ hukouType: { is: 'rural' } }, { age: { who: 'woman', op: '>=', value: 49 } }] };
    expect(evaluateRule(both, widower, '2016-12-31').outcome).toBe('unknown');
    const either: Rule = { any: [{ hukouType: { is: 'rural' } }, { age: { who: 'woman', op: '>=', value: 49 } }] };
    expect(evaluateRule(either, widower, '2016-12-31').outcome).toBe('yes');
    expect(evaluateRule({ not: both }, widower, '2016-12-31').outcome).toBe('unknown');
    expect(
      evaluateRule({ hukouType: { who: 'spouse', is: 'rural', ifAbsent: 'yes' } }, widower, '2016-12-31').outcome,
    ).toBe('yes');
  });

  it('counts children as they were on the date: a later birth, death or assessment is not seen', () => {
    const f = farmer({
      children: [
        { sex: 2, birthDate: '1983-05-01', deathDate: '2010-02-01' },
        { sex: 1, birthDate: '2017-03-01' },
      ],
    });
    const dead = { children: { where: { died: true }, op: '==', value: 1 } } satisfies Rule;
    expect(evaluateRule(dead, f, '2009-12-31').outcome).toBe('no');
    expect(evaluateRule(dead, f, '2010-02-01').outcome).toBe('yes');
    const all = { children: { op: '==', value: 1 } } satisfies Rule;
    expect(evaluateRule(all, f, '2016-12-31').outcome).toBe('yes');
    expect(evaluateRule(all, f, '2017-03-01').outcome).toBe('no');
    const e = evaluateRule(
      { children: { where: { arrivedBefore: '2016-01-01', sex: 2 }, op: '==', value: 1 } },
      f,
      '2020-01-01',
    );
    expect(e.text).toContain(
      '2016-01-01前出生或收养、女孩的子女数为1：是（2020-01-01 时符合 1 人：1983-05-01出生，女）',
    );
  });

  it('treats a disability not yet recorded as unknown, and a recorded absence as no', () => {
    const disabled = { children: { where: { disabilityGradeAtMost: 3 }, op: '==', value: 1 } } satisfies Rule;
    const f = farmer();
    expect(evaluateRule(disabled, f, '2016-12-31').outcome).toBe('unknown');
    expect(evaluateRule(disabled, { ...f, disabilityRecorded: true }, '2016-12-31').outcome).toBe('no');
    const assessed = farmer({
      children: [{ sex: 2, birthDate: '1983-05-01', disability: { grade: 2, assessedOn: '2012-04-10' } }],
      disabilityRecorded: true,
    });
    expect(evaluateRule(disabled, assessed, '2012-04-09').outcome).toBe('no');
    expect(evaluateRule(disabled, assessed, '2012-04-10').outcome).toBe('yes');
    const mild = farmer({
      children: [{ sex: 2, birthDate: '1983-05-01', disability: { grade: 4, assessedOn: '2012-04-10' } }],
      disabilityRecorded: true,
    });
    expect(evaluateRule(disabled, mild, '2016-12-31').outcome).toBe('no');
  });

  it('names the conditions that decided a refusal', () => {
    const rule: Rule = { all: [{ hukouType: { is: 'urban' } }, { age: { op: '>=', value: 60 } }, { sex: { is: 1 } }] };
    const e = evaluateRule(rule, farmer(), '2010-01-01');
    expect(e.outcome).toBe('no');
    expect(decisiveLeaves(e).map((l) => l.label)).toEqual(['为城镇户口 (urban hukou)', '年满60周岁 (aged 60 or more)']);
  });

  it('sees a person not yet born as not alive, and the death date as the first day not alive', () => {
    const f = farmer({
      person: { sex: 1, birthDate: '1956-03-02', hukouType: 'rural', countyCode: '430623', deathDate: '2016-06-30' },
    });
    expect(evaluateRule({ alive: {} }, f, '2016-06-29').outcome).toBe('yes');
    expect(evaluateRule({ alive: {} }, f, '2016-06-30').outcome).toBe('no');
    expect(evaluateRule({ alive: {} }, f, '1950-01-01').outcome).toBe('no');
  });

  it('matches the hukou county by division prefix until the day the hukou moved out', () => {
    const f = farmer({
      person: { sex: 1, birthDate: '1956-03-02', hukouType: 'rural', countyCode: '430623', leftDate: '2018-03-01' },
    });
    expect(evaluateRule({ hukouIn: { divisions: ['43'] } }, f, '2018-02-28').outcome).toBe('yes');
    expect(evaluateRule({ hukouIn: { divisions: ['430623'] } }, f, '2018-03-01').outcome).toBe('no');
    expect(evaluateRule({ hukouIn: { divisions: ['110101'] } }, f, '2017-01-01').outcome).toBe('no');
  });

  it('drops what happened after a date from the facts', () => {
    const f = farmer({
      children: [
        { sex: 2, birthDate: '1983-05-01', deathDate: '2020-01-01' },
        { sex: 1, birthDate: '2019-01-01' },
      ],
    });
    const asOf = factsAsOf(f, '2018-12-31');
    expect(asOf.children).toEqual([{ sex: 2, birthDate: '1983-05-01', deathDate: null, disability: null }]);
  });
});

describe('rules are data', () => {
  it('survive a JSON round trip and are checked when read back', () => {
    const rule: Rule = {
      all: [
        { age: { op: '>=', value: 60 } },
        { children: { where: { arrivedBefore: '2016-01-01' }, op: '==', value: 1 } },
      ],
    };
    expect(Rule.parse(JSON.parse(JSON.stringify(rule)))).toEqual(rule);
    expect(Rule.safeParse({ all: [{ age: { op: '>=', value: 60, extra: 1 } }] }).success).toBe(false);
    expect(Rule.safeParse({ children: { where: { arrivedBefore: '2016-02-30' }, op: '==', value: 1 } }).success).toBe(
      false,
    );
    expect(Rule.safeParse({ salary: { op: '>', value: 1 } }).success).toBe(false);
  });
});
