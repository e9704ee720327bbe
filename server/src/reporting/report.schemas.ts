import { z } from 'zod';
import { ETHNICITY, RELATIONSHIP } from '../lib/codes.js';

/**
 * What a village reports, per event type. The same schemas validate the API, generate the
 * OpenAPI description and type the service. Field names are what the error messages name.
 */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const PersonId = z.string().uuid('请选择登记系统中的人员');
const Name = z.string().trim().min(1, '姓名不能为空').max(30, '姓名不超过30个字');
const IdNumberInput = z.string().trim().min(15, '身份证号码应为18位').max(24, '身份证号码应为18位');
const EthnicityCode = z.string().refine((c) => c in ETHNICITY, '民族代码不正确（GB 3304）');
const RelationshipCode = z.string().refine((c) => c in RELATIONSHIP, '与户主关系代码不正确（GB/T 4761）');
const HukouType = z.enum(['rural', 'urban']).describe('户口性质：农业(rural)/非农业(urban)');

export const BirthPayload = z.object({
  motherId: PersonId.describe('母亲'),
  fatherId: PersonId.nullish().describe('父亲（可不填）'),
  child: z.object({
    name: Name.optional().describe('婴儿姓名（可暂缺）'),
    sex: z.union([z.literal(1), z.literal(2)]).describe('性别 GB/T 2261.1：1 男，2 女'),
    idNumber: IdNumberInput.optional().describe('婴儿身份证号（可暂缺）'),
  }),
  weightGrams: z
    .number()
    .int()
    .min(300, '出生体重不少于300克')
    .max(7000, '出生体重不超过7000克')
    .describe('出生体重（克）'),
  gestationalWeeks: z.number().int().min(20, '孕周不少于20周').max(45, '孕周不超过45周').describe('孕周'),
  place: z.enum(['hospital', 'home', 'other']).describe('出生地点：医院/家中/其他'),
  hospitalName: z.string().trim().max(60).optional().describe('接生医院'),
  defect: z.boolean().describe('是否有出生缺陷'),
  defectDescription: z.string().trim().max(200).optional().describe('出生缺陷描述'),
});
export type BirthPayload = z.infer<typeof BirthPayload>;

export const DeathPayload = z.object({
  personId: PersonId.describe('死亡人员'),
  cause: z.string().trim().max(100).optional().describe('死亡原因'),
  place: z.string().trim().max(60).optional().describe('死亡地点'),
});
export type DeathPayload = z.infer<typeof DeathPayload>;

export const MarriagePayload = z.object({
  personId: PersonId.describe('本人'),
  spouseId: PersonId.nullish().describe('配偶（已在本辖区登记时选择）'),
  spouse: z.object({ name: Name, idNumber: IdNumberInput }).nullish().describe('配偶（不在本辖区时填写）'),
});
export type MarriagePayload = z.infer<typeof MarriagePayload>;

export const DivorcePayload = z.object({ personId: PersonId.describe('本人') });
export type DivorcePayload = z.infer<typeof DivorcePayload>;

export const MoveInPayload = z.object({
  person: z.object({
    name: Name,
    idNumber: IdNumberInput.describe('身份证号码'),
    ethnicity: EthnicityCode.default('01'),
    hukouType: HukouType,
  }),
  householdId: z.string().uuid().nullish().describe('迁入已有家庭户'),
  newHousehold: z
    .object({ address: z.string().trim().min(1).max(100), hukouType: HukouType })
    .nullish()
    .describe('或新立户'),
  relationship: RelationshipCode.describe('与户主关系'),
  fromPlace: z.string().trim().min(1, '请填写迁出地').max(100).describe('迁出地'),
});
export type MoveInPayload = z.infer<typeof MoveInPayload>;

export const MoveOutPayload = z.object({
  personId: PersonId.describe('迁出人员'),
  destination: z.string().trim().min(1, '请填写迁往地').max(100).describe('迁往地'),
});
export type MoveOutPayload = z.infer<typeof MoveOutPayload>;

export const CorrectionPayload = z.object({
  personId: PersonId.describe('被更正人员'),
  changes: z
    .object({
      name: Name.optional(),
      idNumber: IdNumberInput.optional(),
      sex: z.union([z.literal(1), z.literal(2)]).optional(),
      birthDate: IsoDate.optional(),
      ethnicity: EthnicityCode.optional(),
      relationship: RelationshipCode.optional(),
      residenceUnitId: z
        .string()
        .trim()
        .min(1, '请选择居住地村（社区）')
        .max(20, '居住地单位代码不正确')
        .optional()
        .describe('居住地：本县的村（社区），自事件日期起（人户分离）'),
    })
    .refine((c) => Object.values(c).some((v) => v !== undefined), '请至少填写一项要更正的内容'),
  reason: z.string().trim().min(2, '请填写更正原因').max(200).describe('更正原因'),
});
export type CorrectionPayload = z.infer<typeof CorrectionPayload>;

const reportOf = <T extends string, P extends z.ZodType>(type: T, payload: P) =>
  z.object({
    type: z.literal(type),
    unitId: z.string().min(1).max(20).describe('报告村（社区）代码'),
    eventDate: IsoDate.describe('事件日期'),
    payload,
  });

export const CreateReportRequest = z.discriminatedUnion('type', [
  reportOf('birth', BirthPayload),
  reportOf('death', DeathPayload),
  reportOf('marriage', MarriagePayload),
  reportOf('divorce', DivorcePayload),
  reportOf('move_in', MoveInPayload),
  reportOf('move_out', MoveOutPayload),
  reportOf('correction', CorrectionPayload),
]);
export type CreateReportRequest = z.infer<typeof CreateReportRequest>;

export const PAYLOAD_SCHEMAS = {
  birth: BirthPayload,
  death: DeathPayload,
  marriage: MarriagePayload,
  divorce: DivorcePayload,
  move_in: MoveInPayload,
  move_out: MoveOutPayload,
  correction: CorrectionPayload,
} as const;

export const ResubmitRequest = z.object({
  version: z.number().int().min(1),
  eventDate: IsoDate,
  payload: z.record(z.string(), z.unknown()).describe('与新建时同类型的内容'),
});

export const ActionRequest = z.object({ version: z.number().int().min(1).describe('所见的报告版本（乐观锁）') });
export const ReasonActionRequest = ActionRequest.extend({
  reason: z.string().trim().min(2, '请填写退回或撤销原因').max(500),
});

export const ReportQuery = z.object({
  queue: z.enum(['mine', 'review', 'confirm', 'all']).default('all'),
  status: z.enum(['submitted', 'returned', 'township_approved', 'confirmed', 'cancelled']).optional(),
  type: z.enum(['birth', 'death', 'marriage', 'divorce', 'move_in', 'move_out', 'correction']).optional(),
  unitId: z.string().max(20).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

export const ReportIdParam = z.object({ id: z.string().max(64) });
