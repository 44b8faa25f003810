import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as gauge from '@grafana/grafana-foundation-sdk/gauge';
import * as heatmap from '@grafana/grafana-foundation-sdk/heatmap';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** The datasource every panel and query uses: the dashboard's `datasource` variable. */
export const PROMETHEUS_VARIABLE_REF: common.DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

/** One PromQL query of a panel. */
export interface QuerySpec {
  readonly expr: string;
  /** Legend template, e.g. `{{gen_ai_provider_name}}`. */
  readonly legend?: string;
  /** Evaluate once at the end of the range (stat, gauge, table panels). */
  readonly instant?: boolean;
  readonly format?: 'table' | 'heatmap';
  /** Ask Prometheus for exemplars (latency panels), which link to Tempo. */
  readonly exemplar?: boolean;
}

/** What every panel states: title, description, unit, queries and size on the 24-column grid. */
export interface PanelSpec {
  readonly title: string;
  readonly description: string;
  /** Grafana unit id, e.g. `s`, `reqps`, `percentunit`, `currencyUSD`. */
  readonly unit: string;
  readonly queries: readonly QuerySpec[];
  /** Width in grid columns. @defaultValue 8 */
  readonly width?: number;
  /** Height in grid rows. @defaultValue 8 */
  readonly height?: number;
  /** Threshold steps; a first step with value `null` sets the base colour, else the base is green. */
  readonly thresholds?: readonly { readonly value: number | null; readonly color: string }[];
  readonly min?: number;
  readonly max?: number;
  /** Lower limit of the query step, e.g. `5m` for queries over long fixed windows. */
  readonly minInterval?: string;
  /** Data links on the panel's series, e.g. a drill-down to a detail dashboard (see `drillDownLink`). */
  readonly links?: readonly DataLinkSpec[];
}

/** A data link of a panel's series: the menu entry a click on a series or value offers. */
export interface DataLinkSpec {
  readonly title: string;
  /** URL with Grafana's data link variables (`${__url_time_range}`, `${__field.labels.<label>}`, `${var:queryparam}`). */
  readonly url: string;
}

/** The builder of any panel. */
export type PanelBuilder = cog.Builder<dashboard.Panel>;

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function target(query: QuerySpec, index: number): prometheus.DataqueryBuilder {
  const builder = new prometheus.DataqueryBuilder()
    .datasource(PROMETHEUS_VARIABLE_REF)
    .refId(REF_IDS[index])
    .expr(query.expr)
    .legendFormat(query.legend ?? '__auto');
  if (query.instant) builder.instant();
  else builder.range();
  if (query.format === 'table') builder.format(prometheus.PromQueryFormat.Table);
  if (query.format === 'heatmap') builder.format(prometheus.PromQueryFormat.Heatmap);
  if (query.exemplar) builder.exemplar(true);
  return builder;
}

/** The methods the generated panel builders share. */
interface CommonPanelBuilder extends PanelBuilder {
  title(title: string): this;
  description(description: string): this;
  unit(unit: string): this;
  datasource(datasource: common.DataSourceRef): this;
  gridPos(gridPos: dashboard.GridPos): this;
  withTarget(target: cog.Builder<cog.Dataquery>): this;
  thresholds(thresholds: cog.Builder<dashboard.ThresholdsConfig>): this;
  min(min: number): this;
  max(max: number): this;
  interval(interval: string): this;
  dataLinks(links: cog.Builder<dashboard.DashboardLink>[]): this;
}

function applyCommon<B extends CommonPanelBuilder>(builder: B, spec: PanelSpec): B {
  builder
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .datasource(PROMETHEUS_VARIABLE_REF)
    // x = y = 0 lets DashboardBuilder flow the panel after the previous one.
    .gridPos({ x: 0, y: 0, w: spec.width ?? 8, h: spec.height ?? 8 });
  spec.queries.forEach((query, index) => builder.withTarget(target(query, index)));
  if (spec.thresholds) {
    builder.thresholds(
      new dashboard.ThresholdsConfigBuilder()
        .mode(dashboard.ThresholdsMode.Absolute)
        .steps([
          ...(spec.thresholds[0]?.value === null ? [] : [{ value: null, color: 'green' }]),
          ...spec.thresholds.map((step) => ({ value: step.value, color: step.color })),
        ]),
    );
  }
  if (spec.min !== undefined) builder.min(spec.min);
  if (spec.max !== undefined) builder.max(spec.max);
  if (spec.minInterval !== undefined) builder.interval(spec.minInterval);
  // A data link is `{ title, url }` in Grafana's field config; the SDK types it as a dashboard link.
  if (spec.links?.length)
    builder.dataLinks(
      spec.links.map((link) => ({
        build: () => ({ title: link.title, url: link.url }) as dashboard.DashboardLink,
      })),
    );
  return builder;
}

