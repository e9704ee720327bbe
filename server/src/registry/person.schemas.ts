import { z } from 'zod';

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export const PersonIdParam = z.object({ id: z.string().max(64) });

export const PersonSearchQuery = z.object({
  q: z.string().trim().max(64).optional().describe('身份证号、姓名、拼音或拼音首字母'),
  unitId: z.string().max(20).optional().describe('户籍单位（含下级）'),
  status: z.enum(['active', 'dead', 'moved_out']).optional(),
  sex: z.coerce.number().int().min(1).max(2).optional(),
  householdId: z.string().uuid().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type PersonSearchQuery = z.infer<typeof PersonSearchQuery>;

export const UnitRef = z.object({ id: z.string(), name: z.string() });

export const PersonListItem = z.object({
  id: z.string(),
  name: z.string(),
  idNumberMasked: z.string().nullable().describe('脱敏身份证号'),
  sex: z.number(),
  birthDate: z.string(),
  hukouUnit: UnitRef,
  householdId: z.string().nullable(),
  status: z.enum(['active', 'dead', 'moved_out']),
});
export type PersonListItem = z.infer<typeof PersonListItem>;

export const AsOfQuery = z.object({ date: IsoDate });
