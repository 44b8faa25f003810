import { TARGET_LABELS } from '@obskit/catalog';
import { DASHBOARD_UIDS, type DashboardKey } from '../config.js';
import { LABEL_VARIABLES } from './layout.js';
import type { DataLinkSpec } from './panels.js';

/**
 * What a drill-down carries from the clicked series to the target dashboard: one of the label
 * variables (`agent`, `provider`, `route`, …: `var-<name>` set to the series' label value) or `job`,
 * the service (its `job` label).
 */
export type CarriedLabel = keyof typeof LABEL_VARIABLES | 'job';

const [JOB, INSTANCE] = TARGET_LABELS;

function carried(label: CarriedLabel): { readonly variable: string; readonly label: string } {
  return label === 'job'
    ? { variable: JOB, label: JOB }
    : { variable: LABEL_VARIABLES[label].name, label: LABEL_VARIABLES[label].label };
}

/**
 * A data link to another obskit dashboard (or the same one, narrowed) that keeps the time range and
 * the datasource, job and instance selections, and sets each `carry` variable to the clicked series'
 * label value: `/d/<uid>?${__url_time_range}&${datasource:queryparam}&var-agent=${__field.labels.gen_ai_agent_name}…`.
 * The panel's series must keep those labels (`sum by (gen_ai_agent_name)`); a spec checks it.
 * https://grafana.com/docs/grafana/latest/panels-visualizations/configure-data-links/
 * @example drillDownLink('aiAgentOverview', 'AI Agent Overview of this agent', ['agent'])
 */
export function drillDownLink(
  target: DashboardKey,
  title: string,
  carry: readonly CarriedLabel[] = [],
): DataLinkSpec {
  const vars = carry.map(carried);
  const params = [
    '${__url_time_range}',
    '${datasource:queryparam}',
    // A carried job replaces the current job selection; the instance selection goes along as it is.
    ...(carry.includes('job') ? [] : [`\${${JOB}:queryparam}`]),
    `\${${INSTANCE}:queryparam}`,
    ...vars.map((v) => `var-${v.variable}=\${__field.labels.${v.label}}`),
  ];
  return { title, url: `/d/${DASHBOARD_UIDS[target]}?${params.join('&')}` };
}
