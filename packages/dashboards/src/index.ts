export { DASHBOARDS_CODES } from './codes.js';
export type { DashboardsCode } from './codes.js';
export { DashboardsError } from './errors.js';
export {
  ALERTMANAGER_DATASOURCE_UID,
  DASHBOARD_UIDS,
  DEFAULT_BURN_RATE_TIERS,
  DEFAULT_DASHBOARD_SLOS,
  DEFAULT_DASHBOARDS_CONFIG,
  EXEMPLAR_TRACE_ID_DESTINATIONS,
  EXEMPLAR_TRACE_ID_LABEL,
  GRAFANA_INTERVALS,
  LOKI_DATASOURCE_UID,
  PROMETHEUS_DATASOURCE_UID,
  TEMPO_DATASOURCE_UID,
} from './config.js';
export type {
  BurnRateTier,
  DashboardKey,
  DashboardSloInput,
  DashboardsConfig,
  DashboardsConfigInput,
  DashboardUid,
} from './config.js';
export {
  INVALID_DASHBOARDS_CONFIG,
  DASHBOARD_PACKS,
  buildDashboards,
  dashboardsFor,
  dashboardLintOptions,
  resolveDashboardsConfig,
} from './build.js';
export {
  DASHBOARD_SCHEMAS,
  RENDER_CODE,
  renderDashboard,
  renderDashboardV2,
  renderDashboards,
  renderDashboardsAs,
} from './render.js';
export type { DashboardSchema } from './render.js';
export { V2_CONVERT_CODE, toDashboardV2 } from './v2/convert.js';
export type { DashboardV2Resource } from './v2/convert.js';
export { dashboardAlertNames } from './internal/alerts.js';
export { listPanelQueries, listPanels, toLiveQuery } from './queries/panel-queries.js';
export type { LiveQueryOptions, PanelQuery } from './queries/panel-queries.js';
export { LINT_CODE, LINT_RULES, assertDashboardsLint, lintDashboard, lintDashboards } from './lint/rules.js';
export type { LintOptions, LintProblem, LintRule } from './lint/rules.js';
export { buildAiAgentOverviewDashboard } from './dashboards/ai-agent-overview.dashboard.js';
export { buildTaskOrchestrationDashboard } from './dashboards/task-orchestration.dashboard.js';
export { buildSystemHealthDashboard } from './dashboards/system-health.dashboard.js';
export { buildBusinessMetricsDashboard } from './dashboards/business-metrics.dashboard.js';
export { buildSlosDashboard } from './dashboards/slos.dashboard.js';
export { buildExecutiveSummaryDashboard } from './dashboards/executive-summary.dashboard.js';
