import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { METRICS, TARGET_LABELS, type LabelName, type MetricDef } from '@obskit/catalog';
import { DASHBOARD_UIDS, type DashboardKey, type DashboardsConfig } from '../config.js';
import type { PanelBuilder } from './panels.js';
import { PROMETHEUS_VARIABLE_REF } from './panels.js';
import { sel } from './query.js';

/** A template variable over the values of one label of one metric. */
export interface LabelVariable {
  readonly name: string;
  readonly title: string;
  readonly label: LabelName;
  readonly metric: MetricDef;
  readonly series?: '' | '_count';
}

/** Per-dashboard label variables; panels filter with `$name`. */
export const LABEL_VARIABLES = {
  agent: { name: 'agent', title: 'Agent', label: 'gen_ai_agent_name', metric: METRICS.agent.operations },
  provider: {
    name: 'provider',
    title: 'Provider',
    label: 'gen_ai_provider_name',
    metric: METRICS.genai.clientOperationDuration,
    series: '_count',
  },
  model: {
    name: 'model',
    title: 'Model',
    label: 'gen_ai_request_model',
    metric: METRICS.genai.clientOperationDuration,
    series: '_count',
  },
  route: {
    name: 'route',
    title: 'Route',
    label: 'http_route',
    metric: METRICS.http.serverRequestDuration,
    series: '_count',
  },
  queue: { name: 'queue', title: 'Queue', label: 'queue', metric: METRICS.task.queueDepth },
  feature: { name: 'feature', title: 'Feature', label: 'feature', metric: METRICS.business.featureUsage },
} as const satisfies Record<string, LabelVariable>;

/** `$agent`, `$provider`, …: the reference a matcher uses. */
export const V = Object.fromEntries(
  Object.entries(LABEL_VARIABLES).map(([key, variable]) => [key, `$${variable.name}`]),
) as { readonly [K in keyof typeof LABEL_VARIABLES]: string };

/** A dashboard row: a title and the panels below it. */
export interface RowSpec {
  readonly title: string;
  readonly panels: readonly PanelBuilder[];
}

/** The parts of one dashboard that differ from the shared defaults. */
export interface DashboardSpec {
  readonly key: DashboardKey;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly variables: readonly LabelVariable[];
  readonly rows: readonly RowSpec[];
}

const ALL: dashboard.VariableOption = { selected: true, text: 'All', value: '$__all' };

function queryVariable(name: string, title: string, query: string): dashboard.QueryVariableBuilder {
  return new dashboard.QueryVariableBuilder(name)
    .label(title)
    .datasource(PROMETHEUS_VARIABLE_REF)
    .query({ qryType: 1, query, refId: 'PrometheusVariableQueryEditor-VariableQuery' })
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current(ALL);
}

/** The variables every dashboard has: datasource, job, instance. */
function standardVariables(config: DashboardsConfig): cog.Builder<dashboard.VariableModel>[] {
  const [job, instance] = TARGET_LABELS;
  const up = METRICS.prometheus.up.name;
  return [
    new dashboard.DatasourceVariableBuilder('datasource').label('Data source').type('prometheus').current({
      selected: true,
      text: config.prometheusDatasourceUid,
      value: config.prometheusDatasourceUid,
    }),
    queryVariable(job, 'Job', `label_values(${up}, ${job})`),
    queryVariable(instance, 'Instance', `label_values(${up}{${job}=~"$${job}"}, ${instance})`),
  ];
}

function labelVariable(variable: LabelVariable): dashboard.QueryVariableBuilder {
  return queryVariable(
    variable.name,
    variable.title,
    `label_values(${sel(variable.metric, {}, variable.series ?? '')}, ${variable.label})`,
  );
}

/**
 * Builds one dashboard from its spec over the shared defaults: uid, tags, time range, refresh,
 * shared crosshair, the datasource/job/instance variables, links to the other obskit dashboards,
 * rows laid out on the 24-column grid and panel ids numbered from 1.
 */
export function assembleDashboard(spec: DashboardSpec, config: DashboardsConfig): dashboard.Dashboard {
  const builder = new dashboard.DashboardBuilder(spec.title)
    .uid(DASHBOARD_UIDS[spec.key])
    .description(spec.description)
    .tags([...config.tags, ...spec.tags])
    .time({ from: config.time.from, to: config.time.to })
    .refresh(config.refresh)
    .timezone(config.timezone)
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .readonly()
    .link(
      new dashboard.DashboardLinkBuilder('obskit dashboards')
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags([...config.tags])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    );
  for (const variable of standardVariables(config)) builder.withVariable(variable);
  for (const variable of spec.variables) builder.withVariable(labelVariable(variable));
  for (const row of spec.rows) {
    builder.withRow(new dashboard.RowBuilder(row.title).collapsed(false));
    for (const panel of row.panels) builder.withPanel(panel);
  }
  const model = builder.build();
  (model.panels ?? []).forEach((panel, index) => {
    panel.id = index + 1;
  });
  return model;
}
