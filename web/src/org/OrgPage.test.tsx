import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import '../i18n/index.js';
import type { OrgStructure } from './orgApi.js';
import { OrgTable } from './OrgPage.js';

const u = (
  id: string,
  name: string,
  parentId: string | null,
  level: string,
  validTo: string | null = null,
  validFrom = '1900-01-01',
) => ({ id, name, parentId, level, validFrom, validTo }) as OrgStructure['units'][number];

// 治河渡镇 after 月亮湖村 and 登瀛村 merged into the new 月登村 on 2026-09-01.
const structure: OrgStructure = {
  units: [
    u('430623', '华容县', null, 'county'),
    u('430623102', '治河渡镇', '430623', 'township'),
    u('430623102202', '月亮湖村', '430623102', 'village', '2026-09-01'),
    u('430623102204', '登瀛村', '430623102', 'village', '2026-09-01'),
    u('430623102299', '月登村', '430623102', 'village', null, '2026-09-01'),
  ],
  lineage: [
    {
      fromUnitId: '430623102202',
      toUnitId: '430623102299',
      changeType: 'merge',
      effectiveDate: '2026-09-01',
      note: null,
    },
    {
      fromUnitId: '430623102204',
      toUnitId: '430623102299',
      changeType: 'merge',
      effectiveDate: '2026-09-01',
      note: null,
    },
  ],
};

const render = (showEnded: boolean) =>
  renderToString(<OrgTable structure={structure} showEnded={showEnded} filter="村" onAction={() => undefined} />);

describe('the division page as the county administrator reads it', () => {
  it('shows a village with its code, date in force, lineage and the changes it allows', () => {
    const html = render(false);
    expect(html).toContain('月登村');
    expect(html).toContain('430623102299');
    expect(html).toContain('2026-09-01 由 月亮湖村（430623102202）、登瀛村（430623102204） 并入');
    expect(html).toContain('现行');
    expect(html).toContain('拆分');
    expect(html).toContain('新增组');
    // Ended units only on request.
    expect(html).not.toContain('data-row-key="430623102202"');
    expect(html).not.toContain('已撤销');
  });

  it('shows ended villages as ended, with where they went', () => {
    const html = render(true);
    expect(html).toContain('data-row-key="430623102202"');
    expect(html).toContain('已撤销<!-- --> <!-- -->2026-09-01');
    expect(html).toContain('2026-09-01 并入 月登村（430623102299）');
    expect(html).toContain('区划导入时');
  });
});
