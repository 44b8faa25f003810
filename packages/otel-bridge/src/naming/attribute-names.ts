import type { LabelName } from '@obskit/catalog';
import { toPrometheusLabelName } from './prometheus-name.js';

/**
 * The OTel attribute keys of the catalog labels that are semantic-convention attributes in
 * Prometheus form (`gen_ai.provider.name` → `gen_ai_provider_name`,
 * https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-metrics/). Every other catalog label is
 * obskit's own and is its own attribute key (`queue`, `outcome`, `gen_ai_rate_limit_resource`).
 */
const SEMCONV_ATTRIBUTES: readonly string[] = [
  'gen_ai.operation.name',
  'gen_ai.provider.name',
  'gen_ai.request.model',
  'gen_ai.response.model',
  'gen_ai.token.type',
  'gen_ai.agent.name',
  'gen_ai.tool.name',
  'gen_ai.workflow.name',
  'mcp.method.name',
  'error.type',
  'http.request.method',
  'http.route',
  'http.response.status_code',
  'server.address',
  'db.system.name',
  'db.operation.name',
  'db.collection.name',
  'db.client.connection.pool.name',
  'db.client.connection.state',
];

const ATTRIBUTE_OF_LABEL = new Map<string, string>(
  SEMCONV_ATTRIBUTES.map((key) => [toPrometheusLabelName(key), key]),
);

/**
 * The OTel attribute key that the bridge turns into the Prometheus label `label`: the inverse of
 * {@link toPrometheusLabelName} on the catalog's labels.
 *
 * @example otelAttributeOf('gen_ai_provider_name') // 'gen_ai.provider.name'
 * @example otelAttributeOf('queue') // 'queue'
 */
export function otelAttributeOf(label: LabelName | string): string {
  return ATTRIBUTE_OF_LABEL.get(label) ?? label;
}
