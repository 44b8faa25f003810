import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardsConfig } from '../config.js';
import { assembleDashboard, LABEL_VARIABLES } from '../internal/layout.js';
import { alertsRow } from './alerts.panels.js';
import { hostPanels } from './host.panels.js';
import { diskForecastPanel } from './rules.panels.js';
import { serviceLogsPanel } from './logs.panels.js';
import * as panels from './system-health.panels.js';

/**
 * System Health: HTTP RED by route, database, background jobs, Node.js runtime, the hosts
 * (node_exporter: CPU, memory, disk, network, file descriptors), scrape health and, with a Loki
 * datasource (`lokiLogs`), the services' logs.
 */
export function buildSystemHealthDashboard(config: DashboardsConfig): dashboard.Dashboard {
  return assembleDashboard(
    {
      key: 'systemHealth',
      title: 'System Health',
      description:
        'The service under the agents: HTTP rate, errors and duration by route, database, jobs, Node.js runtime, the hosts and scraping.',
      tags: ['system'],
      variables: [LABEL_VARIABLES.route],
      rows: [
        ...[alertsRow('systemHealth', config) ?? []].flat(),
        {
          title: 'HTTP',
          panels: [
            panels.requestRatePanel(),
            panels.errorRatioPanel(),
            panels.requestDurationPanel(),
            panels.activeRequestsPanel(),
            panels.statusCodesPanel(),
          ],
        },
        {
          title: 'Database',
          panels: [
            panels.dbLatencyPanel(),
            panels.dbThroughputPanel(),
            panels.dbPoolPanel(),
            panels.dbErrorsPanel(),
          ],
        },
        {
          title: 'Background jobs',
          panels: [panels.jobRunsPanel(), panels.jobDurationPanel(), panels.jobLastSuccessPanel()],
        },
        {
          title: 'Node.js runtime',
          panels: [
            panels.eventLoopPanel(),
            panels.eventLoopUtilizationPanel(),
            panels.cpuPanel(),
            panels.memoryPanel(),
            panels.gcPanel(),
          ],
        },
        { title: 'Host', panels: [...hostPanels(), diskForecastPanel(config)] },
        {
          title: 'Scrape health',
          panels: [
            panels.targetsUpPanel(),
            panels.scrapeDurationPanel(),
            panels.instrumentationErrorsPanel(),
          ],
        },
        // With a Loki datasource: the services' logs, each line linked to its trace.
        ...(config.lokiLogs ? [{ title: 'Logs', panels: [serviceLogsPanel()] }] : []),
      ],
    },
    config,
  );
}
