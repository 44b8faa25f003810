import type * as common from '@grafana/grafana-foundation-sdk/common';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as v2 from '@grafana/grafana-foundation-sdk/dashboardv2beta1';
import { DASHBOARDS_CODES } from '../codes.js';
import { DashboardsError } from '../errors.js';

/** Stable code of a dashboard model the v2 conversion cannot carry over without losing something. */
export const V2_CONVERT_CODE = DASHBOARDS_CODES.v2Convert;

/**
 * A dashboard as the Kubernetes-style resource Grafana 12's dashboard API and on-prem file
 * provisioning read: `dashboard.grafana.app/v2beta1`, kind `Dashboard`, `metadata.name` = the uid.
 * https://grafana.com/docs/grafana/latest/observability-as-code/schema-v2/
 */
export interface DashboardV2Resource {
  readonly apiVersion: typeof v2.DashboardApiVersion;
  readonly kind: typeof v2.DashboardKind;
  readonly metadata: { readonly name: string };
  readonly spec: v2.Dashboard;
}

// Grafana's default refresh picker intervals (the v1 model leaves them to Grafana; v2 lists them).
const AUTO_REFRESH_INTERVALS = ['5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h', '2h', '1d'];

const CURSOR_SYNC: Record<number, v2.DashboardCursorSync> = {
  0: v2.DashboardCursorSync.Off,
  1: v2.DashboardCursorSync.Crosshair,
  2: v2.DashboardCursorSync.Tooltip,
};
const VARIABLE_REFRESH: Record<number, v2.VariableRefresh> = {
  0: v2.VariableRefresh.Never,
  1: v2.VariableRefresh.OnDashboardLoad,
  2: v2.VariableRefresh.OnTimeRangeChanged,
};
const VARIABLE_SORT: Record<number, v2.VariableSort> = {
  0: v2.VariableSort.Disabled,
  1: v2.VariableSort.AlphabeticalAsc,
  2: v2.VariableSort.AlphabeticalDesc,
  3: v2.VariableSort.NumericalAsc,
  4: v2.VariableSort.NumericalDesc,
  5: v2.VariableSort.AlphabeticalCaseInsensitiveAsc,
  6: v2.VariableSort.AlphabeticalCaseInsensitiveDesc,
  7: v2.VariableSort.NaturalAsc,
  8: v2.VariableSort.NaturalDesc,
};
const VARIABLE_HIDE: Record<number, v2.VariableHide> = {
  0: v2.VariableHide.DontHide,
  1: v2.VariableHide.HideLabel,
  2: v2.VariableHide.HideVariable,
};

/** Panel keys the conversion carries over; any other key is an error, never a silent loss. */
const PANEL_KEYS = new Set([
  'type',
  'id',
  'title',
  'description',
  'transparent',
  'datasource',
  'gridPos',
  'links',
  'targets',
  'transformations',
  'interval',
  'maxDataPoints',
  'timeFrom',
  'timeShift',
  'hideTimeOverride',
  'options',
  'fieldConfig',
  // Without `repeat`, Grafana ignores the direction: nothing to carry over.
  'repeatDirection',
]);

function fail(model: dashboard.Dashboard, message: string): never {
  throw new DashboardsError(
    V2_CONVERT_CODE,
    `Invalid dashboard "${model.uid ?? model.title ?? ''}": ${message}`,
  );
}

/** A v1 datasource reference as v2's `DataQueryKind` head: plugin id as group, uid as name. */
function dataQuery(ref: common.DataSourceRef | undefined, spec: Record<string, unknown>): v2.DataQueryKind {
  return {
    kind: 'DataQuery',
    group: ref?.type ?? 'prometheus',
    version: 'v0',
    ...(ref?.uid !== undefined ? { datasource: { name: ref.uid } } : {}),
    spec,
  };
}

function panelQuery(target: Record<string, unknown>, fallback?: common.DataSourceRef): v2.PanelQueryKind {
  const { refId, datasource, hide, ...spec } = target;
  return {
    kind: 'PanelQuery',
    spec: {
      refId: String(refId),
      hidden: hide === true,
      query: dataQuery((datasource as common.DataSourceRef | undefined) ?? fallback, spec),
    },
  };
}

function queryOptions(panel: dashboard.Panel): v2.QueryOptionsSpec {
  return {
    ...(panel.interval !== undefined ? { interval: panel.interval } : {}),
    ...(panel.maxDataPoints !== undefined ? { maxDataPoints: panel.maxDataPoints } : {}),
    ...(panel.timeFrom !== undefined ? { timeFrom: panel.timeFrom } : {}),
    ...(panel.timeShift !== undefined ? { timeShift: panel.timeShift } : {}),
    ...(panel.hideTimeOverride !== undefined ? { hideTimeOverride: panel.hideTimeOverride } : {}),
  };
}

