import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { DASHBOARDS_CODES } from './codes.js';
import { DashboardsError } from './errors.js';
import { toDashboardV2, type DashboardV2Resource } from './v2/convert.js';

/** Stable code of a dashboard that cannot be rendered (no uid, or a uid used twice). */
export const RENDER_CODE = DASHBOARDS_CODES.render;

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** One dashboard as Grafana JSON: keys sorted at every level, 2-space indent, trailing newline. */
export function renderDashboard(model: dashboard.Dashboard): string {
  return `${JSON.stringify(sortKeys(model), null, 2)}\n`;
}

/**
 * Every dashboard as Grafana JSON keyed by uid, in the order given — what the provisioning package
 * writes to `<uid>.json` files.
 * @throws DashboardsError `OBSKIT_DASHBOARD_RENDER` when a dashboard has no uid or two share one
 */
export function renderDashboards(models: readonly dashboard.Dashboard[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const model of models) {
    if (!model.uid)
      throw new DashboardsError(RENDER_CODE, `Invalid dashboard "${model.title ?? ''}": it has no uid`);
    if (model.uid in out)
      throw new DashboardsError(RENDER_CODE, `Duplicate dashboard uid "${model.uid}": uids must be unique`);
    out[model.uid] = renderDashboard(model);
  }
  return out;
}

/**
 * The dashboard JSON schemas the kit renders: `v1`, the classic JSON model (schemaVersion 42) that
 * classic file provisioning reads, the default; `v2`, Grafana's v2beta1 dashboard resource (opt-in).
 */
export const DASHBOARD_SCHEMAS = ['v1', 'v2'] as const;
/** One of {@link DASHBOARD_SCHEMAS}. */
export type DashboardSchema = (typeof DASHBOARD_SCHEMAS)[number];

/** One dashboard as a v2beta1 resource ({@link toDashboardV2}), JSON with keys sorted like {@link renderDashboard}. */
export function renderDashboardV2(model: dashboard.Dashboard): string {
  return `${JSON.stringify(sortKeys(toDashboardV2(model) satisfies DashboardV2Resource), null, 2)}\n`;
}

/**
 * Every dashboard as JSON keyed by uid in the given schema: {@link renderDashboards} for `v1`, the
 * v2beta1 resources of {@link renderDashboardV2} for `v2`.
 * @throws DashboardsError `OBSKIT_DASHBOARD_RENDER` (no uid, duplicate uid) or `OBSKIT_DASHBOARD_V2_CONVERT`
 * @example renderDashboardsAs(buildDashboards(), 'v2')['obskit-slos']
 */
export function renderDashboardsAs(
  models: readonly dashboard.Dashboard[],
  schema: DashboardSchema = 'v1',
): Record<string, string> {
  const v1 = renderDashboards(models);
  if (schema === 'v1') return v1;
  const out: Record<string, string> = {};
  for (const model of models) out[model.uid as string] = renderDashboardV2(model);
  return out;
}