const legendBelow = (): common.VizLegendOptionsBuilder =>
  new common.VizLegendOptionsBuilder()
    .showLegend(true)
    .displayMode(common.LegendDisplayMode.List)
    .placement(common.LegendPlacement.Bottom);

const lastValue = (): common.ReduceDataOptionsBuilder =>
  new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false);

/** A time series panel with a legend below and a shared tooltip. */
export function timeseriesPanel(spec: PanelSpec): timeseries.PanelBuilder {
  return applyCommon(new timeseries.PanelBuilder(), spec)
    .legend(legendBelow())
    .tooltip(
      new common.VizTooltipOptionsBuilder()
        .mode(common.TooltipDisplayMode.Multi)
        .sort(common.SortOrder.Descending),
    )
    .lineWidth(1)
    .fillOpacity(10)
    .showPoints(common.VisibilityMode.Never);
}

/**
 * A single-value stat panel. Its queries are instant unless they say `instant: false`; with a range
 * query the stat shows a sparkline.
 */
export function statPanel(spec: PanelSpec): stat.PanelBuilder {
  const queries = spec.queries.map((query) => ({ instant: true, ...query }));
  const sparkline = queries.some((query) => !query.instant);
  return applyCommon(new stat.PanelBuilder(), { width: 6, height: 4, ...spec, queries })
    .reduceOptions(lastValue())
    .graphMode(sparkline ? common.BigValueGraphMode.Area : common.BigValueGraphMode.None)
    .colorMode(common.BigValueColorMode.Value);
}

/** A gauge panel showing the last value against its thresholds. */
export function gaugePanel(spec: PanelSpec): gauge.PanelBuilder {
  return applyCommon(new gauge.PanelBuilder(), { width: 6, height: 6, ...spec })
    .reduceOptions(lastValue())
    .showThresholdMarkers(true);
}

/** A horizontal bar gauge, one bar per series. */
export function barGaugePanel(spec: PanelSpec): bargauge.PanelBuilder {
  return applyCommon(new bargauge.PanelBuilder(), spec)
    .reduceOptions(lastValue())
    .orientation(common.VizOrientation.Horizontal)
    .displayMode(common.BarGaugeDisplayMode.Gradient);
}

/**
 * A table of instant queries in table format, joined on their labels by the `merge`
 * transformation, one column per query.
 */
export function tablePanel(spec: PanelSpec, columns: Readonly<Record<string, string>>): table.PanelBuilder {
  const renameByName: Record<string, string> = {};
  spec.queries.forEach((_query, index) => {
    renameByName[`Value #${REF_IDS[index]}`] = columns[REF_IDS[index]] ?? REF_IDS[index];
  });
  return applyCommon(new table.PanelBuilder(), spec)
    .withTransformation({ id: 'merge', options: {} })
    .withTransformation({ id: 'organize', options: { excludeByName: { Time: true }, renameByName } })
    .cellHeight(common.TableCellHeight.Sm);
}

/** A heatmap of a Prometheus histogram's buckets, with exemplars. */
export function heatmapPanel(spec: PanelSpec): heatmap.PanelBuilder {
  return applyCommon(new heatmap.PanelBuilder(), spec)
    .calculate(false)
    .yAxis(new heatmap.YAxisConfigBuilder().unit(spec.unit))
    .cellGap(1)
    .showLegend()
    .rowsFrame(new heatmap.RowsHeatmapOptionsBuilder().layout(common.HeatmapCellLayout.Le))
    .exemplarsColor('rgba(255,0,255,0.7)');
}