/** One v1 panel as a v2 `Panel` element: its queries, transformations, options and field config. */
export function panelElement(model: dashboard.Dashboard, panel: dashboard.Panel): v2.PanelKind {
  const unknown = Object.keys(panel).filter((key) => !PANEL_KEYS.has(key));
  if (unknown.length > 0)
    fail(
      model,
      `panel "${panel.title ?? ''}" has keys the v2 conversion does not carry: ${unknown.join(', ')}`,
    );
  return {
    kind: 'Panel',
    spec: {
      id: panel.id ?? 0,
      title: panel.title ?? '',
      // Required by Grafana 12's v2beta1 schema, optional in 13's.
      description: panel.description ?? '',
      links: (panel.links ?? []).map((link) => ({
        title: link.title,
        url: link.url ?? '',
        ...(link.targetBlank ? { targetBlank: true } : {}),
      })),
      data: {
        kind: 'QueryGroup',
        spec: {
          queries: (panel.targets ?? []).map((t) =>
            panelQuery(t as unknown as Record<string, unknown>, panel.datasource),
          ),
          transformations: (panel.transformations ?? []).map((t) => ({
            kind: t.id,
            spec: t as v2.DataTransformerConfig,
          })),
          queryOptions: queryOptions(panel),
        },
      },
      vizConfig: {
        kind: 'VizConfig',
        group: panel.type,
        // Empty: Grafana runs the panel's migrations as for a v1 panel without pluginVersion.
        version: '',
        spec: {
          options: panel.options ?? {},
          fieldConfig: {
            defaults: (panel.fieldConfig?.defaults ?? {}) as v2.FieldConfig,
            overrides: (panel.fieldConfig?.overrides ?? []) as v2.FieldConfigSource['overrides'],
          },
        },
      },
      ...(panel.transparent ? { transparent: true } : {}),
    },
  };
}

/** The element name of a panel: `panel-<id>`, as Grafana names converted panels. */
const elementName = (panel: { id?: number }): string => `panel-${panel.id ?? 0}`;

function gridItem(panel: dashboard.Panel, rowTop: number): v2.GridLayoutItemKind {
  const pos = panel.gridPos ?? { x: 0, y: 0, w: 12, h: 8 };
  return {
    kind: 'GridLayoutItem',
    spec: {
      x: pos.x,
      y: pos.y - rowTop,
      width: pos.w,
      height: pos.h,
      element: { kind: 'ElementReference', name: elementName(panel) },
    },
  };
}

/**
 * The v1 rows (row panels followed by the panels under them) as a v2 `RowsLayout`, each row a grid
 * with the panels' positions relative to the row; panels above the first row go into a row whose
 * header is hidden, as Grafana converts them.
 */
function rowsLayout(model: dashboard.Dashboard): v2.RowsLayoutKind {
  const rows: v2.RowsLayoutRowKind[] = [];
  let current: { spec: v2.RowsLayoutRowSpec; top: number; items: v2.GridLayoutItemKind[] } | undefined;
  const close = (): void => {
    if (current) rows.push({ kind: 'RowsLayoutRow', spec: { ...current.spec, layout: grid(current.items) } });
  };
  const grid = (items: v2.GridLayoutItemKind[]): v2.GridLayoutKind => ({
    kind: 'GridLayout',
    spec: { items },
  });
  for (const panel of model.panels ?? []) {
    if (panel.type === 'row') {
      const row = panel as dashboard.RowPanel;
      if (row.panels.length > 0) fail(model, `row "${row.title ?? ''}" is collapsed with panels inside`);
      close();
      const top = (row.gridPos?.y ?? 0) + (row.gridPos?.h ?? 1);
      current = {
        spec: { title: row.title ?? '', collapse: row.collapsed, layout: grid([]) },
        top,
        items: [],
      };
      continue;
    }
    current ??= {
      spec: { title: '', collapse: false, hideHeader: true, layout: grid([]) },
      top: 0,
      items: [],
    };
    current.items.push(gridItem(panel as dashboard.Panel, current.top));
  }
  close();
  return { kind: 'RowsLayout', spec: { rows } };
}

function variableOption(option: dashboard.VariableOption | undefined): v2.VariableOption {
  return option ? { ...option } : { text: '', value: '' };
}

