import type { App, RouteContext } from '../app.js';

/** The yearly cycle of a benefit program (docs/benefits.md): candidates generated from the registry. */
export async function benefitCycleRoutes(_app: App, _ctx: RouteContext): Promise<void> {}
