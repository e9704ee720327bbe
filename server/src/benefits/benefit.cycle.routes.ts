import type { App, RouteContext } from '../app.js';
import { actorOf, requirePermission } from '../http/context.js';
import { CandidateQuery, CycleParams, GenerateRequest } from './benefit.cycle.schemas.js';
import { generateCycle, getCandidates, getCycles } from './benefit.cycle.service.js';

/** The yearly cycle of a benefit program (docs/benefits.md): candidates generated from the registry. */
export async function benefitCycleRoutes(app: App, { db }: RouteContext): Promise<void> {
  app.post(
    '/benefits/cycles',
    {
      schema: {
        tags: ['benefits'],
        summary: '从登记库生成某项目某年度的候选名单（尚无人处理时可重新生成）',
        body: GenerateRequest,
      },
    },
    async (req, reply) =>
      reply.code(201).send(await generateCycle(db, requirePermission(req, 'benefit.manage'), actorOf(req), req.body)),
  );
  app.get(
    '/benefits/cycles',
    { schema: { tags: ['benefits'], summary: '本县各项目的年度名单，附本辖区的符合与待核实人数' } },
    async (req) => getCycles(db, requirePermission(req, 'person.read')),
  );
  app.get(
    '/benefits/cycles/:id/candidates',
    {
      schema: {
        tags: ['benefits'],
        summary: '年度名单中本辖区的候选人（身份证号脱敏），附判断依据',
        params: CycleParams,
        querystring: CandidateQuery,
      },
    },
    async (req) => getCandidates(db, requirePermission(req, 'person.read'), actorOf(req), req.params.id, req.query),
  );
}
