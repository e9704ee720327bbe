import { describe, expect, it } from 'vitest';
import { jsonProblem, localProgramTemplate } from './ProgramDefinitionForm.js';
import type { BenefitProgram } from './programsApi.js';

describe('the program definition editor', () => {
  it('points at the line of a JSON mistake', () => {
    expect(jsonProblem('{\n  "code": "x"\n}')).toBeUndefined();
    // A trailing comma: the parser names the position, shown as the line.
    const bad = jsonProblem('{\n  "code": "x",\n  "name": "y",\n}');
    expect(bad?.line).toBe(4);
    expect(jsonProblem('{ "code": tru }')?.message).toBeTruthy();
  });

  it('starts a local program from a built-in one with a new code and only a county layer at 0', () => {
    const builtIn = {
      code: 'rural_reward',
      name: '农村部分计划生育家庭奖励扶助',
      nameEn: 'Rural reward',
      per: 'person',
      rate: 'year',
      entitlement: 'year',
      paid: 'yearly',
      rule: { alive: {} },
      amounts: [
        { key: 'all', label: { zh: '', en: '' }, layers: [{ level: 'national', from: '2004-01-01', fen: 60_000 }] },
      ],
      source: '国办发〔2004〕21号',
    } satisfies BenefitProgram;
    const t = localProgramTemplate(builtIn, '430623');
    expect(t.code).toBe('local_program');
    expect(t.rule).toEqual(builtIn.rule);
    expect(t.amounts[0]!.layers).toEqual([expect.objectContaining({ level: 'county', division: '430623', fen: 0 })]);
  });
});
