import type { App, RouteContext } from '../app.js';

/** The dispensing machines routes (issue 7): filled in by the dispensers module. */
export async function dispenserRoutes(_app: App, _ctx: RouteContext): Promise<void> {}
