import { getOrCreateMetrics } from '@obskit/metrics-core';

// one instance per process that survives `next dev` hot reloads (kept on globalThis)
export const metrics = getOrCreateMetrics({});
