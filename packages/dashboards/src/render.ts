import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { ObskitError } from '@obskit/catalog';

/** Stable code of a dashboard that cannot be rendered (no uid, or a uid used twice). */
export const RENDER_CODE = 'OBSKIT_DASHBOARD_RENDER';

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
 * @throws ObskitError `OBSKIT_DASHBOARD_RENDER` when a dashboard has no uid or two share one
 */
export function renderDashboards(models: readonly dashboard.Dashboard[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const model of models) {
    if (!model.uid)
      throw new ObskitError(RENDER_CODE, `Invalid dashboard "${model.title ?? ''}": it has no uid`);
    if (model.uid in out)
      throw new ObskitError(RENDER_CODE, `Duplicate dashboard uid "${model.uid}": uids must be unique`);
    out[model.uid] = renderDashboard(model);
  }
  return out;
}
