import { describe, expect, it } from 'vitest';
import { checkCollection, checkGeometry, matchFeature } from './boundaries.geojson.js';

const units = [
  { id: '430623', name: '华容县', level: 'county' },
  { id: '430623101', name: '三封寺镇', level: 'township' },
  { id: '430623101208', name: '新铺村', level: 'village' },
  { id: '430623120001', name: '南街社区', level: 'village' },
  { id: '430623111001', name: '南街社区', level: 'village' },
];
const byId = new Map(units.map((u) => [u.id, u]));
const byName = new Map<string, typeof units>();
for (const u of units) byName.set(u.name, [...(byName.get(u.name) ?? []), u]);
const square = {
  type: 'Polygon',
  coordinates: [
    [
      [112, 29],
      [112.1, 29],
      [112.1, 29.1],
      [112, 29],
    ],
  ],
};

describe('matching a boundary feature to a unit', () => {
  it('finds the division code in any property, a numeric one too, or in the feature id', () => {
    expect(matchFeature({ properties: { adcode: 430623101 } }, { byId, byName })).toMatchObject({
      unit: { id: '430623101' },
      property: 'adcode',
    });
    expect(matchFeature({ id: '430623101208', properties: {} }, { byId, byName })).toMatchObject({
      unit: { name: '新铺村' },
      property: 'id',
    });
  });

  it('falls back to an exact, unique name and refuses a name several villages share', () => {
    expect(matchFeature({ properties: { 名称: '三封寺镇' } }, { byId, byName })).toMatchObject({
      unit: { id: '430623101' },
    });
    expect(matchFeature({ properties: { name: '南街社区' } }, { byId, byName })).toMatchObject({
      field: 'properties.name',
    });
  });

  it('reads only the named property when one is given, and says what is wrong with it', () => {
    const r = matchFeature({ properties: { code: '430623999', name: '三封寺镇' } }, { byId, byName }, 'code');
    expect(r).toEqual({
      field: 'properties.code',
      message: '属性 code 的值 430623999 不是本辖区现有的乡镇或村的区划代码',
    });
    expect(matchFeature({ properties: {} }, { byId, byName }, 'code')).toEqual({
      field: 'properties.code',
      message: '缺少属性 code',
    });
  });

  it('names a code that is no unit of the area even when no property was named', () => {
    expect(matchFeature({ properties: { name: '不存在镇', adcode: '430623999' } }, { byId, byName })).toEqual({
      field: 'properties.adcode',
      message: '属性 adcode 的值 430623999 不是本辖区现有的乡镇或村的区划代码',
    });
  });

  it('does not map the county itself', () => {
    const { problems } = checkCollection(
      { features: [{ type: 'Feature', properties: { code: '430623' }, geometry: square }] },
      units,
    );
    expect(problems[0]!.message).toContain('第 1 个要素');
  });
});

describe('checking a boundary geometry', () => {
  it('accepts closed polygons and multipolygons in longitude and latitude', () => {
    expect(checkGeometry(square)).toMatchObject({ positions: 4 });
    expect(
      checkGeometry({ type: 'MultiPolygon', coordinates: [square.coordinates, square.coordinates] }),
    ).toMatchObject({ positions: 8 });
  });

  it('refuses points, open rings and projected coordinates with a message', () => {
    expect(checkGeometry({ type: 'Point', coordinates: [112, 29] })).toMatchObject({ field: 'geometry.type' });
    expect(
      checkGeometry({
        type: 'Polygon',
        coordinates: [
          [
            [112, 29],
            [112.1, 29],
            [112.1, 29.1],
            [112, 29.1],
          ],
        ],
      }),
    ).toMatchObject({ message: expect.stringContaining('未闭合') });
    expect(
      checkGeometry({
        type: 'Polygon',
        coordinates: [
          [
            [3.5e6, 6e5],
            [3.6e6, 6e5],
            [3.6e6, 7e5],
            [3.5e6, 6e5],
          ],
        ],
      }),
    ).toMatchObject({ message: expect.stringContaining('经纬度') });
  });

  it('names a feature given twice', () => {
    const f = { type: 'Feature', properties: { code: '430623101' }, geometry: square };
    const { problems, features } = checkCollection({ features: [f, f] }, units);
    expect(features).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'features[1].properties.code', row: 2 });
    expect(problems[0]!.message).toContain('与第 1 个要素重复');
  });
});
