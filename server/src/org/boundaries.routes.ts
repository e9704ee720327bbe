import type { App, RouteContext } from '../app.js';
import { actorOf, currentUser, requirePermission } from '../http/context.js';
import { BOUNDARY_BODY_LIMIT, BoundaryListQuery, BoundaryUpload, BoundaryUploadQuery } from './boundaries.schemas.js';
import { getBoundaries, uploadBoundaries } from './boundaries.service.js';

/** GET and PUT /api/org/boundaries (registered by org.routes.ts). */
export async function boundaryRoutes(app: App, { db }: RouteContext): Promise<void> {
  app.get(
    '/org/boundaries',
    {
      schema: {
        tags: ['org'],
        summary: '本辖区乡镇（及村）边界，GeoJSON FeatureCollection',
        querystring: BoundaryListQuery,
      },
    },
    async (req) => getBoundaries(db, currentUser(req), req.query.level),
  );

  app.put(
    '/org/boundaries',
    {
      bodyLimit: BOUNDARY_BODY_LIMIT,
      // Fastify refuses an oversized body before any handler, in English: say it in Chinese.
      errorHandler: (error, _req, reply) => {
        if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
          return reply.code(413).send({
            code: 'PAYLOAD_TOO_LARGE',
            message: `边界文件超过 ${BOUNDARY_BODY_LIMIT / 1024 / 1024} MB，请先简化图形（如 mapshaper 简化到 10%）`,
          });
        }
        throw error;
      },
      schema: {
        tags: ['org'],
        summary:
          '上传乡镇（及村）边界（GeoJSON FeatureCollection，WGS84 经纬度），替换本辖区现有边界；任一要素有误则不保存',
        querystring: BoundaryUploadQuery,
        body: BoundaryUpload,
      },
    },
    async (req) =>
      uploadBoundaries(db, requirePermission(req, 'org.manage'), actorOf(req), req.body, {
        property: req.query.property,
      }),
  );
}
