import type { Duration } from '@obskit/catalog';
import {
  defaultAlertsConfig,
  type AlertOverrides,
  type BurnRateTier as AlertBurnRateTier,
  type PackName,
  type SloSpec,
} from '@obskit/alerts';

/**
 * Datasource uids the kit provisions (see @obskit/provisioning). Dashboards reach Prometheus through
 * the `datasource` template variable, whose default is {@link PROMETHEUS_DATASOURCE_UID}.
 */
export const PROMETHEUS_DATASOURCE_UID = 'obskit-prometheus';
/** Uid of the provisioned Alertmanager datasource. */
export const ALERTMANAGER_DATASOURCE_UID = 'obskit-alertmanager';
/** Uid of the provisioned Tempo datasource; exemplars on latency panels link to it. */
export const TEMPO_DATASOURCE_UID = 'obskit-tempo';
/** Uid of the provisioned Loki datasource. */
export const LOKI_DATASOURCE_UID = 'obskit-loki';

/**
 * Exemplar label that carries the trace id (the OpenTelemetry / OpenMetrics convention). The
 * Prometheus datasource maps it to Tempo with {@link EXEMPLAR_TRACE_ID_DESTINATIONS}.
 */
export const EXEMPLAR_TRACE_ID_LABEL = 'trace_id';

/**
 * `jsonData.exemplarTraceIdDestinations` of the provisioned Prometheus datasource: an exemplar's
 * `trace_id` opens the trace in Tempo.
 * https://grafana.com/docs/grafana/latest/datasources/prometheus/configure/#exemplars
 */
export const EXEMPLAR_TRACE_ID_DESTINATIONS: readonly {
  readonly name: string;
  readonly datasourceUid: string;
}[] = [{ name: EXEMPLAR_TRACE_ID_LABEL, datasourceUid: TEMPO_DATASOURCE_UID }];

/** Stable kebab-case uids of the dashboards, by handle. */
export const DASHBOARD_UIDS = {
  aiAgentOverview: 'obskit-ai-agent-overview',
  taskOrchestration: 'obskit-task-orchestration',
  systemHealth: 'obskit-system-health',
  businessMetrics: 'obskit-business-metrics',
  slos: 'obskit-slos',
  executiveSummary: 'obskit-executive-summary',
} as const;

/** Handle of one dashboard of the kit. */
export type DashboardKey = keyof typeof DASHBOARD_UIDS;
/** Uid of one dashboard of the kit. */
export type DashboardUid = (typeof DASHBOARD_UIDS)[DashboardKey];

/**
 * The alert packs each dashboard shows: it applies to a deployment when one of its services has one
 * of them (the SLOs dashboard: when SLOs are configured); its alert panels list the alerts of these
 * packs (`host`, which belongs to no service, for System Health's Host row).
 */
export const DASHBOARD_PACKS: Readonly<Record<DashboardKey, readonly PackName[]>> = {
  aiAgentOverview: ['agents', 'anomalies'],
  taskOrchestration: ['tasks', 'jobs'],
  systemHealth: ['http', 'runtime', 'scrape', 'db', 'jobs', 'host'],
  businessMetrics: ['business'],
  slos: [],
  executiveSummary: ['agents', 'business'],
};

/** Grafana's `$__rate_interval` and friends, the windows the lint rules accept in range selectors. */
export const GRAFANA_INTERVALS = {
  rate: '$__rate_interval',
  interval: '$__interval',
  range: '$__range',
} as const;

/**
 * One burn-rate tier of a multiwindow, multi-burn-rate SLO alert (Google SRE workbook, chapter 5), as
 * the SLO dashboard shows it: the windows of @obskit/alerts' `BurnRateTier`, its `factor` as
 * `burnRate`, and a display name in place of its severity and `burn_window`.
 */
export interface BurnRateTier extends Pick<AlertBurnRateTier, 'longWindow' | 'shortWindow'> {
  /** Legend name, e.g. `page-fast`. */
  readonly name: string;
  /** The tier's `factor`: how many times faster than sustainable the budget burns when it alerts. */
  readonly burnRate: AlertBurnRateTier['factor'];
}

const { slo } = defaultAlertsConfig;

/**
 * The burn-rate tiers of @obskit/alerts' SLO alerts (the four tiers of the SRE workbook for a 30-day
 * SLO), named `page-*` / `ticket-*` by severity, so dashboards show exactly what pages.
 */
export const DEFAULT_BURN_RATE_TIERS: readonly BurnRateTier[] = slo.tiers.map((tier, i, tiers) => {
  const kind = tier.severity === 'critical' ? 'page' : 'ticket';
  const sameKind = tiers.filter((t) => t.severity === tier.severity);
  const speed = sameKind.length > 1 ? (sameKind.indexOf(tier) === 0 ? '-fast' : '-slow') : '';
  return {
    name: `${kind}${speed}`,
    longWindow: tier.longWindow,
    shortWindow: tier.shortWindow,
    burnRate: tier.factor,
  };
});

