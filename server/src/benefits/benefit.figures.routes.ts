import type { App, RouteContext } from '../app.js';
import type { Permission } from '../accounts/permissions.js';
import { actorOf, currentUser } from '../http/context.js';
import { ForbiddenError } from '../lib/errors.js';
import { FiguresQuery } from './benefit.figures.schemas.js';
import { benefitFigures } from './benefit.figures.service.js';

/** Who reads the figures: the people who pay, approve, review or manage benefits, and the funds auditor. */
const READERS: readonly Permission[] = [
  'benefit.audit',
  'benefit.pay',
  'benefit.approve',
  'benefit.review',
  'benefit.manage',
];

/** Benefit figures per township and program (docs/benefits-figures.md). */
export async function benefitFigureRoutes(app: App, { db }: RouteContext): Promise<void> {
  app.get(
    '/benefits/figures',
    {
      schema: {
        tags: ['benefits'],
        summary:
          '按乡镇和项目的发放情况：领取人数、发放成功/失败/待回盘笔数、应发与实发金额（分）、兑现准确率、资金到位率、及时发放率（限本辖区，记入审计）',
        querystring: FiguresQuery,
      },
    },
    async (req) => {
      const user = currentUser(req);
      if (!READERS.some((p) => user.permissions.includes(p))) throw new ForbiddenError();
      return benefitFigures(db, user, actorOf(req), req.query);
    },
  );
}
