import type { App, RouteContext } from '../app.js';

/** The family care routes (issue 7): filled in by the care module. */
export async function careRoutes(_app: App, _ctx: RouteContext): Promise<void> {}
