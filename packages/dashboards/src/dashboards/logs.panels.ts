import * as common from '@grafana/grafana-foundation-sdk/common';
import * as logs from '@grafana/grafana-foundation-sdk/logs';
import * as loki from '@grafana/grafana-foundation-sdk/loki';
import { TARGET_LABELS } from '@obskit/catalog';
import { LOKI_DATASOURCE_UID } from '../config.js';
import type { PanelBuilder } from '../internal/panels.js';

/** The provisioned Loki datasource. */
export const LOKI_REF: common.DataSourceRef = { type: 'loki', uid: LOKI_DATASOURCE_UID };

/**
 * Stream label of a service's logs: `service_name`, which Loki 3 derives from the OpenTelemetry
 * resource attribute `service.name` — the service's name, which is its `job` in Prometheus.
 */
export const LOG_SERVICE_LABEL = 'service_name';

const [JOB] = TARGET_LABELS;

/**
 * The selected services' log lines, newest first, with log details open: the provisioned Loki
 * datasource's `trace_id` derived field turns a line's trace id into a link to the trace.
 */
export function serviceLogsPanel(): PanelBuilder {
  // `.+` next to `$job`: Loki refuses a selector whose matchers all match the empty string, as `$job`
  // does when "All" (`.*`) is selected.
  const expr = `{${LOG_SERVICE_LABEL}=~"$${JOB}", ${LOG_SERVICE_LABEL}=~".+"}`;
  return new logs.PanelBuilder()
    .title('Service logs')
    .description(
      `Log lines of the selected services (Loki stream label ${LOG_SERVICE_LABEL} = job), newest first. Open a line's details: its trace_id links to the trace.`,
    )
    .datasource(LOKI_REF)
    .gridPos({ x: 0, y: 0, w: 24, h: 12 })
    .withTarget(new loki.DataqueryBuilder().datasource(LOKI_REF).refId('A').expr(expr).maxLines(500))
    .showTime(true)
    .wrapLogMessage(true)
    .enableLogDetails(true)
    .prettifyLogMessage(false)
    .showCommonLabels(false)
    .showLabels(false)
    .sortOrder(common.LogsSortOrder.Descending)
    .dedupStrategy(common.LogsDedupStrategy.None);
}
