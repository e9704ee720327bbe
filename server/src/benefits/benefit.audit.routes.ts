import type { App, RouteContext } from '../app.js';
import { benefitFigureRoutes } from './benefit.figures.routes.js';

/** The funds auditor's read-only view and the benefit figures (docs/benefits-figures.md). */
export async function benefitAuditRoutes(app: App, ctx: RouteContext): Promise<void> {
  await benefitFigureRoutes(app, ctx);
}
