import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardsConfig } from '../config.js';
import { assembleDashboard, LABEL_VARIABLES } from '../internal/layout.js';
import { alertsRow } from './alerts.panels.js';
import * as panels from './business-metrics.panels.js';

/** Business Metrics: sessions, feature usage, cost per operation, efficiency, period over period. */
export function buildBusinessMetricsDashboard(config: DashboardsConfig): dashboard.Dashboard {
  return assembleDashboard(
    {
      key: 'businessMetrics',
      title: 'Business Metrics',
      description:
        'Product view: sessions, feature usage, cost per operation, efficiency and this period against the last.',
      tags: ['business'],
      variables: [LABEL_VARIABLES.feature],
      rows: [
        ...[alertsRow('businessMetrics', config) ?? []].flat(),
        {
          title: 'In range',
          panels: [
            panels.activeSessionsPanel(),
            panels.sessionsStartedPanel(),
            panels.costPerOperationStatPanel(),
            panels.operationsPerDollarPanel(),
          ],
        },
        {
          title: 'Sessions and features',
          panels: [
            panels.sessionsPanel(),
            panels.sessionDurationPanel(),
            panels.featureUsagePanel(),
            panels.topFeaturesPanel(),
          ],
        },
        {
          title: 'Business operations',
          panels: [panels.businessOperationsPanel(), panels.businessSuccessRatioPanel()],
        },
        {
          title: 'Cost and efficiency',
          panels: [panels.costPerOperationPanel(), panels.tokensPerOperationPanel()],
        },
        {
          title: 'Period over period',
          panels: [
            panels.periodOverPeriodPanel(config),
            panels.spendOverPeriodPanel(config),
            panels.experimentConversionPanel(),
          ],
        },
      ],
    },
    config,
  );
}
