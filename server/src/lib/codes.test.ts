import { describe, expect, it } from 'vitest';
import { ETHNICITY, RELATIONSHIP, newbornRelationship } from './codes.js';

describe('national code tables', () => {
  it('has the 56 ethnic groups of GB 3304 with 汉族 01 and 土家族 15', () => {
    expect(ETHNICITY['01']).toBe('汉族');
    expect(ETHNICITY['15']).toBe('土家族');
    expect(ETHNICITY['56']).toBe('基诺族');
  });
  it('derives a newborn relationship to the head', () => {
    expect(newbornRelationship(1, '12', '02')).toBe('20');
    expect(RELATIONSHIP[newbornRelationship(2, '38', '22')]).toBe('孙女');
    expect(RELATIONSHIP[newbornRelationship(1, '32', null)]).toBe('外孙子');
    expect(newbornRelationship(1, '99', null)).toBe('97');
  });
});
