import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as table from '@grafana/grafana-foundation-sdk/table';
import type { DashboardKey, DashboardsConfig } from '../config.js';
import { alertsSelector, dashboardAlertNames } from '../internal/alerts.js';
import type { RowSpec } from '../internal/layout.js';
import {
  PROMETHEUS_VARIABLE_REF,
  statPanel,
  type DataLinkSpec,
  type PanelBuilder,
} from '../internal/panels.js';

/*
 * What the alerting rules know, on the dashboard that covers them: Prometheus' `ALERTS` series (one
 * per pending or firing alert) of the dashboard's alert names. While nothing fires `ALERTS` has no
 * series: the counts say 0 (`or vector(0)`, green) rather than "No data", which reads as a broken
 * panel, and the list says so in words (`noValue`).
 */

const STATE_COLOR = { firing: 'red', pending: 'orange' } as const;

/** Alerts of `names` in `state` right now, 0 when none. */
export function alertCountPanel(
  names: readonly string[],
  state: 'firing' | 'pending',
  links: readonly DataLinkSpec[] = [],
): PanelBuilder {
  return statPanel({
    title: state === 'firing' ? 'Alerts firing' : 'Alerts pending',
    description:
      state === 'firing'
        ? `Alerts of this dashboard firing now (Prometheus' ALERTS series, alertstate="firing"): ${names.join(', ')}.`
        : `Alerts of this dashboard whose condition holds but not yet for their whole \`for\` (ALERTS, alertstate="pending"): they fire if it keeps holding.`,
    unit: 'short',
    width: 4,
    height: 6,
    thresholds: [
      { value: null, color: 'green' },
      { value: 1, color: STATE_COLOR[state] },
    ],
    queries: [{ expr: `count(${alertsSelector(names, state)}) or vector(0)`, instant: true }],
    links,
  });
}

/** One row per pending or firing alert of `names`, with its labels. */
export function alertListPanel(names: readonly string[], links: readonly DataLinkSpec[] = []): PanelBuilder {
  const builder = new table.PanelBuilder()
    .title('Firing and pending alerts')
    .description(
      `Every alert of this dashboard that is pending or firing now, with its labels (Prometheus' ALERTS series): ${names.join(', ')}. Their runbooks are in the deployment's runbooks/ directory.`,
    )
    .unit('short')
    .noValue('No alert of this dashboard is pending or firing')
    .datasource(PROMETHEUS_VARIABLE_REF)
    .gridPos({ x: 0, y: 0, w: 16, h: 6 })
    .withTarget(
      // An instant query in table format: one row per alert, one column per label.
      new prometheus.DataqueryBuilder()
        .datasource(PROMETHEUS_VARIABLE_REF)
        .refId('A')
        .expr(alertsSelector(names))
        .legendFormat('__auto')
        .instant()
        .format(prometheus.PromQueryFormat.Table),
    )
    .withTransformation({
      id: 'organize',
      options: {
        excludeByName: { Time: true, Value: true, __name__: true },
        indexByName: { alertname: 0, alertstate: 1, severity: 2, job: 3 },
      },
    })
    .cellHeight(common.TableCellHeight.Sm);
  // A data link is `{ title, url }` in Grafana's field config; the SDK types it as a dashboard link.
  if (links.length)
    builder.dataLinks(
      links.map((link) => ({
        build: () => ({ title: link.title, url: link.url }) as dashboard.DashboardLink,
      })),
    );
  return builder;
}

/** The alerts row of dashboard `key`: firing and pending counts, and the list; `links` on each. */
export function alertsRow(
  key: DashboardKey,
  config: DashboardsConfig,
  links: readonly DataLinkSpec[] = [],
): RowSpec | undefined {
  const names = dashboardAlertNames(config)[key];
  if (names.length === 0) return undefined;
  return {
    title: 'Alerts',
    panels: [
      alertCountPanel(names, 'firing', links),
      alertCountPanel(names, 'pending', links),
      alertListPanel(names, links),
    ],
  };
}
