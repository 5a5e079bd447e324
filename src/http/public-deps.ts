import { type PublicStore, publicStoreFor } from '../db/public-store.ts';
import type { AppDeps } from './env.ts';

/**
 * What the public capabilities (src/capabilities/public-*.ts, disclosure-notices.ts) need, from the
 * app's dependencies: `publicDeps(c.var.deps)` in a route or page handler.
 */
export function publicDeps(deps: AppDeps): { store: PublicStore; nowMs: () => number } {
  return { store: publicStoreFor(deps.store.client), nowMs: deps.nowMs };
}
