import { describe, expect, it } from 'vitest';
import { fenToYuan } from './cyclesApi.js';

describe('amounts in yuan from integer fen', () => {
  it('keeps two decimals and groups thousands, without floating-point error', () => {
    expect(fenToYuan(110_000)).toBe('1,100.00');
    expect(fenToYuan(240_000)).toBe('2,400.00');
    expect(fenToYuan(916_667)).toBe('9,166.67');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan(123_456_789_01)).toBe('123,456,789.01');
  });
});
