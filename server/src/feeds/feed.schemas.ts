import { z } from 'zod';
import { FEED_TYPE_CODES, RECORD_TYPES } from './feed.types.js';

export const FeedTypeCode = z
  .enum(FEED_TYPE_CODES)
  .describe(
    '数据类型：police_hukou 公安户籍变动，hospital_birth 出生医学证明，civil_affairs 民政婚姻与殡葬，education 教育入学',
  );
export type FeedTypeCode = z.infer<typeof FeedTypeCode>;

export const RecordType = z
  .enum(RECORD_TYPES)
  .describe(
    '记录类型：birth 出生，death 死亡，move_in 迁入，move_out 迁出，marriage 结婚，divorce 离婚，cremation 火化，enrolment 入学',
  );

export const FeedEncoding = z
  .enum(['auto', 'utf-8', 'gbk', 'gb18030', 'utf-16le', 'utf-16be'])
  .default('auto')
  .describe('CSV 编码，默认自动识别（BOM、UTF-8，否则 GBK/GB18030）');
export type FeedEncoding = z.infer<typeof FeedEncoding>;

export const FeedColumnInfo = z.object({
  key: z.string(),
  header: z.string(),
  synonyms: z.array(z.string()),
  required: z.boolean(),
  note: z.string(),
});

export const FeedTypeInfo = z.object({
  code: FeedTypeCode,
  nameZh: z.string(),
  nameEn: z.string(),
  department: z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() }),
  recordTypes: z.array(RecordType),
  businessTypes: z.array(z.string()).describe('“业务类型”列可填的值'),
  columns: z.array(FeedColumnInfo),
});
export type FeedTypeInfo = z.infer<typeof FeedTypeInfo>;

export const FeedProblem = z.object({
  file: z.string(),
  row: z.number().int().nullable().describe('Excel 中的行号（从1起，含标题与表头行）；整个文件的问题为 null'),
  column: z.string().nullable().describe('列字母'),
  header: z.string().nullable().describe('该列在文件中的表头'),
  field: z.string().nullable(),
  message: z.string().describe('完整说明：文件、行、列与原因'),
  reason: z.string(),
});
export type FeedProblem = z.infer<typeof FeedProblem>;

export const FeedBatch = z.object({
  id: z.string().uuid(),
  feedType: FeedTypeCode,
  feedTypeName: z.string(),
  departmentCode: z.string(),
  departmentName: z.string(),
  channel: z.enum(['upload', 'api']).describe('upload 上传，api 部门接口'),
  senderName: z.string().describe('上传人，或部门接口凭据的部门名称'),
  senderUserId: z.string().nullable(),
  senderCredentialId: z.string().nullable(),
  receivedAt: z.string(),
  fileName: z.string(),
  fileSha256: z.string(),
  fileSize: z.number().int(),
  format: z.enum(['xlsx', 'csv']).nullable(),
  encodingRequested: z.string(),
  encodingDetected: z.string().nullable(),
  status: z
    .enum(['received', 'parsed', 'refused'])
    .describe('received 已接收未解析，parsed 已解析，refused 有错误被拒绝（不写入记录）'),
  rowCount: z.number().int(),
  recordCount: z.number().int(),
  problemCount: z.number().int(),
  parsedAt: z.string().nullable(),
  parseCount: z.number().int(),
});
export type FeedBatch = z.infer<typeof FeedBatch>;

export const FeedBatchDetail = FeedBatch.extend({
  problems: z.array(FeedProblem).describe('被拒绝时的前1000个问题'),
  recordTypeCounts: z.record(z.string(), z.number().int()),
});
export type FeedBatchDetail = z.infer<typeof FeedBatchDetail>;

export const FeedBatchPage = z.object({ items: z.array(FeedBatch), total: z.number().int() });

export const FeedReceipt = z.object({
  outcome: z.enum(['parsed', 'refused', 'duplicate', 'received']),
  message: z.string(),
  batch: FeedBatchDetail,
});
export type FeedReceipt = z.infer<typeof FeedReceipt>;

const Masked = z.string().nullable().describe('身份证号码（掩码，如 430623********1234）');

export const FeedRecord = z.object({
  id: z.string(),
  rowNumber: z.number().int(),
  recordType: RecordType,
  idNumberMasked: Masked,
  name: z.string().nullable(),
  sex: z.number().int().nullable(),
  birthDate: z.string().nullable(),
  eventDate: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  address: z.string().nullable(),
  motherIdNumberMasked: Masked,
  motherName: z.string().nullable(),
  fatherIdNumberMasked: Masked,
  fatherName: z.string().nullable(),
  spouseIdNumberMasked: Masked,
  spouseName: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type FeedRecord = z.infer<typeof FeedRecord>;

export const FeedRecordPage = z.object({ items: z.array(FeedRecord), total: z.number().int() });

export const FeedListQuery = z.object({
  feedType: FeedTypeCode.optional(),
  status: z.enum(['received', 'parsed', 'refused']).optional(),
  channel: z.enum(['upload', 'api']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const FeedRecordQuery = z.object({
  recordType: RecordType.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const IdParam = z.object({ id: z.string().max(64) });
export const TypeParam = z.object({ type: z.string().max(40) });

/** The non-file fields of the upload form. */
export const FeedUploadFields = z.object({
  feedType: FeedTypeCode,
  encoding: FeedEncoding,
  departmentName: z.string().trim().max(60).optional().describe('发送数据的部门（默认为该数据类型的常见部门）'),
});
export type FeedUploadFields = z.infer<typeof FeedUploadFields>;

export const DeptFeedQuery = z.object({
  encoding: FeedEncoding,
  fileName: z.string().max(200).optional().describe('文件名（也可用 multipart 上传时的文件名或 X-File-Name 头）'),
});

export const ReprocessBody = z
  .object({
    encoding: z
      .enum(['auto', 'utf-8', 'gbk', 'gb18030', 'utf-16le', 'utf-16be'])
      .optional()
      .describe('重新处理时改用的 CSV 编码（默认沿用接收时的选择）'),
  })
  .strict();

export const FeedCredentialInfo = z.object({
  id: z.string().uuid(),
  departmentCode: z.string(),
  departmentName: z.string(),
  feedTypes: z.array(FeedTypeCode),
  secretPrefix: z.string().describe('密钥的前几位，用于辨认'),
  note: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type FeedCredentialInfo = z.infer<typeof FeedCredentialInfo>;

export const NewFeedCredential = z
  .object({
    departmentCode: z
      .string()
      .trim()
      .regex(/^[a-z0-9_-]{2,40}$/, '部门代码应为2–40位小写字母、数字、- 或 _')
      .describe('部门代码，如 police、hospital-rmyy'),
    departmentName: z.string().trim().min(2, '部门名称至少2个字').max(60),
    feedTypes: z.array(FeedTypeCode).min(1, '至少选择一种数据类型').max(FEED_TYPE_CODES.length),
    note: z.string().trim().max(200).optional(),
  })
  .strict();
export type NewFeedCredential = z.infer<typeof NewFeedCredential>;

export const CreatedFeedCredential = z.object({
  credential: FeedCredentialInfo,
  secret: z.string().describe('接口密钥：只在此时显示一次，系统不保存'),
});
