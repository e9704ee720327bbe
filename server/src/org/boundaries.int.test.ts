import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTestCase, XINPU, type TestCase } from '../testing/setup.js';
import { schematicBoundaries } from './boundaries.schematic.js';
import { shippedCountyTree } from './divisions.js';

let t: TestCase;
beforeAll(async () => {
  t = await setupTestCase();
});
afterAll(() => t.close());

const square = (x: number, y: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + 0.1, y],
      [x + 0.1, y + 0.1],
      [x, y + 0.1],
      [x, y],
    ],
  ],
});

/** The 14 townships by code (property 区划代码), and 新铺村 by name. */
function townshipFile() {
  const tree = shippedCountyTree('430623')!;
  return {
    type: 'FeatureCollection',
    name: '乡镇边界.geojson',
    features: [
      ...tree.townships.map((tw, i) => ({
        type: 'Feature',
        properties: { 区划代码: tw.code, 名称: tw.name },
        geometry: square(112.3 + (i % 7) * 0.1, 29.3 + Math.floor(i / 7) * 0.1),
      })),
      {
        type: 'Feature',
        properties: { NAME: '新铺村' },
        geometry: { type: 'MultiPolygon', coordinates: [square(112.7, 29.45).coordinates] },
      },
    ],
  };
}

describe('township boundaries for the dashboard map', () => {
  it('the county administrator uploads township polygons; they are matched by code or exact name and served to the county', async () => {
    const admin = await t.as('admin');
    const r = await admin.put('/api/org/boundaries', townshipFile());
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ townships: 14, villages: 1, replaced: 0 });

    const county = await t.as('county');
    const all = await county.get('/api/org/boundaries');
    expect(all.status).toBe(200);
    expect(all.body.type).toBe('FeatureCollection');
    expect(all.body.features).toHaveLength(15);
    const xinpu = all.body.features.find((f: { id: string }) => f.id === XINPU);
    expect(xinpu.properties).toMatchObject({
      name: '新铺村',
      level: 'village',
      parentId: '430623101',
      schematic: false,
    });
    expect(xinpu.geometry.type).toBe('MultiPolygon');
    const townships = await county.get('/api/org/boundaries?level=township');
    expect(townships.body.features).toHaveLength(14);

    // The upload is audited.
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'detail'])
      .where('action', '=', 'org.boundaries')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('a bad feature is named by index and property in Chinese, and nothing of the file is stored', async () => {
    const admin = await t.as('admin');
    const file = townshipFile();
    // Feature 3 names a code that is no unit of the county; feature 5 has an open ring; feature 6 projected metres.
    file.features[2]!.properties = { 区划代码: '430623999', 名称: '不存在镇' };
    (file.features[4]!.geometry.coordinates[0] as number[][]).pop();
    file.features[5]!.geometry = square(3_500_000, 600_000);
    const r = await admin.put('/api/org/boundaries?property=区划代码', file);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('INVALID_INPUT');
    const messages = r.body.problems.map((p: { message: string }) => p.message);
    expect(messages[0]).toContain('第 3 个要素（features[2]）');
    expect(messages[0]).toContain('属性 区划代码 的值 430623999');
    expect(r.body.problems[0].field).toBe('features[2].properties.区划代码');
    expect(messages[1]).toMatch(/第 5 个要素.*未闭合/);
    expect(messages[2]).toMatch(/第 6 个要素.*经纬度/);
    expect(r.body.message).toContain('未保存任何边界');

    // A name shared by several villages (华容县 has three 南街社区) is refused as ambiguous.
    const ambiguous = await admin.put('/api/org/boundaries', {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { name: '南街社区' }, geometry: square(112.5, 29.5) }],
    });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.problems[0].message).toContain('对应多个单位');

    // Still the first upload's 15 boundaries, untouched.
    const county = await t.as('county');
    expect((await county.get('/api/org/boundaries')).body.features).toHaveLength(15);
    expect(await t.db.selectFrom('unitBoundary').select('unitId').execute()).toHaveLength(15);
  });

  it('a document that is no FeatureCollection, or one over the size limit, is refused in Chinese', async () => {
    const admin = await t.as('admin');
    const r = await admin.put('/api/org/boundaries', { type: 'Feature', features: [] });
    expect(r.status).toBe(400);
    const big = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: '430623101', note: 'x'.repeat(9 * 1024 * 1024) }, geometry: null },
      ],
    };
    const tooLarge = await admin.put('/api/org/boundaries', big);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.message).toContain('边界文件超过 8 MB');
    // Other refusals still go through the central handler.
    const empty = await admin.put('/api/org/boundaries', { type: 'FeatureCollection', features: [] });
    expect(empty.body).toMatchObject({
      code: 'INVALID_INPUT',
      problems: [{ field: 'features', message: '边界文件没有要素' }],
    });
  });

  it('only the holder of org.manage uploads; everyone reads only the boundaries of their own area', async () => {
    const county = await t.as('county');
    const refused = await county.put('/api/org/boundaries', townshipFile());
    expect(refused.status).toBe(403);
    const village = await t.as('village');
    expect((await village.put('/api/org/boundaries', townshipFile())).status).toBe(403);

    // The township officer of 三封寺镇 sees his township and its village, not the other 13.
    const township = await t.as('township');
    const own = await township.get('/api/org/boundaries');
    expect(own.status).toBe(200);
    expect(own.body.features.map((f: { id: string }) => f.id).sort()).toEqual(['430623101', XINPU]);
    const other = await t.as('zhihedu');
    expect((await other.get('/api/org/boundaries')).body.features.map((f: { id: string }) => f.id)).toEqual([
      '430623102',
    ]);
    expect(await village2Ids()).toEqual([]);
    expect((await t.anonymous.get('/api/org/boundaries')).status).toBe(401);
  });

  it("a new upload replaces the area's boundaries: the demo county's schematic file loads whole", async () => {
    const admin = await t.as('admin');
    const schematic = schematicBoundaries(shippedCountyTree('430623')!);
    const r = await admin.put('/api/org/boundaries?property=code', schematic);
    expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(200);
    expect(r.body).toMatchObject({ townships: 14, villages: 225, replaced: 15 });
    const county = await t.as('county');
    const all = await county.get('/api/org/boundaries');
    expect(all.body.schematic).toBe(true);
    expect(all.body.features).toHaveLength(239);
  });
});

/** What 复兴村's worker sees (no boundary of her own village was uploaded). */
async function village2Ids() {
  const v2 = await t.as('village2');
  return (await v2.get('/api/org/boundaries')).body.features.map((f: { id: string }) => f.id);
}
