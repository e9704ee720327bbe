import type { App, RouteContext } from '../app.js';

export async function annualReportRoutes(_app: App, _ctx: RouteContext): Promise<void> {
  // Placeholder until this domain's routes are written.
}
