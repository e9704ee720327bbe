import type { App, RouteContext } from '../app.js';
import type { CurrentUser } from '../accounts/session.service.js';
import { actorOf, currentUser, requirePermission } from '../http/context.js';
import { ForbiddenError } from '../lib/errors.js';
import { startDailyEscalation } from './petition.escalation.js';
import {
  AcceptRequest,
  AssignRequest,
  CloseRequest,
  ExtendRequest,
  IdParams,
  ListQuery,
  NotAcceptRequest,
  RegisterRequest,
  ReplyRequest,
} from './petition.schemas.js';
import { getPetition, registerPetition, searchPetitions, takeStep, type StepRequest } from './petition.service.js';

/** Anyone who registers or handles petitions reads them (scoped by the service). */
function reader(req: Parameters<typeof currentUser>[0]): CurrentUser {
  const user = currentUser(req);
  if (!user.permissions.includes('petition.register') && !user.permissions.includes('petition.handle'))
    throw new ForbiddenError();
  return user;
}

const STEPS = {
  accept: {
    path: 'accept',
    body: AcceptRequest,
    summary: '受理：记录受理日期，办结期限自次日起算60日（遇休息日顺延）',
  },
  not_accept: { path: 'not-accept', body: NotAcceptRequest, summary: '不予受理：写明理由，事项随之办结' },
  extend: {
    path: 'extend',
    body: ExtendRequest,
    summary: '延期：1–30天，写明理由；只能一次，须在办结期限届满前，仅限办理中的事项',
  },
  reply: {
    path: 'reply',
    body: ReplyRequest,
    summary: '答复：承办单位（有办理权限）或登记机关录入处理意见；晚于办结期限的为超期办结',
  },
  close: { path: 'close', body: CloseRequest, summary: '记录信访人满意度并办结' },
  assign: { path: 'assign', body: AssignRequest, summary: '改派承办单位（待受理或办理中）' },
} as const;

/**
 * The petitions register (docs/petitions.md): list with filters and counts, register, detail
 * with history, and the steps. Routes check the permission; the service scopes every petition by
 * its assigned unit (and the registerer), checks the status machine and the version. The daily
 * escalation runs with the app (petition.escalation.ts).
 */
export async function petitionRoutes(app: App, { db }: RouteContext): Promise<void> {
  const escalation = startDailyEscalation(db, (e) => app.log.error(e, 'petition escalation failed'));
  app.addHook('onReady', escalation.ready);
  app.addHook('onClose', async () => escalation.stop());

  app.get(
    '/petitions',
    {
      schema: {
        tags: ['petitions'],
        summary: '信访事项列表：本辖区承办的及本人登记的，含期限状态（剩余/超期天数）及总数、超期、已升级件数',
        querystring: ListQuery,
      },
    },
    async (req) => searchPetitions(db, reader(req), req.query),
  );
  app.post(
    '/petitions',
    {
      schema: {
        tags: ['petitions'],
        summary: '登记信访事项：编号按县和收到年份顺排（如 2026-0001），受理期限自收到次日起算15日',
        body: RegisterRequest,
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await registerPetition(db, requirePermission(req, 'petition.register'), actorOf(req), req.body)),
  );
  app.get(
    '/petitions/:id',
    { schema: { tags: ['petitions'], summary: '信访事项详情及办理记录（查看记入审计）', params: IdParams } },
    async (req) => getPetition(db, reader(req), actorOf(req), req.params.id),
  );
  for (const [step, s] of Object.entries(STEPS) as Array<[StepRequest['step'], (typeof STEPS)[keyof typeof STEPS]]>) {
    app.post(
      `/petitions/:id/${s.path}`,
      { schema: { tags: ['petitions'], summary: s.summary, params: IdParams, body: s.body } },
      async (req) => takeStep(db, reader(req), actorOf(req), req.params.id, { step, req: req.body } as StepRequest),
    );
  }
}
