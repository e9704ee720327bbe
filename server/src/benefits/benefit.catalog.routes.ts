import type { App, RouteContext } from '../app.js';

/** The benefit programs as the county keeps them (docs/benefits.md): list, read, change amounts. */
export async function benefitCatalogRoutes(_app: App, _ctx: RouteContext): Promise<void> {}
