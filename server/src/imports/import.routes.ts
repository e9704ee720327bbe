import type { App, RouteContext } from '../app.js';

/** Bulk import of people, households and events (issue 3). */
export async function importRoutes(_app: App, _ctx: RouteContext): Promise<void> {}
