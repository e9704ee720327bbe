import { z } from 'zod';

/**
 * The org API's bodies. Messages are in Chinese because the error handler passes them to the
 * form beside the field they name.
 */
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const UnitName = z.string().trim().min(1, '名称不能为空').max(40, '名称最多 40 个字');

export const MergeInput = z.object({
  fromIds: z.array(z.string().max(20)).min(1, '请选择要合并的村（社区）'),
  /** The surviving village, or with `newName` the code of the village the merge creates. */
  intoId: z.string().max(20),
  newName: UnitName.optional().describe('合并后新设村（社区）的名称；不填则并入已有的村'),
  effectiveDate: IsoDate,
  note: z.string().max(200).optional(),
});
export type MergeInput = z.infer<typeof MergeInput>;

export const SplitInput = z.object({
  unitId: z.string().max(20),
  effectiveDate: IsoDate,
  parts: z
    .array(
      z.object({
        id: z.string().max(20),
        name: UnitName,
        groupIds: z.array(z.string().max(20)).optional(),
        householdIds: z.array(z.string().uuid()).optional(),
      }),
    )
    .min(1, '请至少设置一个新村（社区）'),
});
export type SplitInput = z.infer<typeof SplitInput>;

export const GroupsAddInput = z.object({
  names: z.array(UnitName).min(1, '请填写组名').max(50, '一次最多新增 50 个组'),
  /** The first day the groups exist; without it, today. */
  validFrom: IsoDate.optional(),
});
export type GroupsAddInput = z.infer<typeof GroupsAddInput>;

export const GroupRenameInput = z.object({ name: UnitName });
export type GroupRenameInput = z.infer<typeof GroupRenameInput>;

export const GroupEndInput = z.object({
  /** The first day the group no longer exists (org_unit.valid_to). */
  effectiveDate: IsoDate,
});
export type GroupEndInput = z.infer<typeof GroupEndInput>;
