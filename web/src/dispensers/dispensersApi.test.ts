import { describe, expect, it } from 'vitest';
import { maxQuantity } from './dispensersApi.js';

describe('the most a record may say', () => {
  it('a restock fills up to the capacity, a count takes at most the stock, a stocktake counts up to the capacity', () => {
    const m = { capacity: 120, stock: 30 };
    expect(maxQuantity(m, 'restock')).toBe(90);
    expect(maxQuantity(m, 'dispense')).toBe(30);
    expect(maxQuantity(m, 'stocktake')).toBe(120);
  });
});
