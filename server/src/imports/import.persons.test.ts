import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../lib/idNumber.js';
import { idFromKey, idKey } from './import.persons.js';

describe('ID numbers kept as numbers while a file is checked', () => {
  it('round-trips every kind of number, X included, and stays a safe integer', () => {
    const ids = [
      makeIdNumber('430623', '1988-04-12', 31),
      makeIdNumber('110105', '1949-12-31', 4),
      makeIdNumber('820000', '2099-12-31', 999),
      makeIdNumber('430623', '1880-01-01', 1),
      '11010519491231002X',
    ];
    for (const id of ids) {
      expect(Number.isSafeInteger(idKey(id)), id).toBe(true);
      expect(idFromKey(idKey(id))).toBe(id);
    }
    expect(new Set(ids.map(idKey)).size).toBe(ids.length);
  });
});
