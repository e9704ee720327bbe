import type { App, RouteContext } from '../app.js';

/** The petitions routes (issue 7): filled in by the petitions module. */
export async function petitionRoutes(_app: App, _ctx: RouteContext): Promise<void> {}
