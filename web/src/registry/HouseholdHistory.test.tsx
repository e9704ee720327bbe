import { renderToString } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it } from 'vitest';
import i18n from '../i18n/index.js';
import {
  FormerMembersTable,
  HouseholdHistoryTimeline,
  type FormerMember,
  type HouseholdHistoryEntry,
} from './HouseholdHistory.js';

const RELATIONSHIP: Record<string, string> = { '02': '户主', '10': '配偶', '30': '女', '52': '母亲', '99': '其他' };
const label = (code: string | null) => (code ? (RELATIONSHIP[code] ?? code) : '无');

const entry = (e: Partial<HouseholdHistoryEntry> & Pick<HouseholdHistoryEntry, 'kind' | 'change' | 'date'>) =>
  ({
    person: { id: 'p1', name: '李小雨', inScope: true },
    relationship: '30',
    previousRelationship: null,
    report: null,
    recordedAt: '2026-11-01T08:00:00.000Z',
    recordedBy: null,
    ...e,
  }) as HouseholdHistoryEntry;

// 李建国's household in 新铺村: a child born, the grandmother dead, a relative moved in and away
// (now registered elsewhere, out of the viewer's scope), the wife made head.
const history: HouseholdHistoryEntry[] = [
  entry({
    date: '2026-10-20',
    kind: 'joined',
    change: 'birth',
    report: { id: 'r-birth', type: 'birth' },
    recordedBy: '县卫健局 统计员 王丽',
  }),
  entry({
    date: '2026-09-01',
    kind: 'left',
    change: 'death',
    person: { id: 'p2', name: '李桂英', inScope: true },
    relationship: '52',
    report: { id: 'r-death', type: 'death' },
  }),
  entry({
    date: '2026-11-15',
    kind: 'left',
    change: 'move_out',
    person: { id: 'p3', name: '王秀兰', inScope: false },
    relationship: '99',
  }),
  entry({
    date: '2026-11-20',
    kind: 'became_head',
    change: 'correction',
    person: { id: 'p4', name: '王秀英', inScope: true },
    relationship: '02',
    previousRelationship: '10',
  }),
];

const former: FormerMember[] = [
  {
    id: 'p2',
    name: '李桂英',
    sex: 2,
    birthDate: '1950-01-20',
    relationship: '52',
    status: 'dead',
    inScope: true,
    leftOn: '2026-09-01',
    leftBy: 'death',
  },
];

const render = (node: React.ReactNode) => renderToString(<MemoryRouter>{node}</MemoryRouter>);

afterEach(() => i18n.changeLanguage('zh-CN'));

describe('the household page’s history', () => {
  it('tells in Chinese who joined and left, when, why and by which report', () => {
    const html = render(<HouseholdHistoryTimeline history={history} relationshipLabel={label} />);
    expect(html).toContain('李小雨 入户（女）');
    expect(html).toContain('2026-10-20 · 出生');
    expect(html).toContain('县卫健局 统计员 王丽 确认');
    expect(html).toContain('href="/reports/r-birth"');
    expect(html).toContain('李桂英 离户（原为母亲）');
    expect(html).toContain('2026-09-01 · 死亡');
    expect(html).toContain('王秀英 成为户主（原为配偶）');
    expect(html.match(/data-testid="household-history-item"/g)).toHaveLength(4);
  });

  it('links a person only when the viewer may open them', () => {
    const html = render(<HouseholdHistoryTimeline history={history} relationshipLabel={label} />);
    expect(html).toContain('href="/persons/p2"');
    expect(html).toContain('王秀兰 离户（原为其他）');
    expect(html).not.toContain('href="/persons/p3"');
  });

  it('shows past members as past, with when and why they left', () => {
    const html = render(
      <FormerMembersTable members={former} relationshipLabel={label} sexLabel={(s) => (s === 1 ? '男' : '女')} />,
    );
    expect(html).toContain('原户成员');
    expect(html).toContain('已离户');
    expect(html).toContain('2026-09-01');
    expect(html).toContain('死亡');
  });

  it('reads in English too', async () => {
    await i18n.changeLanguage('en');
    const html = render(<HouseholdHistoryTimeline history={history} relationshipLabel={label} />);
    expect(html).toContain('Household history');
    expect(html).toContain('李小雨 joined (女)');
    expect(html).toContain('2026-09-01 · Death');
    expect(html).toContain('confirmed by 县卫健局 统计员 王丽');
    expect(html).toContain('View report');
  });

  it('says so when nothing is recorded', () => {
    expect(render(<HouseholdHistoryTimeline history={[]} relationshipLabel={label} />)).toContain('暂无变动记录');
  });
});
