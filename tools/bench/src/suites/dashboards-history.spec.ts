import { METRICS } from '@obskit/catalog';
import { extraHistoryMetrics } from './dashboards-history';

describe('extraHistoryMetrics', () => {
  const exprs = [
    'sum(rate(obskit_task_dead_letters_total{queue=~"$queue"}[$__rate_interval]))',
    'histogram_quantile(0.95, sum by (le) (rate(mcp_client_operation_duration_seconds_bucket{mcp_method_name="tools/call"}[5m])))',
    'sum(rate(obskit_agent_operations_total[5m]))',
  ];

  it('adds the catalog metrics the queries read, except those the workload models', () => {
    const extra = extraHistoryMetrics(exprs, [METRICS.agent.operations]);
    expect(extra.map((e) => e.metric.name).sort()).toEqual([
      'mcp_client_operation_duration_seconds',
      'obskit_task_dead_letters_total',
    ]);
  });

  it('gives each label values the panels filter on', () => {
    const [mcp] = extraHistoryMetrics([exprs[1]], []);
    expect(mcp.labels['mcp_method_name']).toContain('tools/call');
    expect(mcp.metric.buckets).toEqual(METRICS.mcp.clientOperationDuration.buckets);
  });
});
