import type { App, RouteContext } from '../app.js';

/** The sex-selection cases routes (issue 7): filled in by the cases module. */
export async function caseRoutes(_app: App, _ctx: RouteContext): Promise<void> {}
