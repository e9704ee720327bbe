import { describe, expect, it } from 'vitest';
import { villageOptions, type CountyVillage } from './useCountyVillages.js';

const v = (id: string, name: string, township: string, over: Partial<CountyVillage> = {}): CountyVillage => ({
  id,
  name,
  validFrom: '1900-01-01',
  validTo: null,
  township: { id: id.slice(0, 9), name: township },
  ...over,
});

describe('villageOptions', () => {
  const villages = [
    v('430623101208', '新铺村', '三封寺镇'),
    v('430623101213', '复兴村', '三封寺镇'),
    v('430623101299', '新设村', '三封寺镇', { validFrom: '2026-11-01' }),
    v('430623102002', '红光社区', '治河渡镇', { validTo: '2026-01-01' }),
    v('430623102001', '治河渡社区', '治河渡镇'),
  ];

  it('groups open villages by township, naming the township with each village', () => {
    const groups = villageOptions(villages, '2026-12-01');
    expect(groups.map((g) => g.label)).toEqual(['三封寺镇', '治河渡镇']);
    expect(groups[1]!.options).toEqual([{ value: '430623102001', label: '治河渡社区（治河渡镇）', disabled: false }]);
  });

  it('leaves closed villages out and disables those set up after the event date', () => {
    const options = villageOptions(villages, '2026-09-01').flatMap((g) => g.options);
    expect(options.find((o) => o.value === '430623102002')).toBeUndefined();
    expect(options.find((o) => o.value === '430623101299')).toMatchObject({ disabled: true });
    expect(
      villageOptions(villages, undefined)
        .flatMap((g) => g.options)
        .every((o) => !o.disabled),
    ).toBe(true);
  });
});
