import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardsConfig } from '../config.js';
import { assembleDashboard } from '../internal/layout.js';
import { buildSloViews, type SloView } from '../internal/slos.js';
import { alertsRow } from './alerts.panels.js';
import * as panels from './executive-summary.panels.js';
import * as rules from './rules.panels.js';
import { drillDownLink } from '../internal/links.js';

/** Executive Summary: availability, spend, volume and error budget for non-engineers. */
export function buildExecutiveSummaryDashboard(config: DashboardsConfig): dashboard.Dashboard {
  const slos = buildSloViews(config);
  const headline = slos.find((slo) => slo.key === 'agent-availability') ?? (slos[0] as SloView | undefined);
  return assembleDashboard(
    {
      key: 'executiveSummary',
      title: 'Executive Summary',
      description:
        'Four numbers for the selected time range: availability, spend, volume and error budget left.',
      tags: ['executive'],
      variables: [],
      rows: [
        {
          title: 'At a glance',
          // Without SLOs there is no availability or budget to show.
          panels: headline
            ? [
                panels.availabilityPanel(headline),
                panels.spendPanel(),
                panels.volumePanel(),
                panels.budgetPanel(headline),
              ]
            : [panels.spendPanel(), panels.volumePanel()],
        },
        { title: 'Trends', panels: [panels.spendTrendPanel(), panels.volumeTrendPanel()] },
        { title: 'Budget', panels: [rules.budgetUsedPanel(config), rules.spendVsBudgetPanel(config)] },
        ...[
          alertsRow('executiveSummary', config, [
            drillDownLink('aiAgentOverview', 'AI Agent Overview: the agents and their alerts'),
          ]) ?? [],
        ].flat(),
      ],
    },
    config,
  );
}