/**
 * One SLO as the config lists it: @obskit/alerts' `SloSpec`, whose `service` may be left out for a
 * deployment without services (the default rule groups' SLOs, over every `job`).
 */
export type DashboardSloInput = Omit<SloSpec, 'service'> & { readonly service?: string };

/**
 * The SLOs of @obskit/alerts' default rule groups (`buildDefaultSlos`), at its default objectives and
 * agent latency threshold: what the dashboards show when no SLO list is given.
 */
export const DEFAULT_DASHBOARD_SLOS: readonly DashboardSloInput[] = [
  {
    name: 'agent-availability',
    sli: { kind: 'agent-availability' },
    objective: slo.objectives.agentAvailability,
  },
  {
    name: 'agent-latency',
    sli: { kind: 'agent-latency', thresholdSeconds: slo.agentLatencyThresholdSeconds },
    objective: slo.objectives.agentLatency,
  },
  {
    name: 'http-availability',
    sli: { kind: 'http-availability' },
    objective: slo.objectives.httpAvailability,
  },
];

/** Declarative input of {@link buildDashboards}. Every field has a default. */
export interface DashboardsConfig {
  /** Uid of the Prometheus datasource the `datasource` variable starts on. @defaultValue `'obskit-prometheus'` */
  readonly prometheusDatasourceUid: string;
  /** Tags added to every dashboard, before the dashboard's own. @defaultValue `['obskit']` */
  readonly tags: readonly string[];
  /** Default time range, as Grafana relative times. @defaultValue `{ from: 'now-6h', to: 'now' }` */
  readonly time: { readonly from: string; readonly to: string };
  /** Auto-refresh interval. @defaultValue `'30s'` */
  readonly refresh: string;
  /** Dashboard timezone (`browser`, `utc` or an IANA zone). @defaultValue `'browser'` */
  readonly timezone: string;
  /**
   * The SLOs the SLOs dashboard shows, as the config lists them (@obskit/alerts' `SloSpec`: name,
   * service, SLI kind, objective, window, route/agent selector); their panels read the SLO recording
   * rules @obskit/alerts writes for the same list. Empty: no SLO panels.
   * @defaultValue {@link DEFAULT_DASHBOARD_SLOS}, the SLOs of @obskit/alerts' default rule groups
   */
  readonly slos: readonly DashboardSloInput[];
  /**
   * Daily GenAI budget in USD that the spend panels compare with: one for all services or per service
   * (`job`). @defaultValue `defaultAlertsConfig.thresholds.costBudgetUsdPerDay`
   */
  readonly costBudgetUsdPerDay: number | Readonly<Record<string, number>>;
  /**
   * The per-alert overrides the rules are built with (@obskit/alerts' `AlertOverrides`, the config's
   * `alerts.overrides`): the threshold lines of the z-score and forecast panels follow them.
   * @defaultValue `{}`, the alerts' default thresholds
   */
  readonly alertOverrides: AlertOverrides;
  /**
   * The alert name prefix the rules are built with (@obskit/alerts' `AlertsConfig.prefix`): the alert
   * panels select `ALERTS{alertname=~"<prefix>…"}` and the descriptions name the alerts with it.
   * @defaultValue `defaultAlertsConfig.prefix` (`'Obskit'`)
   */
  readonly alertPrefix: string;
  /** Burn-rate tiers shown per SLO. @defaultValue {@link DEFAULT_BURN_RATE_TIERS} */
  readonly burnRateTiers: readonly BurnRateTier[];
  /** Offset of the period-over-period comparisons. @defaultValue `'1w'` */
  readonly comparisonOffset: Duration;
  /**
   * A Loki datasource is provisioned (uid {@link LOKI_DATASOURCE_UID}, with the `trace_id` derived field
   * that links a log line to its trace): System Health gets a Logs row with the services' logs
   * (`service_name` = the `job`). @defaultValue `false`
   */
  readonly lokiLogs: boolean;
}

/** The defaults of {@link DashboardsConfig}. */
export const DEFAULT_DASHBOARDS_CONFIG: DashboardsConfig = {
  prometheusDatasourceUid: PROMETHEUS_DATASOURCE_UID,
  tags: ['obskit'],
  time: { from: 'now-6h', to: 'now' },
  refresh: '30s',
  timezone: 'browser',
  slos: DEFAULT_DASHBOARD_SLOS,
  costBudgetUsdPerDay: defaultAlertsConfig.thresholds.costBudgetUsdPerDay,
  alertOverrides: {},
  alertPrefix: defaultAlertsConfig.prefix,
  burnRateTiers: DEFAULT_BURN_RATE_TIERS,
  comparisonOffset: '1w',
  lokiLogs: false,
};

/** A partial {@link DashboardsConfig}; `slos` unset means {@link DEFAULT_DASHBOARD_SLOS}. */
export type DashboardsConfigInput = Partial<DashboardsConfig>;
