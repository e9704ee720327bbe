import { describe, expect, it } from 'vitest';
import {
  buildOrgTree,
  currentGroups,
  currentVillages,
  formFieldOf,
  lineageOf,
  openRowKeys,
  type OrgStructure,
} from './orgApi.js';

const unit = (
  id: string,
  name: string,
  parentId: string | null,
  validTo: string | null = null,
  validFrom = '1900-01-01',
) => ({
  id,
  name,
  parentId,
  validFrom,
  validTo,
  level: (id.length === 6 ? 'county' : id.length === 9 ? 'township' : id.length === 12 ? 'village' : 'group') as
    'county' | 'township' | 'village' | 'group',
});

// 治河渡镇 after the county merged 月亮湖村 and 登瀛村 into a new 月登村, and split 黄蓬新村 off 黄蓬村.
const structure: OrgStructure = {
  units: [
    unit('430623', '华容县', null),
    unit('430623102', '治河渡镇', '430623'),
    unit('430623102202', '月亮湖村', '430623102', '2026-09-01'),
    unit('430623102204', '登瀛村', '430623102', '2026-09-01'),
    unit('430623102299', '月登村', '430623102', null, '2026-09-01'),
    unit('43062310220201', '第1组', '430623102299'),
    unit('430623102208', '黄蓬村', '430623102'),
    unit('43062310220801', '第1组', '430623102208'),
    unit('43062310220802', '第2组', '430623102208', '2026-10-01'),
    unit('430623102298', '黄蓬新村', '430623102', null, '2026-07-01'),
  ],
  lineage: [
    {
      fromUnitId: '430623102208',
      toUnitId: '430623102298',
      changeType: 'split',
      effectiveDate: '2026-07-01',
      note: null,
    },
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

describe('the org page reads the division tree and its lineage', () => {
  it('tells each unit what it merged from or into and what it split off from or into', () => {
    expect(lineageOf('430623102299', structure)).toEqual([
      {
        kind: 'mergedFrom',
        date: '2026-09-01',
        units: [
          { id: '430623102202', name: '月亮湖村' },
          { id: '430623102204', name: '登瀛村' },
        ],
      },
    ]);
    expect(lineageOf('430623102202', structure)).toEqual([
      { kind: 'mergedInto', date: '2026-09-01', unit: { id: '430623102299', name: '月登村' } },
    ]);
    expect(lineageOf('430623102208', structure)).toEqual([
      { kind: 'splitInto', date: '2026-07-01', units: [{ id: '430623102298', name: '黄蓬新村' }] },
    ]);
    expect(lineageOf('430623102298', structure)[0]).toMatchObject({ kind: 'splitFrom', unit: { name: '黄蓬村' } });
  });

  it('shows ended units only when asked, and a filter keeps the matches with the units above them', () => {
    const township = (nodes: ReturnType<typeof buildOrgTree>) => nodes[0]!.children![0]!;
    expect(township(buildOrgTree(structure)).children!.map((v) => v.id)).toEqual([
      '430623102208',
      '430623102298',
      '430623102299',
    ]);
    expect(township(buildOrgTree(structure, { showEnded: true })).children).toHaveLength(5);
    const filtered = buildOrgTree(structure, { filter: '黄蓬新' });
    expect(township(filtered).children!.map((v) => v.name)).toEqual(['黄蓬新村']);
    expect(openRowKeys(filtered)).toEqual(['430623', '430623102']);
    expect(buildOrgTree(structure, { filter: '不存在' })).toEqual([]);
  });

  it('offers current villages with their township and a village’s current groups', () => {
    expect(currentVillages(structure).map((v) => `${v.townshipName}${v.name}`)).toEqual([
      '治河渡镇黄蓬村',
      '治河渡镇黄蓬新村',
      '治河渡镇月登村',
    ]);
    expect(currentGroups(structure, '430623102208').map((g) => g.id)).toEqual(['43062310220801']);
  });

  it('puts a server problem beside the form field it names', () => {
    const known = ['fromIds', 'intoId', 'newCode', 'effectiveDate', 'parts.id', 'parts.groupIds', 'names'];
    expect(formFieldOf('parts.1.groupIds', known)).toEqual(['parts', 1, 'groupIds']);
    expect(formFieldOf('fromIds.0', known)).toEqual(['fromIds']);
    expect(formFieldOf('names.2', known)).toEqual(['names']);
    expect(formFieldOf('intoId', known, { intoId: 'newCode' })).toEqual(['newCode']);
    expect(formFieldOf('unitId', known)).toBeUndefined();
  });
});