function variable(model: dashboard.Dashboard, v: dashboard.VariableModel): v2.VariableKind {
  const shared = {
    name: v.name,
    ...(v.label !== undefined ? { label: v.label } : {}),
    ...(v.description !== undefined ? { description: v.description } : {}),
    hide: VARIABLE_HIDE[Number(v.hide ?? 0)] ?? v2.VariableHide.DontHide,
    skipUrlSync: v.skipUrlSync ?? false,
    current: variableOption(v.current),
    options: (v.options ?? []).map(variableOption),
  };
  const choice = {
    multi: v.multi ?? false,
    includeAll: v.includeAll ?? false,
    ...(v.allValue !== undefined ? { allValue: v.allValue } : {}),
    allowCustomValue: v.allowCustomValue ?? true,
  };
  switch (v.type) {
    case 'datasource':
      return {
        kind: 'DatasourceVariable',
        spec: {
          ...shared,
          ...choice,
          pluginId: String(v.query ?? ''),
          refresh: v2.VariableRefresh.OnDashboardLoad,
          regex: v.regex ?? '',
        },
      };
    case 'query':
      return {
        kind: 'QueryVariable',
        spec: {
          ...shared,
          ...choice,
          query: dataQuery(
            v.datasource,
            typeof v.query === 'object' ? { ...v.query } : { query: v.query ?? '' },
          ),
          ...(v.definition !== undefined ? { definition: v.definition } : {}),
          refresh: VARIABLE_REFRESH[Number(v.refresh ?? 1)] ?? v2.VariableRefresh.OnDashboardLoad,
          sort: VARIABLE_SORT[Number(v.sort ?? 0)] ?? v2.VariableSort.Disabled,
          regex: v.regex ?? '',
        },
      };
    default:
      return fail(
        model,
        `variable "${v.name}" is of type "${String(v.type)}", which the v2 conversion does not carry`,
      );
  }
}

function link(l: dashboard.DashboardLink): v2.DashboardLink {
  return {
    title: l.title,
    type: l.type === 'link' ? v2.DashboardLinkType.Link : v2.DashboardLinkType.Dashboards,
    icon: l.icon,
    tooltip: l.tooltip,
    ...(l.url !== undefined ? { url: l.url } : {}),
    tags: [...l.tags],
    asDropdown: l.asDropdown,
    targetBlank: l.targetBlank,
    includeVars: l.includeVars,
    keepTime: l.keepTime,
    ...(l.placement !== undefined ? { placement: v2.DashboardLinkPlacement.InControlsMenu } : {}),
  };
}

/**
 * Converts one built dashboard (the v1 JSON model the builders return) into Grafana's v2beta1
 * dashboard resource: panels become `elements` (`panel-<id>`), rows a `RowsLayout` of grids,
 * variables and links their v2 kinds, time and refresh `timeSettings`. The same definitions feed both
 * schemas: nothing is written twice.
 * @throws DashboardsError `OBSKIT_DASHBOARD_V2_CONVERT` when the model has no uid or holds something the
 * conversion does not carry (an unknown panel key, a collapsed row with panels, an unknown variable type)
 */
export function toDashboardV2(model: dashboard.Dashboard): DashboardV2Resource {
  if (!model.uid) fail(model, 'it has no uid');
  if ((model.annotations?.list ?? []).length > 0) fail(model, 'annotations are not carried to v2 yet');
  const elements: Record<string, v2.Element> = {};
  for (const panel of model.panels ?? []) {
    if (panel.type !== 'row') elements[elementName(panel)] = panelElement(model, panel as dashboard.Panel);
  }
  const spec: v2.Dashboard = {
    title: model.title ?? '',
    ...(model.description !== undefined ? { description: model.description } : {}),
    tags: [...(model.tags ?? [])],
    editable: model.editable ?? true,
    cursorSync: CURSOR_SYNC[Number(model.graphTooltip ?? 0)] ?? v2.DashboardCursorSync.Off,
    preload: false,
    ...(model.liveNow !== undefined ? { liveNow: model.liveNow } : {}),
    annotations: [],
    links: (model.links ?? []).map(link),
    variables: (model.templating?.list ?? []).map((v) => variable(model, v)),
    elements,
    layout: rowsLayout(model),
    timeSettings: {
      ...(model.timezone !== undefined ? { timezone: model.timezone } : {}),
      from: model.time?.from ?? 'now-6h',
      to: model.time?.to ?? 'now',
      autoRefresh: model.refresh ?? '',
      autoRefreshIntervals: [...AUTO_REFRESH_INTERVALS],
      hideTimepicker: false,
      fiscalYearStartMonth: model.fiscalYearStartMonth ?? 0,
    },
  };
  return {
    apiVersion: v2.DashboardApiVersion,
    kind: v2.DashboardKind,
    metadata: { name: model.uid as string },
    spec,
  };
}
