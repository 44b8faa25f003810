import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { replaceGrafanaVariables } from '@obskit/promql';

/** One PromQL query of one panel, as the e2e and the checks see it. */
export interface PanelQuery {
  readonly dashboardUid: string;
  readonly dashboardTitle: string;
  readonly panelId: number;
  readonly panelTitle: string;
  readonly panelType: string;
  readonly refId: string;
  /** The expression with its Grafana variables, as stored in the dashboard. */
  readonly expr: string;
  readonly instant: boolean;
  readonly exemplar: boolean;
  /** The expression looks back with `offset`, so it has data only once that much history exists. */
  readonly usesOffset: boolean;
}

interface PromTarget {
  refId?: string;
  datasource?: { type?: string };
  expr?: string;
  instant?: boolean;
  exemplar?: boolean;
}

/** Every panel of a dashboard, rows' nested panels included, rows themselves left out. */
export function listPanels(model: dashboard.Dashboard): dashboard.Panel[] {
  const out: dashboard.Panel[] = [];
  for (const panel of model.panels ?? []) {
    if (panel.type === 'row') out.push(...((panel as dashboard.RowPanel).panels ?? []));
    else out.push(panel as dashboard.Panel);
  }
  return out;
}

/**
 * Lists every panel query of the given dashboards with its dashboard uid, panel title and refId, in
 * dashboard and panel order.
 */
export function listPanelQueries(models: readonly dashboard.Dashboard[]): PanelQuery[] {
  const out: PanelQuery[] = [];
  for (const model of models) {
    for (const panel of listPanels(model)) {
      for (const raw of (panel.targets ?? []) as unknown as PromTarget[]) {
        // PromQL only: a Loki target (the logs panel) holds LogQL.
        if (typeof raw.expr !== 'string' || (raw.datasource?.type ?? 'prometheus') !== 'prometheus') continue;
        out.push({
          dashboardUid: model.uid ?? '',
          dashboardTitle: model.title ?? '',
          panelId: panel.id ?? 0,
          panelTitle: panel.title ?? '',
          panelType: panel.type,
          refId: raw.refId ?? '',
          expr: raw.expr,
          instant: raw.instant === true,
          exemplar: raw.exemplar === true,
          usesOffset: /\boffset\s/.test(raw.expr),
        });
      }
    }
  }
  return out;
}

/** What {@link toLiveQuery} puts in place of Grafana's variables. */
export interface LiveQueryOptions {
  /** `$__rate_interval`. @defaultValue `'1m'` */
  readonly rateInterval?: string;
  /** `$__interval`. @defaultValue `'15s'` */
  readonly interval?: string;
  /** `$__range`. @defaultValue `'1h'` */
  readonly range?: string;
  /** Values of other variables (`job`, `agent`, …), used inside regex matchers. @defaultValue `'.+'` for job and instance, `'.*'` for the rest */
  readonly variables?: Readonly<Record<string, string>>;
  /** Remove `offset <duration>` modifiers, so period-over-period queries can be checked on fresh data. @defaultValue `false` */
  readonly dropOffsets?: boolean;
}

const BUILTINS = (o: LiveQueryOptions): Record<string, string> => {
  const range = o.range ?? '1h';
  return {
    __rate_interval: o.rateInterval ?? '1m',
    __interval: o.interval ?? '15s',
    __range: range,
  };
};

/**
 * Replaces Grafana's variables in a panel query so that it runs as plain PromQL against a live
 * Prometheus: `$__rate_interval` → `1m`, `$__interval` → `15s`, `$__range` → `1h`, `$job` and
 * `$instance` → `.+`, any other variable → `.*` (the dashboards' "All").
 * @example toLiveQuery('sum(rate(up{job=~"$job"}[$__rate_interval]))') // 'sum(rate(up{job=~".+"}[1m]))'
 */
export function toLiveQuery(expr: string, options: LiveQueryOptions = {}): string {
  const builtins = BUILTINS(options);
  const values: Record<string, string> = { job: '.+', instance: '.+', ...options.variables };
  let out = replaceGrafanaVariables(expr, (name) =>
    name in builtins ? builtins[name] : (values[name] ?? '.*'),
  );
  // A whole (compound) duration: `offset 1w`, `offset 1d12h`, `offset -30m`.
  if (options.dropOffsets) out = out.replace(/\s+offset\s+-?(?:[0-9]+(?:ms|s|m|h|d|w|y))+/g, '');
  return out;
}
