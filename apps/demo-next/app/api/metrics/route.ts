import { createFetchMetricsHandler } from '@obskit/middleware';
import { metrics } from '@/lib/metrics';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
export const GET = createFetchMetricsHandler({ metrics });
