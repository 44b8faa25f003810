/**
 * Every code @obskit/dashboards' errors carry: the config check, the renderers, the v2 conversion
 * and the lint. {@link DashboardsError} carries one of them; the config check and the lint throw an
 * `ObskitValidationError` of @obskit/catalog listing every problem.
 */
export const DASHBOARDS_CODES = {
  /** `resolveDashboardsConfig`: an invalid `DashboardsConfig`, one problem each. */
  invalidConfig: 'OBSKIT_INVALID_DASHBOARDS_CONFIG',
  /** `renderDashboards`: a dashboard without a uid, or two that share one. */
  render: 'OBSKIT_DASHBOARD_RENDER',
  /** `toDashboardV2`: a model without a uid, or one that holds something v2 has no place for. */
  v2Convert: 'OBSKIT_DASHBOARD_V2_CONVERT',
  /** `assertDashboardsLint`: a dashboard breaks a lint rule. */
  lint: 'OBSKIT_DASHBOARD_LINT',
} as const;

/** One of {@link DASHBOARDS_CODES}. */
export type DashboardsCode = (typeof DASHBOARDS_CODES)[keyof typeof DASHBOARDS_CODES];
