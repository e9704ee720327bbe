import { z } from 'zod';
import type { Permission } from '../accounts/permissions.js';
import type { App, RouteContext } from '../app.js';
import { actorOf, currentUser } from '../http/context.js';
import { Population } from '../indicators/indicator.schemas.js';
import { ForbiddenError } from '../lib/errors.js';
import { HealthKindSchema } from './health.schemas.js';
import { listTargets } from './health.targets.js';

/** Who may see target groups: whoever reads health services (no findings are shown here). */
const READERS: Permission[] = ['health.read', 'health.record', 'health.findings'];

const TargetQuery = z.object({
  kind: HealthKindSchema.describe('服务项目：目标人群按登记库计算（见 docs/health.md“目标人群与覆盖率”）'),
  unitId: z.string().trim().min(1, '请选择单位（unitId）').max(20).describe('单位代码（本辖区内的县、乡镇或村）'),
  year: z.coerce
    .number('年份（year）应为数字')
    .int('年份（year）应为整数')
    .min(2000, '年份（year）不能早于2000年')
    .max(2100, '年份（year）不正确')
    .describe('年份'),
  covered: z
    .enum(['false', 'true', 'all'], '是否已检（covered）应为 false、true 或 all')
    .default('false')
    .describe('false 应检未检的人（默认，供村里动员），true 已检的人，all 全部目标人群'),
  population: Population,
  cycleYears: z.coerce
    .number('筛查周期（cycleYears）应为数字')
    .int('筛查周期（cycleYears）应为整数')
    .min(1, '筛查周期（cycleYears）为1至5年')
    .max(5, '筛查周期（cycleYears）为1至5年')
    .optional()
    .describe('妇女筛查的周期（年）：不填按当年是否接受筛查，填3则看截至年末的3年内'),
  page: z.coerce.number().int().min(1).default(1).describe('页码，从1开始'),
  pageSize: z.coerce.number().int().min(1).max(200).default(50).describe('每页条数，最多200'),
});

/** GET /api/health/targets: a screening's target group in a unit and who of it has not come (issue 7). */
export async function healthTargetRoutes(app: App, { db }: RouteContext): Promise<void> {
  app.get(
    '/health/targets',
    {
      schema: {
        tags: ['health'],
        summary: '某项服务在单位某年的目标人群（按登记库计算）、已检人数和应检未检名单（限本辖区，记入审计）',
        querystring: TargetQuery,
      },
    },
    async (req) => {
      const user = currentUser(req);
      if (!READERS.some((p) => user.permissions.includes(p))) throw new ForbiddenError();
      return listTargets(db, user, actorOf(req), req.query);
    },
  );
}
