import { ALL_METRICS, LABELS, type LabelName, type MetricDef } from '@obskit/catalog';

/** Values the synthetic target gives each label: every value of a closed set, a few of an open one. */
function valuesOf(label: LabelName): readonly string[] {
  const bound = LABELS[label].bound;
  if (bound.kind === 'enum') return bound.values;
  if (bound.kind === 'allowList')
    return bound.defaults && bound.defaults.length > 0 ? bound.defaults : ['a', 'b'];
  if (label === 'http_route') return ['/orders/:id', '__unmatched__'];
  if (label === 'http_response_status_code') return ['200', '500', '404'];
  return ['x_total'];
}

const labelText = (labels: readonly (readonly [string, string])[]): string =>
  labels.length === 0 ? '' : `{${labels.map(([k, v]) => `${k}="${v}"`).join(',')}}`;

function exposeMetric(metric: MetricDef, scrape: number, nowSeconds: number): string[] {
  const width = Math.max(1, ...metric.labels.map((label) => valuesOf(label).length));
  const lines = [`# HELP ${metric.name} ${metric.help}`, `# TYPE ${metric.name} ${metric.type}`];
  // Token types are crossed with every row (rather than zipped), so that panels dividing one token
  // type by another (the prompt cache hit ratio) find both sides under the same provider and model.
  const crossed = metric.labels.includes('gen_ai_token_type') ? valuesOf('gen_ai_token_type') : [undefined];
  const rows: (readonly (readonly [string, string])[])[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < width; i++) {
    for (const tokenType of crossed) {
      const labels = metric.labels.map((label) => {
        const values = valuesOf(label);
        return [
          label,
          label === 'gen_ai_token_type' && tokenType ? tokenType : values[i % values.length],
        ] as const;
      });
      const key = labelText(labels);
      if (!seen.has(key)) {
        seen.add(key);
        rows.push(labels);
      }
    }
  }
  rows.forEach((labels, i) => {
    if (metric.type === 'counter') lines.push(`${metric.name}${labelText(labels)} ${scrape * (i + 1)}`);
    else if (metric.type === 'gauge') {
      const value = metric.name.endsWith('_timestamp_seconds') ? nowSeconds - 60 : (i + 1) / 10;
      lines.push(`${metric.name}${labelText(labels)} ${value}`);
    } else if (metric.type === 'histogram') {
      const count = scrape * (i + 1);
      const buckets = metric.buckets ?? [];
      buckets.forEach((le, j) => {
        const cumulative = Math.floor((count * (j + 1)) / (buckets.length + 1));
        lines.push(`${metric.name}_bucket${labelText([...labels, ['le', String(le)]])} ${cumulative}`);
      });
      lines.push(`${metric.name}_bucket${labelText([...labels, ['le', '+Inf']])} ${count}`);
      lines.push(`${metric.name}_sum${labelText(labels)} ${count * 0.25}`);
      lines.push(`${metric.name}_count${labelText(labels)} ${count}`);
    }
  });
  return lines;
}

/**
 * A Prometheus exposition with every series of the catalog that a target exposes (not the ones
 * Prometheus makes itself), each counter and histogram growing with `scrape`. Test data for checking
 * that every dashboard query selects series that can exist; the e2e runs the same check against the
 * real demo app.
 */
export function catalogExposition(scrape: number, nowSeconds: number): string {
  return `${ALL_METRICS.filter((m) => m.source !== 'prometheus')
    .flatMap((m) => exposeMetric(m, scrape, nowSeconds))
    .join('\n')}\n`;
}
