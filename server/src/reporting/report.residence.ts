import type { OrgLevel, OrgUnitRow } from '../db/schema.js';

export const RESIDENCE_FIELD = 'payload.changes.residenceUnitId';

const LEVEL_NAMES: Record<OrgLevel, string> = {
  province: '省',
  city: '市',
  county: '县（区）',
  township: '乡镇（街道）',
  village: '村（社区）',
  group: '村民小组',
};

type Unit = Pick<OrgUnitRow, 'id' | 'name' | 'level' | 'countyCode' | 'path' | 'validFrom' | 'validTo'>;

/**
 * Why a unit cannot be a person's new residence, or null when it can. Pure, so that every
 * refusal is tested without a database.
 *
 * The residence is set from the event date and stays the person's current residence, so the
 * village must exist on that date and still exist today: a village closed since (merged, split)
 * would leave the person living in a unit no list or indicator shows.
 */
export function residenceProblem(
  unit: Unit | undefined,
  rawId: string,
  ctx: { countyCode: string; eventDate: string; currentResidence: Pick<Unit, 'path'> | undefined },
): string | null {
  if (!unit) return `单位代码 ${rawId} 不存在，请从列表中选择本县的村（社区）`;
  if (unit.countyCode !== ctx.countyCode)
    return `${unit.name}（${unit.id}）不是本县的单位；居住地只能更正为本县的村（社区）`;
  if (unit.level !== 'village') return `${unit.name} 是${LEVEL_NAMES[unit.level]}，居住地应为村（社区）`;
  if (unit.validTo) return `${unit.name} 已于 ${unit.validTo} 撤销，请选择现在的村（社区）`;
  if (unit.validFrom > ctx.eventDate)
    return `${unit.name} 自 ${unit.validFrom} 起设立，事件日期 ${ctx.eventDate} 时尚不存在`;
  // A residence recorded at group level lies inside its village: moving "there" changes nothing.
  if (ctx.currentResidence && ctx.currentResidence.path.startsWith(unit.path))
    return `该人员现居住地已是 ${unit.name}，无需更正`;
  return null;
}

/** "新铺村 → 复兴村", naming the township of a village in another township (names repeat across townships). */
export function residenceChangeLabel(
  from: Pick<Unit, 'name' | 'path'> | undefined,
  fromTownship: string | undefined,
  to: Pick<Unit, 'name' | 'path'>,
  toTownship: string | undefined,
): string {
  const township = (path: string) => path.split('/').filter(Boolean).slice(0, 2).join('/');
  const sameTownship = from !== undefined && township(from.path) === township(to.path);
  const fromLabel = from ? from.name : '（未登记）';
  const toLabel = sameTownship || !toTownship ? to.name : `${toTownship}${to.name}`;
  return `居住地 ${from && !sameTownship && fromTownship ? `${fromTownship}${fromLabel}` : fromLabel} → ${toLabel}`;
}
