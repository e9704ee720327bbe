import { describe, expect, it } from 'vitest';
import { residenceChangeLabel, residenceProblem } from './report.residence.js';

const unit = (
  id: string,
  name: string,
  level: 'county' | 'township' | 'village' | 'group',
  over: Partial<{ countyCode: string; validFrom: string; validTo: string | null }> = {},
) => ({
  id,
  name,
  level,
  countyCode: '430623',
  path: `/430623/${id.length > 6 ? `${id.slice(0, 9)}/` : ''}${id.length > 9 ? `${id.slice(0, 12)}/` : ''}${id.length > 12 ? `${id}/` : ''}`,
  validFrom: '1900-01-01',
  validTo: null,
  ...over,
});
const XINPU = unit('430623101208', '新铺村', 'village');
const FUXING = unit('430623101213', '复兴村', 'village');
const ctx = { countyCode: '430623', eventDate: '2026-09-01', currentResidence: XINPU };

describe('residenceProblem', () => {
  it('accepts a current village of the county other than the present residence', () => {
    expect(residenceProblem(FUXING, FUXING.id, ctx)).toBeNull();
    expect(
      residenceProblem(unit('430623101299', '新设村', 'village', { validFrom: '2026-09-01' }), '430623101299', ctx),
    ).toBeNull();
  });

  it('refuses what is not a current village of the county, saying why', () => {
    expect(residenceProblem(undefined, '430623999999', ctx)).toContain('430623999999 不存在');
    expect(residenceProblem(unit('430623101', '三封寺镇', 'township'), '430623101', ctx)).toBe(
      '三封寺镇 是乡镇（街道），居住地应为村（社区）',
    );
    expect(residenceProblem(unit('430623', '华容县', 'county'), '430623', ctx)).toContain('居住地应为村（社区）');
    expect(residenceProblem(unit('43062310121301', '第1组', 'group'), '43062310121301', ctx)).toContain(
      '居住地应为村（社区）',
    );
    expect(residenceProblem({ ...FUXING, countyCode: '430681' }, FUXING.id, ctx)).toContain('不是本县');
    expect(residenceProblem({ ...FUXING, validTo: '2026-12-01' }, FUXING.id, ctx)).toContain('已于 2026-12-01 撤销');
    expect(residenceProblem({ ...FUXING, validFrom: '2026-09-02' }, FUXING.id, ctx)).toContain('尚不存在');
  });

  it('refuses the village the person already lives in, also when the residence is one of its groups', () => {
    expect(residenceProblem(XINPU, XINPU.id, ctx)).toBe('该人员现居住地已是 新铺村，无需更正');
    expect(
      residenceProblem(XINPU, XINPU.id, { ...ctx, currentResidence: unit('43062310120801', '第1组', 'group') }),
    ).toContain('已是 新铺村');
  });
});

describe('residenceChangeLabel', () => {
  it('names villages alone within a township, with their townships across townships', () => {
    expect(residenceChangeLabel(XINPU, '三封寺镇', FUXING, '三封寺镇')).toBe('居住地 新铺村 → 复兴村');
    expect(residenceChangeLabel(XINPU, '三封寺镇', unit('430623102001', '治河渡社区', 'village'), '治河渡镇')).toBe(
      '居住地 三封寺镇新铺村 → 治河渡镇治河渡社区',
    );
  });
});
