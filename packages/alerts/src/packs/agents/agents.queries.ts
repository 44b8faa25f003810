import { METRICS } from '@obskit/catalog';
import { selector, sum } from '@obskit/promql';
import type { withScope } from '../../internal/helpers.js';

const { agent } = METRICS;

const HEADROOM_BY = [
  'job',
  'gen_ai_provider_name',
  'gen_ai_request_model',
  'gen_ai_rate_limit_resource',
] as const;

/**
 * Rate-limit headroom per provider, model and resource: remaining / quota, each summed with its
 * matchers (the rule's scope, or none in the runbook).
 */
export function rateLimitHeadroom(
  remaining: ReturnType<typeof withScope<typeof agent.rateLimitRemaining>>,
  quota: ReturnType<typeof withScope<typeof agent.rateLimitQuota>>,
): string {
  return `${sum(selector(agent.rateLimitRemaining, { matchers: remaining }), { by: HEADROOM_BY })} / ${sum(
    selector(agent.rateLimitQuota, { matchers: quota }),
    { by: HEADROOM_BY },
  )}`;
}
