import { describe, expect, it } from 'vitest';
import { problemPath, problemsToFieldErrors } from './problems.js';

const known = [['eventDate'], ['payload', 'motherId'], ['payload', 'child', 'sex'], ['payload', 'weightGrams']];

describe('server problems shown on form fields', () => {
  it('finds the field whether the server names it with or without the payload prefix', () => {
    expect(problemPath('payload.child.sex', known)).toEqual(['payload', 'child', 'sex']);
    expect(problemPath('child.sex', known)).toEqual(['payload', 'child', 'sex']);
    expect(problemPath('eventDate', known)).toEqual(['eventDate']);
    expect(problemPath('motherId', known)).toEqual(['payload', 'motherId']);
  });

  it('keeps problems about unknown fields apart so they are still shown', () => {
    const result = problemsToFieldErrors(
      [
        { field: 'payload.weightGrams', message: '体重超出范围' },
        { field: 'payload.weightGrams', message: '应为整数' },
        { field: 'unitId', message: '单位不在管辖范围' },
      ],
      known,
    );
    expect(result.fields).toEqual([{ name: ['payload', 'weightGrams'], errors: ['体重超出范围', '应为整数'] }]);
    expect(result.unmatched).toEqual([{ field: 'unitId', message: '单位不在管辖范围' }]);
  });
});
