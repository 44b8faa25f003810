import { reportFailure, type Reporter } from './safely.js';
import type { HeaderReader, WireFormat } from './wire.js';

/** Most responses whose headers wait for a scrape; past it they are recorded at once. */
const MAX_PENDING = 256;

/** Records one response's rate-limit headroom for the model the call asked for. */
export type RateLimitRecorder = (requestModel: string, headers: HeaderReader) => void;

/**
 * Records the rate-limit headroom of each response: its headers are kept (a reference, nothing is
 * parsed) and read into the headroom gauges when they are collected, in the order the responses
 * came, so a scrape sees what recording each call at once would show. Where the gauges are not read
 * at collection, each response is recorded at once.
 */
export function createRateLimitRecorder(
  reporter: Reporter,
  wire: WireFormat,
  provider: string,
): RateLimitRecorder {
  const { metrics } = reporter;
  const models: string[] = [];
  const pending: HeaderReader[] = [];
  let remove: (() => void) | undefined;

  const record = (requestModel: string, headers: HeaderReader): void => {
    try {
      for (const { resource, remaining, limit } of wire.rateLimits(headers)) {
        metrics.agents.recordRateLimit({ provider, requestModel, resource, remaining, limit });
      }
    } catch (error) {
      reportFailure(reporter, 'read rate-limit headers', error);
    }
  };
  const flush = (): void => {
    // removed first: an idle adapter keeps no callback on the gauges
    remove?.();
    remove = undefined;
    for (let i = 0; i < pending.length; i++) record(models[i] as string, pending[i] as HeaderReader);
    models.length = 0;
    pending.length = 0;
  };

  return (requestModel, headers) => {
    if (remove === undefined) {
      remove = metrics.agents.onRateLimitCollect(flush);
      if (remove === undefined) return record(requestModel, headers);
    }
    models.push(requestModel);
    pending.push(headers);
    if (pending.length >= MAX_PENDING) flush();
  };
}
