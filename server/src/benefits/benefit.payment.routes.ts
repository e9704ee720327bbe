import type { App, RouteContext } from '../app.js';

/** Placeholder: filled in by the payment slice of issue 6 (docs/benefits.md). */
export async function benefitPaymentRoutes(_app: App, _ctx: RouteContext): Promise<void> {}
