import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardsConfig } from '../config.js';
import { assembleDashboard } from '../internal/layout.js';
import { buildSloViews } from '../internal/slos.js';
import * as panels from './slos.panels.js';

/** SLOs: per objective its SLI, error budget left and burn rate per alert tier. */
export function buildSlosDashboard(config: DashboardsConfig): dashboard.Dashboard {
  return assembleDashboard(
    {
      key: 'slos',
      title: 'SLOs',
      description: `Service level objectives over ${config.sloPeriod}: SLI, error budget left and burn rate per alert tier.`,
      tags: ['slo'],
      variables: [],
      rows: buildSloViews(config).map((slo) => ({
        title: slo.title,
        panels: [
          panels.objectivePanel(slo),
          panels.sliPanel(slo),
          panels.errorBudgetPanel(slo, config),
          panels.burnRatePanel(slo, config),
        ],
      })),
    },
    config,
  );
}
