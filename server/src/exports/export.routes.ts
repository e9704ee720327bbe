import type { App, RouteContext } from '../app.js';

/** Registry lists to XLSX and CSV (issue 3). */
export async function exportRoutes(_app: App, _ctx: RouteContext): Promise<void> {}
