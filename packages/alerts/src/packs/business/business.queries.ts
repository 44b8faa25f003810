import { METRICS, type Duration } from '@obskit/catalog';
import { rate, sum } from '@obskit/promql';
import type { AlertsConfig } from '../../config.js';
import { withScope } from '../../internal/helpers.js';

const { business } = METRICS;

/** Sessions started per second over the slow window, per job, `offset` ago if given. */
export function sessionsRate(config: AlertsConfig, offset?: Duration): string {
  return sum(
    rate(business.sessionsStarted, config.windows.slow, {
      matchers: withScope(config, business.sessionsStarted),
      offset,
    }),
    { by: ['job'] },
  );
}
