import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import '../i18n/index.js';
import { ReconciliationCard, StoppedTable } from './BatchDetail.js';

describe('a payment batch as the county reads it', () => {
  it('shows the reconciliation in yuan, and whether it balances to the batch total', () => {
    const html = renderToString(
      <ReconciliationCard
        summary={{
          paid: { count: 86, fen: 9_460_000 },
          failed: { count: 1, fen: 110_000 },
          pending: { count: 0, fen: 0 },
          totalFen: 9_570_000,
          balanced: true,
        }}
      />,
    );
    expect(html).toContain('86 笔 / 94,600.00 元');
    expect(html).toContain('1 笔 / 1,100.00 元');
    expect(html).toContain('95,700.00');
    expect(html).toContain('合计相符');
  });

  it('lists every stopped payee with the reason and what was due', () => {
    const html = renderToString(
      <StoppedTable
        stopped={[
          {
            candidateId: 'c1',
            personId: 'p1',
            name: '付DEADH',
            unitId: '430623101208',
            reason: 'dead',
            text: '2026-11-01 死亡，本批次不予发放',
            dueFen: 0,
          },
          {
            candidateId: 'c2',
            personId: 'p2',
            name: '付NOACW',
            unitId: '430623101213',
            reason: 'no_account',
            text: '未登记一卡通账户',
            dueFen: 110_000,
          },
        ]}
      />,
    );
    expect(html).toContain('停发名单（2 人）');
    expect(html).toContain('死亡');
    expect(html).toContain('未登记账户');
    expect(html).toContain('1,100.00');
  });
});
