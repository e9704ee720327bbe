import type { OrgLevel } from '../db/schema.js';
import { cellText, type CellValue, type Parsed } from '../lib/messy.js';

export type UnitInfo = {
  id: string;
  name: string;
  level: OrgLevel;
  path: string;
  parentId: string | null;
  validTo: string | null;
};

/** Village names as offices write them: 新铺村委会, 新铺村民委员会, 城关社区居委会. */
function normalizeUnitName(s: string): string {
  return s
    .replace(/[\s\u3000]+/g, '')
    .replace(/村(民委员会|委会)$/, '村')
    .replace(/(社区)?(居民委员会|居委会)$/, '社区');
}

/**
 * The county's units, for reading the unit a row names: a 12-digit village code, a 14-digit
 * group code, a village name unique in the county or in the importer's scope, or township and
 * village together (三封寺镇新铺村), with or without the county in front.
 */
export class UnitIndex {
  private readonly byId = new Map<string, UnitInfo>();
  private readonly byName = new Map<string, UnitInfo[]>();
  private readonly prefixes: string[];

  constructor(units: UnitInfo[], countyName: string) {
    for (const u of units) this.byId.set(u.id, u);
    for (const u of units) {
      if (u.level !== 'village' || u.validTo) continue;
      const name = normalizeUnitName(u.name);
      this.addName(name, u);
      const township = u.parentId ? this.byId.get(u.parentId) : undefined;
      if (township) this.addName(normalizeUnitName(township.name) + name, u);
    }
    this.prefixes = ['湖南省', '岳阳市', countyName].filter(Boolean);
  }

  private addName(name: string, u: UnitInfo) {
    this.byName.set(name, [...(this.byName.get(name) ?? []), u]);
  }

  get(id: string): UnitInfo | undefined {
    return this.byId.get(id);
  }

  /** Reads a unit cell; `scopePath` is where the unit must lie (the importer's scope, or the county). */
  resolve(cell: CellValue, scopePath: string, what: string): Parsed<UnitInfo> {
    const text = cellText(cell).replace(/\s+/g, '');
    if (/^\d+$/.test(text)) {
      const unit = this.byId.get(text);
      if (!unit) return { ok: false, message: `${what}代码“${text}”不存在（应为12位村（社区）统计代码）` };
      return this.check(unit, scopePath, what, text);
    }
    let name = normalizeUnitName(text);
    for (const p of this.prefixes) if (name.startsWith(p)) name = name.slice(p.length);
    const found = this.byName.get(name) ?? [];
    const inScope = found.filter((u) => u.path.startsWith(scopePath));
    if (found.length === 1) return this.check(found[0]!, scopePath, what, text);
    if (inScope.length === 1) return this.check(inScope[0]!, scopePath, what, text);
    if (found.length > 1) {
      const townships = found.map((u) => this.byId.get(u.parentId ?? '')?.name ?? '?').join('、');
      return { ok: false, message: `县内有 ${found.length} 个“${text}”（${townships}），请写12位代码或“乡镇+村名”` };
    }
    return { ok: false, message: `找不到${what}“${text}”，请写12位村（社区）统计代码或县内的村（社区）名称` };
  }

  private check(unit: UnitInfo, scopePath: string, what: string, text: string): Parsed<UnitInfo> {
    if (unit.level !== 'village' && unit.level !== 'group') {
      return {
        ok: false,
        message: `${what}“${text}”是${unit.level === 'township' ? '乡镇' : '县'}，应为村（社区）或村民小组`,
      };
    }
    if (unit.validTo)
      return {
        ok: false,
        message: `${what}“${text}”（${unit.name}）已于 ${unit.validTo} 撤销，请使用现在的村（社区）`,
      };
    if (!unit.path.startsWith(scopePath))
      return { ok: false, message: `${what}“${text}”（${unit.name}）不在本人辖区内，不能导入` };
    return { ok: true, value: unit };
  }
}
