import { describe, expect, it } from 'vitest';
import { fenToYuan, yuanToFen } from './careMoney.js';

describe('yuanToFen', () => {
  it('converts yuan with up to two decimals exactly into integer fen', () => {
    expect(yuanToFen('123.45')).toBe(12345);
    expect(yuanToFen('0.01')).toBe(1);
    expect(yuanToFen('1.1')).toBe(110);
    expect(yuanToFen('500')).toBe(50000);
    expect(yuanToFen('500.')).toBe(50000);
    expect(yuanToFen(' 2,000.50 ')).toBe(200050);
    expect(yuanToFen(19.99)).toBe(1999);
  });

  it('has none of the floating-point errors of multiplying by 100', () => {
    // 1.15 * 100 = 114.99999999999999, 4.35 * 100 = 434.99999999999994, 0.29 * 100 = 28.999999999999996.
    expect(Math.trunc(1.15 * 100)).toBe(114);
    expect(yuanToFen('1.15')).toBe(115);
    expect(yuanToFen('4.35')).toBe(435);
    expect(yuanToFen('0.29')).toBe(29);
    expect(yuanToFen('1005.7')).toBe(100570);
    for (let fen = 1; fen <= 100_000; fen += 7) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });

  it('refuses what is not a positive amount of at most two decimals', () => {
    for (const bad of ['', ' ', '0', '0.00', '-5', '1.234', 'abc', '1e3', '12.3.4', '¥10', '10000000.01'])
      expect(yuanToFen(bad), bad).toBeUndefined();
    expect(yuanToFen(null)).toBeUndefined();
    expect(yuanToFen(undefined)).toBeUndefined();
    expect(yuanToFen('1000000')).toBe(100_000_000);
  });
});

describe('fenToYuan', () => {
  it('shows fen as yuan with two decimals and thousands separators', () => {
    expect(fenToYuan(1)).toBe('0.01');
    expect(fenToYuan(12345678)).toBe('123,456.78');
    expect(fenToYuan(0)).toBe('0.00');
  });
});
