import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import '../i18n/index.js';
import { PetitionBody } from './PetitionDrawer.js';
import type { PetitionDetail } from './petitionsApi.js';

const petition: PetitionDetail = {
  id: 'p1',
  number: '2026-0012',
  channel: 'visit',
  receivedOn: '2026-09-01',
  subject: '独生子女父母奖励未发放',
  content: '请求核实发放。',
  petitionerName: '李建国',
  petitionerPhone: '13812345678',
  petitionerPersonId: null,
  peopleInvolved: '李建国、王秀英',
  assignedUnitId: '430623101208',
  unitName: '新铺村',
  status: 'accepted',
  statusText: '办理中',
  acceptDueOn: '2026-09-16',
  decidedOn: '2026-09-03',
  notAcceptedReason: null,
  concludeDueOn: '2026-11-23',
  extensionDays: 20,
  extensionReason: '需调取档案',
  repliedOn: null,
  reply: null,
  satisfaction: null,
  closedOn: null,
  escalationLevel: 1,
  escalatedAt: '2026-11-24T01:00:00Z',
  registeredByName: '三封寺镇 审核员 刘军',
  registeredAt: '2026-09-01T01:00:00Z',
  version: 3,
  timeliness: {
    acceptedOnTime: true,
    concludedOnTime: false,
    tag: { kind: 'overdue', days: 14, dueOn: '2026-11-23' },
    overdueDays: 14,
  },
  steps: ['reply', 'assign'],
  history: [
    {
      id: 'e1',
      action: 'register',
      onDate: '2026-09-01',
      note: '登记，交新铺村承办',
      at: '2026-09-01T01:00:00Z',
      userName: '刘军',
    },
    {
      id: 'e2',
      action: 'escalate',
      onDate: '2026-11-24',
      note: '升级至第1级：办结超期1天',
      at: '2026-11-24T01:00:00Z',
      userName: null,
    },
  ],
};

describe('the petition drawer', () => {
  it('shows the deadlines, the extension, the escalation, the history and only the steps the server allows', () => {
    const html = renderToString(<PetitionBody petition={petition} onChanged={() => {}} />);
    expect(html).toContain('超期14天');
    expect(html).toContain('已升级1级');
    expect(html).toContain('20天：需调取档案');
    expect(html).toContain('升级至第1级：办结超期1天');
    expect(html).toContain('petition-step-reply');
    expect(html).toContain('petition-step-assign');
    expect(html).not.toContain('petition-step-close');
  });
});
