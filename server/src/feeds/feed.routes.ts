import type { App, RouteContext } from '../app.js';

/** Departments' feeds (docs/feeds.md): upload, department API, received batches and their records. */
export async function feedRoutes(_app: App, _ctx: RouteContext): Promise<void> {}
