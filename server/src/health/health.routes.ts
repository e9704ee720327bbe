import type { App, RouteContext } from '../app.js';

/** The health services routes (issue 7): filled in by the health module. */
export async function healthRoutes(_app: App, _ctx: RouteContext): Promise<void> {}
