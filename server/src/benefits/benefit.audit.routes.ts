import type { App, RouteContext } from '../app.js';

/** Placeholder: filled in by the audit slice of issue 6 (docs/benefits.md). */
export async function benefitAuditRoutes(_app: App, _ctx: RouteContext): Promise<void> {}
