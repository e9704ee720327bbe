import type { App, RouteContext } from '../app.js';

/** Record linkage of feeds to the registry (docs/linkage.md): runs, review of uncertain pairs, differences, tasks. */
export async function linkageRoutes(_app: App, _ctx: RouteContext): Promise<void> {}
