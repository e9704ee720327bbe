import { z } from 'zod';

/** Largest boundary upload accepted (the route's body limit). */
export const BOUNDARY_BODY_LIMIT = 8 * 1024 * 1024;

/** PUT /api/org/boundaries: a GeoJSON FeatureCollection; features are checked one by one in the service. */
export const BoundaryUpload = z
  .object({
    type: z.literal('FeatureCollection', { error: '应为 GeoJSON FeatureCollection（type 为 "FeatureCollection"）' }),
    name: z.string().max(200).optional().describe('边界集名称（如文件名）'),
    schematic: z.boolean().optional().describe('示意图形（非测绘边界）'),
    features: z
      .array(z.unknown(), { error: '应有 features 要素数组' })
      .min(1, '边界文件没有要素')
      .max(2000, '要素不能超过 2000 个')
      .describe('乡镇（及村）的多边形要素，属性中含 9 位或 12 位区划代码或准确名称'),
  })
  .loose();
export type BoundaryUpload = z.infer<typeof BoundaryUpload>;

export const BoundaryUploadQuery = z.object({
  property: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .optional()
    .describe('用于匹配单位的属性名（不填则自动识别区划代码或名称）'),
});

export const BoundaryListQuery = z.object({
  level: z.enum(['township', 'village']).optional().describe('只取乡镇或只取村'),
});
