import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardsConfig } from '../config.js';
import { assembleDashboard, LABEL_VARIABLES } from '../internal/layout.js';
import { alertsRow } from './alerts.panels.js';
import * as rules from './rules.panels.js';
import * as panels from './task-orchestration.panels.js';

/** Task Orchestration: queue depth, throughput by state, wait vs run time, dependencies, retries, dead letters. */
export function buildTaskOrchestrationDashboard(config: DashboardsConfig): dashboard.Dashboard {
  return assembleDashboard(
    {
      key: 'taskOrchestration',
      title: 'Task Orchestration',
      description:
        'Task queues: depth, throughput by state, wait and run time, dependency waits, retries and dead letters.',
      tags: ['tasks'],
      variables: [LABEL_VARIABLES.queue],
      rows: [
        ...[alertsRow('taskOrchestration', config) ?? []].flat(),
        {
          title: 'Now',
          panels: [
            panels.queuedNowPanel(),
            panels.runningNowPanel(),
            panels.failureRatioPanel(),
            panels.deadLettersTotalPanel(),
          ],
        },
        {
          title: 'Queues and throughput',
          panels: [
            panels.queueDepthPanel(),
            rules.queueForecastPanel(config),
            panels.throughputByStatePanel(),
            panels.waitVsRunPanel(),
            panels.dependencyWaitPanel(),
          ],
        },
        {
          title: 'Failures',
          panels: [panels.outcomesPanel(), panels.retriesPanel(), panels.deadLettersPanel()],
        },
      ],
    },
    config,
  );
}
