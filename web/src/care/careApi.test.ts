import { describe, expect, it } from 'vitest';
import { pivotTotals, type TotalsRow } from './careApi.js';

const row = (year: number, townshipId: string, fundSource: TotalsRow['fundSource'], amountFen: number): TotalsRow => ({
  year,
  townshipId,
  townshipName: townshipId === '430623101' ? '三封寺镇' : '治河渡镇',
  fundSource,
  grants: 1,
  families: 1,
  amountFen,
});

describe('the funds table', () => {
  it('has one row per year and township, a column per fund source, totals in fen; newest year first', () => {
    const rows = pivotTotals([
      row(2025, '430623101', 'county_finance', 123_456),
      row(2026, '430623102', 'county_finance', 1),
      row(2026, '430623101', 'charity', 9_999),
      row(2026, '430623101', 'county_finance', 50_001),
    ]);
    expect(rows.map((r) => `${r.year} ${r.townshipName} ${r.totalFen} ${r.grants}`)).toEqual([
      '2026 三封寺镇 60000 2',
      '2026 治河渡镇 1 1',
      '2025 三封寺镇 123456 1',
    ]);
    expect(rows[0]!.bySource).toEqual({ charity: 9_999, county_finance: 50_001 });
  });
});
