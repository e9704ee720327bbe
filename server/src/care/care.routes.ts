import type { FastifyRequest } from 'fastify';
import type { App, RouteContext } from '../app.js';
import type { CurrentUser } from '../accounts/session.service.js';
import { contentDisposition } from '../exports/export.files.js';
import { actorOf, currentUser, requirePermission } from '../http/context.js';
import { ForbiddenError } from '../lib/errors.js';
import {
  AssistanceRequest,
  EndRequest,
  FamilyQuery,
  FlagRequest,
  IdParams,
  PeriodQuery,
  TotalsQuery,
  VisitRequest,
  fieldLabel,
} from './care.schemas.js';
import { scanRegistry } from './care.scan.js';
import {
  endFamilyFlag,
  flagFamily,
  getFamilyDetail,
  getTotals,
  grantAssistance,
  recordVisit,
  searchAssistance,
  searchFamilies,
  searchVisits,
  totalsWorkbook,
} from './care.service.js';

/** Reading the register: whoever keeps it (care.manage) or grants from it (care.grant). */
function requireCareReader(req: FastifyRequest): CurrentUser {
  const user = currentUser(req);
  if (!user.permissions.includes('care.manage') && !user.permissions.includes('care.grant')) throw new ForbiddenError();
  return user;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The care register (生育关怀; docs/care.md): families, the registry scan, visits, assistance and
 * its totals. Routes check the permission and pass the caller, whose units scope every record.
 */
export async function careRoutes(app: App, { db }: RouteContext): Promise<void> {
  const tags = ['care'];
  app.get(
    '/care/families',
    {
      schema: {
        tags,
        summary: '关怀对象名册（本辖区）：按单位、类别、来源、在册或已结束、姓名筛选；同户的排在一起',
        querystring: FamilyQuery,
      },
    },
    async (req) => searchFamilies(db, requireCareReader(req), actorOf(req), req.query),
  );
  app.post(
    '/care/families',
    {
      schema: {
        tags,
        summary: '工作人员列入关怀对象（困难家庭、独生子女死亡或伤残家庭）：须写原因，人员须在本辖区',
        body: FlagRequest,
      },
      config: { fieldLabel },
    },
    async (req, reply) =>
      reply.code(201).send(await flagFamily(db, requirePermission(req, 'care.manage'), actorOf(req), req.body)),
  );
  app.get(
    '/care/families/:id',
    {
      schema: {
        tags,
        summary: '关怀对象档案：列入情况、同户（夫妻）的关怀记录、走访和帮扶（查看记入审计）',
        params: IdParams,
      },
    },
    async (req) => getFamilyDetail(db, requireCareReader(req), actorOf(req), req.params.id),
  );
  app.post(
    '/care/families/:id/end',
    {
      schema: { tags, summary: '结束关怀（须写原因；带读取时的版本号）', params: IdParams, body: EndRequest },
      config: { fieldLabel },
    },
    async (req) => endFamilyFlag(db, requirePermission(req, 'care.manage'), actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/care/scan',
    {
      schema: {
        tags,
        summary:
          '登记库筛查特殊家庭（独生子女死亡或经鉴定三级及以上残疾、此后未再生育或收养的父母）：不重复列入；工作人员已结束的不再列入，除非结束后有新的死亡或残疾评定',
      },
    },
    async (req) => {
      const user = requirePermission(req, 'care.grant');
      return scanRegistry(db, user, actorOf(req));
    },
  );
  app.post(
    '/care/families/:id/visits',
    {
      schema: {
        tags,
        summary: '登记走访（日期不能晚于今天；走访人员、家庭需求必填）',
        params: IdParams,
        body: VisitRequest,
      },
      config: { fieldLabel },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await recordVisit(db, requirePermission(req, 'care.manage'), actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/care/visits',
    { schema: { tags, summary: '走访记录（本辖区；按家庭、单位、期间）', querystring: PeriodQuery } },
    async (req) => searchVisits(db, requireCareReader(req), actorOf(req), req.query),
  );
  app.post(
    '/care/families/:id/assistance',
    {
      schema: {
        tags,
        summary: '发放帮扶（现金、物资或服务，金额为整数分，注明资金来源和用途）：仅限在册家庭',
        params: IdParams,
        body: AssistanceRequest,
      },
      config: { fieldLabel },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await grantAssistance(db, requirePermission(req, 'care.grant'), actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/care/assistance',
    { schema: { tags, summary: '帮扶发放记录（本辖区；按家庭、单位、期间）', querystring: PeriodQuery } },
    async (req) => searchAssistance(db, requireCareReader(req), actorOf(req), req.query),
  );
  app.get(
    '/care/totals',
    { schema: { tags, summary: '帮扶资金合计：按年度、乡镇、资金来源（金额为分）', querystring: TotalsQuery } },
    async (req) => getTotals(db, requireCareReader(req), req.query.year),
  );
  app.get(
    '/care/totals/xlsx',
    {
      schema: {
        tags,
        summary: '下载帮扶资金合计（XLSX，年度×乡镇×资金来源，单位元；记入审计）',
        querystring: TotalsQuery,
        produces: [XLSX],
      },
    },
    async (req, reply) => {
      const file = await totalsWorkbook(db, requireCareReader(req), actorOf(req), req.query.year);
      return reply
        .header('content-disposition', contentDisposition(file.filename, file.asciiFilename))
        .header('cache-control', 'no-store')
        .type(XLSX)
        .send(file.buffer);
    },
  );
}
