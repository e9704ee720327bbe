import type { App, RouteContext } from '../app.js';

/** Placeholder: filled in by the workflow slice of issue 6 (docs/benefits.md). */
export async function benefitWorkflowRoutes(_app: App, _ctx: RouteContext): Promise<void> {}
