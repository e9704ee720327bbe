import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import '../i18n/index.js';
import { DueStatusTag, SealedText } from './HealthTags.js';

describe('health findings and due dates as the pages show them', () => {
  it('shows findings the server returned, and a masked tag where it kept them back', () => {
    const clear = renderToString(<SealedText text="HPV16 阳性" masked={false} data-testid="findings" />);
    expect(clear).toContain('HPV16 阳性');
    const masked = renderToString(<SealedText text={null} masked data-testid="findings" />);
    expect(masked).toContain('已脱敏');
    expect(masked).toContain('findings-masked');
  });

  it('says how many days a follow-up is overdue, or that it is due today', () => {
    const overdue = renderToString(
      <DueStatusTag followup={{ status: 'open', dueOn: '2026-12-01' }} today="2026-12-07" />,
    );
    expect(overdue).toContain('逾期 6 天');
    expect(overdue).toContain('data-state="overdue"');
    const today = renderToString(
      <DueStatusTag followup={{ status: 'open', dueOn: '2026-12-07' }} today="2026-12-07" />,
    );
    expect(today).toContain('今日到期');
  });
});
