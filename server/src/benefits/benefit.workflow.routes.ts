import type { App, RouteContext } from '../app.js';
import { contentDisposition } from '../exports/export.files.js';
import { actorOf, requirePermission } from '../http/context.js';
import { enterApplication } from './benefit.application.service.js';
import { CycleParams } from './benefit.cycle.schemas.js';
import { listAssessments, recordAssessment } from './benefit.disability.service.js';
import {
  getNotice,
  listCycleNotices,
  noticeWorkbook,
  publishNotice,
  recordObjection,
  resolveObjection,
} from './benefit.notice.service.js';
import {
  ApplicationRequest,
  AssessmentQuery,
  AssessmentRequest,
  IdParams,
  ObjectionRequest,
  PublishRequest,
  ResolveRequest,
  StepRequest,
  WorkflowQuery,
} from './benefit.workflow.schemas.js';
import { getCandidateDetail, getWorkflow, takeStep, type Step } from './benefit.workflow.service.js';

const STEPS: Record<Step, string> = {
  verify: '村核实（verdict: eligible 符合须规则判断为符合；not_eligible 须写原因）',
  review: '乡镇审核（不能审核本人录入或核实的对象）',
  approve:
    '县审批：村核实为符合的审批通过，不符合的确认排除（须该村公示期满、无未处理异议；审批人不能是录入、核实或审核人）',
  return: '退回村重新核实（须写原因）：村已核实的由乡镇退回，乡镇已审核的由县退回',
};

/**
 * The cycle's workflow (docs/benefits-workflow.md): steps on candidates (single or a list, all or
 * nothing, each with the version it saw), the candidate's trail, the per-village overview,
 * applications, disability assessments, notices and objections. Routes check the permission and
 * hand the caller to the service, which scopes every record by its owning unit.
 */
export async function benefitWorkflowRoutes(app: App, { db }: RouteContext): Promise<void> {
  const permissionOf: Record<Step, 'benefit.verify' | 'benefit.review' | 'benefit.approve' | 'person.read'> = {
    verify: 'benefit.verify',
    review: 'benefit.review',
    approve: 'benefit.approve',
    // Who may return depends on the candidate's status (township or county): the service decides.
    return: 'person.read',
  };
  for (const step of Object.keys(STEPS) as Step[]) {
    app.post(
      `/benefits/candidates/${step}`,
      { schema: { tags: ['benefits'], summary: STEPS[step], body: StepRequest } },
      async (req) => takeStep(db, requirePermission(req, permissionOf[step]), actorOf(req), step, req.body),
    );
  }
  app.get(
    '/benefits/candidates/:id',
    {
      schema: {
        tags: ['benefits'],
        summary: '候选人详情：判断依据、申请材料、每一步办理记录（身份证号脱敏）',
        params: IdParams,
      },
    },
    async (req) => getCandidateDetail(db, requirePermission(req, 'person.read'), actorOf(req), req.params.id),
  );
  app.get(
    '/benefits/cycles/:id/workflow',
    {
      schema: {
        tags: ['benefits'],
        summary: '本辖区各村办理进度：各状态人数、公示与未处理异议、能否公示，以及本人待办',
        params: CycleParams,
        querystring: WorkflowQuery,
      },
    },
    async (req) =>
      getWorkflow(db, requirePermission(req, 'person.read'), actorOf(req), req.params.id, req.query.unitId),
  );
  app.post(
    '/benefits/cycles/:id/applications',
    {
      schema: {
        tags: ['benefits'],
        summary: '录入申请：按登记信息判断并列入名单（不符合的也保留，由村核实答复）',
        params: CycleParams,
        body: ApplicationRequest,
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await enterApplication(db, requirePermission(req, 'benefit.verify'), actorOf(req), req.params.id, req.body),
        ),
  );
  app.post(
    '/benefits/disability-assessments',
    {
      schema: {
        tags: ['benefits'],
        summary: '录入残疾评定（等级1–4、类别、日期、证号）；重新判断其父母在各年度名单中的情况',
        body: AssessmentRequest,
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await recordAssessment(db, requirePermission(req, 'benefit.verify'), actorOf(req), req.body)),
  );
  app.get(
    '/benefits/disability-assessments',
    { schema: { tags: ['benefits'], summary: '某人的残疾评定（新的在前）', querystring: AssessmentQuery } },
    async (req) => listAssessments(db, requirePermission(req, 'person.read'), actorOf(req), req.query.personId),
  );
  app.get(
    '/benefits/cycles/:id/notices',
    { schema: { tags: ['benefits'], summary: '本辖区各村的公示及未处理异议数', params: CycleParams } },
    async (req) => listCycleNotices(db, requirePermission(req, 'person.read'), req.params.id),
  );
  app.post(
    '/benefits/cycles/:id/notices',
    {
      schema: {
        tags: ['benefits'],
        summary: '发布（或异议成立重新核实后重新发布）某村的公示：须该村候选人全部核实；默认7天，至少5天',
        params: CycleParams,
        body: PublishRequest,
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await publishNotice(db, requirePermission(req, 'benefit.verify'), actorOf(req), req.params.id, req.body)),
  );
  app.get(
    '/benefits/notices/:id',
    { schema: { tags: ['benefits'], summary: '公示内容（供打印；身份证号脱敏）及异议', params: IdParams } },
    async (req) => getNotice(db, requirePermission(req, 'person.read'), actorOf(req), req.params.id),
  );
  app.get(
    '/benefits/notices/:id/xlsx',
    {
      schema: {
        tags: ['benefits'],
        summary: '下载公示（XLSX，身份证号脱敏，防公式注入）',
        params: IdParams,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => {
      const file = await noticeWorkbook(db, requirePermission(req, 'person.read'), actorOf(req), req.params.id);
      return reply
        .header('content-disposition', contentDisposition(file.filename, file.asciiFilename))
        .header('cache-control', 'no-store')
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(file.buffer);
    },
  );
  app.post(
    '/benefits/notices/:id/objections',
    {
      schema: {
        tags: ['benefits'],
        summary: '登记公示异议（针对某一对象或整个名单）',
        params: IdParams,
        body: ObjectionRequest,
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await recordObjection(db, requirePermission(req, 'benefit.verify'), actorOf(req), req.params.id, req.body),
        ),
  );
  app.post(
    '/benefits/objections/:id/resolve',
    {
      schema: {
        tags: ['benefits'],
        summary: '乡镇处理异议：成立（对象退回村重新核实，村须重新公示）或不成立，写明理由',
        params: IdParams,
        body: ResolveRequest,
      },
    },
    async (req) =>
      resolveObjection(db, requirePermission(req, 'benefit.review'), actorOf(req), req.params.id, req.body),
  );
}
