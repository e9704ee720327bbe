import type { App, RouteContext } from '../app.js';

export async function qualityRoutes(_app: App, _ctx: RouteContext): Promise<void> {
  // Placeholder until this domain's routes are written.
}
