import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardsConfig } from '../config.js';
import { assembleDashboard } from '../internal/layout.js';
import { buildSloViews } from '../internal/slos.js';
import { alertsRow } from './alerts.panels.js';
import * as panels from './slos.panels.js';

/** SLOs: per objective its SLI, error budget left and burn rate per alert tier. */
export function buildSlosDashboard(config: DashboardsConfig): dashboard.Dashboard {
  return assembleDashboard(
    {
      key: 'slos',
      title: 'SLOs',
      description:
        'Service level objectives of the config, read from the SLO recording rules the burn-rate alerts use: objective, SLI, error budget left, burn rate per alert tier and SLI vs objective.',
      tags: ['slo'],
      variables: [],
      rows: [
        ...[alertsRow('slos', config) ?? []].flat(),
        ...buildSloViews(config).map((slo) => ({
          title: slo.title,
          panels: [
            panels.objectivePanel(slo),
            panels.sliPanel(slo),
            panels.errorBudgetPanel(slo),
            panels.burnRatePanel(slo, config),
            panels.sliVsObjectivePanel(slo, config),
          ],
        })),
      ],
    },
    config,
  );
}
