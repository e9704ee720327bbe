import type { App, RouteContext } from '../app.js';

/** GET /api/health/targets: a screening's target group in a unit and who of it has not come (issue 7). */
export async function healthTargetRoutes(_app: App, _ctx: RouteContext): Promise<void> {}
