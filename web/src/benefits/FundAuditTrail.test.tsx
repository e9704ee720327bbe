import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import '../i18n/index.js';
import { FiguresBody } from './BenefitFigures.js';
import { TrailBody } from './FundAuditTrail.js';
import type { BenefitFiguresAnswer, FigureLine, PaymentTrail } from './fundAuditApi.js';

const who = (name: string, username: string) => ({ id: username, name, username, role: 'x' });

const trail: PaymentTrail = {
  payment: {
    id: 'p3',
    personId: 'w',
    name: '王秀英',
    idNumberMasked: '430623********4226',
    unitId: '430623101208',
    unitName: '新铺村',
    townshipId: '430623101',
    townshipName: '三封寺镇',
    cycleId: 'c',
    programCode: 'rural_reward',
    cycleYear: 2026,
    batchId: 'b1',
    batchPeriod: '2026',
    batchKind: 'regular',
    batchSeq: 0,
    batchStatus: 'reconciled',
    dueOn: '2026-03-31',
    lineNo: 3,
    amountFen: 110_000,
    dueFen: 110_000,
    months: 12,
    status: 'paid',
    paidOn: '2026-03-25',
    failureReason: null,
    bankRef: 'BANK-P3',
    accountMasked: '****0123',
    retryOf: null,
    retriedBy: null,
    recoveryId: 'r',
    recoveryStatus: 'open',
    recoveryFen: 27_500,
    holderName: '王秀英',
    bankName: '华容农商银行',
  },
  candidate: {
    id: 'k',
    outcome: 'yes',
    status: 'approved',
    source: 'registry',
    villageVerdict: 'eligible',
    statusReason: null,
    amountFen: 110_000,
    months: 12,
    explanation: { verdict: '符合：年满60周岁' },
    createdAt: '2026-01-05T01:00:00Z',
    enteredBy: null,
    verifiedBy: who('陈芳', 'village'),
    reviewedBy: who('刘军', 'township'),
    approvedBy: who('管理员', 'admin'),
  },
  events: [
    {
      id: '2',
      action: 'return',
      fromStatus: 'verified',
      toStatus: 'returned',
      reason: '请补充独生子女证复印件',
      at: '2026-01-12T01:00:00Z',
      actor: who('刘军', 'township'),
    },
    {
      id: '1',
      action: 'verify',
      fromStatus: 'candidate',
      toStatus: 'verified',
      reason: null,
      at: '2026-01-10T01:00:00Z',
      actor: who('陈芳', 'village'),
    },
  ],
  notice: {
    id: 'n',
    publishedOn: '2026-01-18',
    endsOn: '2026-01-24',
    publishedAt: '2026-01-18T01:00:00Z',
    publishedBy: who('陈芳', 'village'),
    entries: 1,
    entry: null,
  },
  objections: [],
  batch: {
    id: 'b1',
    period: '2026',
    kind: 'regular',
    seq: 0,
    status: 'reconciled',
    madeOn: '2026-03-01',
    dueOn: '2026-03-31',
    payments: 5,
    totalFen: 550_000,
    createdAt: '2026-03-01T01:00:00Z',
    approvedAt: '2026-03-02T01:00:00Z',
    exportedAt: '2026-03-03T01:00:00Z',
    createdBy: who('王丽', 'county'),
    approvedBy: who('管理员', 'admin'),
    exportedBy: who('王丽', 'county'),
    log: [],
  },
  resultImport: null,
  recovery: {
    id: 'r',
    amountFen: 27_500,
    reason: '死亡后仍发放',
    status: 'open',
    openedAt: '2026-10-10T01:00:00Z',
    closedAt: null,
    note: null,
    closedBy: null,
  },
  accountLog: [],
};

describe('a payment’s trail as the funds auditor reads it', () => {
  it('shows the payment in yuan with masked numbers, and the steps in the order they happened', () => {
    const html = renderToString(<TrailBody trail={trail} />);
    expect(html).toContain('实发 1,100.00 元');
    expect(html).toContain('430623********4226');
    expect(html).toContain('****0123');
    expect(html).toContain('符合：年满60周岁');
    const order = [
      '村级核实',
      '退回',
      '公示',
      '批次 2026 由 王丽 制作',
      '批次由 管理员 审批',
      '批次由 王丽 导出给银行',
      '追回案件：275.00 元',
    ];
    const at = order.map((s) => html.indexOf(s));
    expect(
      at.every((i) => i >= 0),
      JSON.stringify(at),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(html).toContain('没有该领取人账户的登记或查看记录');
  });
});

describe('the figures table', () => {
  const line = (over: Partial<FigureLine>): FigureLine => ({
    payees: 0,
    payments: 0,
    paid: 0,
    failed: 0,
    pending: 0,
    paidExact: 0,
    paidTimely: 0,
    fenDue: 0,
    fenPaid: 0,
    accuracy: null,
    fundsInPlace: null,
    timeliness: null,
    ...over,
  });
  it('shows townships and the total with amounts in yuan, rates in percent and a dash where nothing divides', () => {
    const data: BenefitFiguresAnswer = {
      period: { code: '2026', start: '2026-01-01', end: '2026-12-31', running: false },
      programCode: null,
      unit: { id: '430623', name: '华容县', level: 'county' },
      total: line({
        payees: 7,
        paid: 5,
        fenDue: 652_000,
        fenPaid: 550_000,
        accuracy: 80,
        fundsInPlace: 84.355,
        timeliness: 60,
      }),
      units: [
        {
          ...line({ payees: 5, paid: 4, accuracy: 75 }),
          unit: { id: '430623101', name: '三封寺镇', level: 'township' },
          programs: [],
        },
        { ...line({}), unit: { id: '430623103', name: '东山镇', level: 'township' }, programs: [] },
      ],
      programs: [],
    };
    const html = renderToString(<FiguresBody data={data} loading={false} />);
    expect(html).toContain('三封寺镇');
    expect(html).toContain('合计（华容县）');
    expect(html).toContain('6,520.00');
    expect(html).toContain('84.36%');
    expect(html).toContain('75.00%');
    expect(html).toContain('—');
  });
});
