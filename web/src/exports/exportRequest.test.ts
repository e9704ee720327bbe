import { describe, expect, it } from 'vitest';
import { fileNameOf } from '../api/api.js';
import { exportPath } from './exportRequest.js';

describe('exporting a list as it is filtered on screen', () => {
  it('sends the filters of the list and never its page', () => {
    expect(
      exportPath('persons', 'xlsx', { q: 'zxh', unitId: '430623101208', status: 'active', page: 3, pageSize: 20 }),
    ).toBe('/api/exports/persons.xlsx?q=zxh&unitId=430623101208&status=active');
    expect(exportPath('reports', 'xlsx', { queue: 'mine', status: undefined, type: 'birth' })).toBe(
      '/api/exports/reports.xlsx?queue=mine&type=birth',
    );
  });

  it('names the CSV encoding, UTF-8 unless GBK is chosen', () => {
    expect(exportPath('households', 'csv', { q: '东正街' })).toBe(
      '/api/exports/households.csv?q=%E4%B8%9C%E6%AD%A3%E8%A1%97&encoding=utf8',
    );
    expect(exportPath('households', 'csv', {}, { encoding: 'gbk' })).toBe('/api/exports/households.csv?encoding=gbk');
    expect(exportPath('households', 'xlsx', {}, { encoding: 'gbk' })).toBe('/api/exports/households.xlsx');
  });

  it('asks for full ID numbers only when chosen, and only for persons', () => {
    expect(exportPath('persons', 'xlsx', {}, { unmasked: true })).toBe('/api/exports/persons.xlsx?unmasked=true');
    expect(exportPath('persons', 'xlsx', {}, { unmasked: false })).toBe('/api/exports/persons.xlsx');
    expect(exportPath('reports', 'xlsx', {}, { unmasked: true })).toBe('/api/exports/reports.xlsx');
  });
});

describe('the name a downloaded file is saved under', () => {
  it('is the UTF-8 name of Content-Disposition, with the ASCII name as fallback', () => {
    const header =
      'attachment; filename="persons_430623101208_2026-03-05.xlsx"; filename*=UTF-8\'\'%E4%BA%BA%E5%91%98%E5%90%8D%E5%8D%95_%E6%96%B0%E9%93%BA%E6%9D%91_2026-03-05.xlsx';
    expect(fileNameOf(header, 'x.xlsx')).toBe('人员名单_新铺村_2026-03-05.xlsx');
    expect(fileNameOf('attachment; filename="persons.csv"', 'x.csv')).toBe('persons.csv');
    expect(fileNameOf(null, 'x.csv')).toBe('x.csv');
  });
});
