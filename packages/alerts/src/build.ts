import { ALERT_LABELS, SEVERITIES, throwIfProblems, type ValidationProblem } from '@obskit/catalog';
import { expressionProblems, isDuration, type KnownSeries } from '@obskit/promql';
import { ALERTS_CODES, type AlertsCode } from './codes.js';
import { defaultAlertsConfig, validateConfig, type AlertsConfig } from './config.js';
import { AlertsError } from './errors.js';
import type { AlertingRule, RecordingRule, RuleGroup, RuleGroupDefinition } from './model/types.js';
import { buildAgentAlerts } from './packs/agents/agents.alerts.js';
import { buildAnomalyAlerts } from './packs/anomaly/anomaly.alerts.js';
import { buildAnomalyRecordingRules } from './packs/anomaly/anomaly.rules.js';
import { buildBusinessAlerts } from './packs/business/business.alerts.js';
import { buildDbAlerts } from './packs/db/db.alerts.js';
import { buildHostAlerts } from './packs/host/host.alerts.js';
import { buildHostRecordingRules } from './packs/host/host.rules.js';
import { buildHttpAlerts } from './packs/http/http.alerts.js';
import { buildJobAlerts } from './packs/jobs/jobs.alerts.js';
import { buildRecordingRules } from './packs/recording.rules.js';
import { buildRuntimeAlerts } from './packs/runtime/runtime.alerts.js';
import { buildScrapeAlerts } from './packs/scrape/scrape.alerts.js';
import { buildTaskAlerts } from './packs/tasks/tasks.alerts.js';
import { buildSloRules, validateSlo, type SloDefinition } from './slo/slo.js';
import { buildDefaultSlos } from './slo/slos.js';
import { matcherValue, testTarget, withJob } from './internal/helpers.js';

/** The alert packs, by name; each renders to `<name>.rules.yml`. */
export const ALERT_PACKS = {
  agents: buildAgentAlerts,
  tasks: buildTaskAlerts,
  http: buildHttpAlerts,
  db: buildDbAlerts,
  jobs: buildJobAlerts,
  runtime: buildRuntimeAlerts,
  scrape: buildScrapeAlerts,
  business: buildBusinessAlerts,
  host: buildHostAlerts,
} as const;

/** Name of an alert pack. */
export type AlertPack = keyof typeof ALERT_PACKS | 'anomalies';

/** Options of {@link buildRuleGroups}. */
export interface BuildRuleGroupsOptions {
  /** Packs to include. @defaultValue all, plus `anomalies` */
  readonly packs?: readonly AlertPack[];
  /** SLOs to generate burn-rate rules for. @defaultValue {@link buildDefaultSlos}(config) */
  readonly slos?: readonly SloDefinition[];
}

/** The rule groups as typed definitions, before validation and rendering. */
export function buildRuleGroupDefinitions(
  config: AlertsConfig = defaultAlertsConfig,
  options: BuildRuleGroupsOptions = {},
): RuleGroupDefinition[] {
  const packs = options.packs ?? [...(Object.keys(ALERT_PACKS) as AlertPack[]), 'anomalies'];
  const interval = config.evaluationInterval;
  const groups: RuleGroupDefinition[] = [
    { name: 'obskit-recording', file: 'recording', interval, records: buildRecordingRules(config) },
  ];
  for (const pack of packs) {
    if (pack === 'anomalies') {
      // One group: signals, baselines, z-scores and alerts are evaluated in this order at every step.
      groups.push({
        name: 'obskit-anomalies',
        file: 'anomalies',
        interval,
        records: buildAnomalyRecordingRules(config),
        alerts: buildAnomalyAlerts(config),
      });
    } else {
      // The host group records the disk forecast its alert judges, for dashboards.
      const records = pack === 'host' ? { records: buildHostRecordingRules() } : {};
      groups.push({
        name: `obskit-${pack}`,
        file: pack,
        interval,
        ...records,
        alerts: ALERT_PACKS[pack](config),
      });
    }
  }
  for (const slo of options.slos ?? buildDefaultSlos(config)) {
    const { records, alerts } = buildSloRules(slo, config);
    groups.push({ name: `obskit-slo-${slo.name}`, file: 'slo', interval, records, alerts });
  }
  return groups;
}

/** Every recording rule of `groups` with its labels, for `checkExpression`'s `recordingRules`. */
export function recordingRuleSeries(groups: readonly RuleGroupDefinition[]): KnownSeries[] {
  const byName = new Map<string, Set<string>>();
  for (const g of groups) {
    for (const r of g.records ?? []) {
      const labels = byName.get(r.record) ?? new Set<string>();
      for (const l of [...r.outputLabels, ...Object.keys(r.labels ?? {})]) labels.add(l);
      byName.set(r.record, labels);
    }
  }
  return [...byName].map(([name, labels]) => ({ name, labels: [...labels] }));
}

const ALERT_NAME = /^[A-Z][A-Za-z0-9]*$/;
const RECORD_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_]+:[a-zA-Z0-9_]+$/;

/** Every problem of the definitions: names, severities, durations, expressions, runbook queries. */
export function validateRuleGroupDefinitions(
  groups: readonly RuleGroupDefinition[],
  config: AlertsConfig,
): ValidationProblem<AlertsCode>[] {
  const problems: ValidationProblem<AlertsCode>[] = [];
  const recordingRules = recordingRuleSeries(groups);
  const check = { recordingRules, grafanaVariables: false } as const;
  const seenAlerts = new Set<string>();
  const seenGroups = new Set<string>();
  for (const g of groups) {
    if (seenGroups.has(g.name)) {
      problems.push({
        code: ALERTS_CODES.duplicateRule,
        subject: `group "${g.name}"`,
        message: `Duplicate group name "${g.name}"`,
      });
    }
    seenGroups.add(g.name);
    for (const r of g.records ?? []) {
      const subject = `recording rule "${r.record}" in group "${g.name}"`;
      if (!RECORD_NAME.test(r.record)) {
        problems.push({
          code: ALERTS_CODES.recordName,
          subject,
          message: `Invalid recording rule name "${r.record}": must be level:metric:operations, matching ${RECORD_NAME}`,
        });
      }
      problems.push(...expressionProblems(r.expr, subject, check));
    }
    for (const a of g.alerts ?? []) {
      const alertname = `${config.prefix}${a.name}`;
      const subject = `alert "${alertname}" in group "${g.name}"`;
      if (!ALERT_NAME.test(a.name)) {
        problems.push({
          code: ALERTS_CODES.alertName,
          subject,
          message: `Invalid alert name "${a.name}": must be PascalCase, matching ${ALERT_NAME}`,
        });
      }
      // Per-service groups repeat an alert with the same static labels: rules of one group must differ.
      const key = `${g.name}\u0000${alertname}${JSON.stringify(a.labels ?? {})}`;
      if (seenAlerts.has(key)) {
        problems.push({
          code: ALERTS_CODES.duplicateRule,
          subject,
          message: `Duplicate alert "${alertname}": another rule has the same name and labels`,
        });
      }
      seenAlerts.add(key);
      if (!SEVERITIES.includes(a.severity)) {
        problems.push({
          code: ALERTS_CODES.severity,
          subject,
          message: `Invalid severity "${a.severity}": expected one of ${SEVERITIES.join(', ')}`,
        });
      }
      if (!isDuration(a.for)) {
        problems.push({
          code: ALERTS_CODES.duration,
          subject,
          message: `Invalid for duration "${a.for}": must be a Prometheus duration like 30s, 5m or 1h30m`,
        });
      }
      if (a.summary.includes('{{') || a.summary.trim() === '') {
        problems.push({
          code: ALERTS_CODES.annotation,
          subject,
          message: `Invalid summary "${a.summary}": must be one static sentence (no templates); put details in the description`,
        });
      }
      problems.push(...expressionProblems(a.expr, subject, check));
      for (const d of a.runbook.diagnosis) {
        problems.push(...expressionProblems(d.query, `${subject}, runbook query "${d.title}"`, check));
      }
    }
  }
  return problems;
}

/** Adds `runbook_url` to every alert from a pattern where `{alertname}` is replaced. */
export function withRunbookUrls(groups: readonly RuleGroup[], pattern: string): RuleGroup[] {
  return groups.map((g) => ({
    ...g,
    rules: g.rules.map((r) =>
      'alert' in r
        ? { ...r, annotations: { ...r.annotations, runbook_url: pattern.replace('{alertname}', r.alert) } }
        : r,
    ),
  }));
}

/** The labels test series of a group carry: the config's equality matchers, and always a `job`. */
export function testScope(config: AlertsConfig): Record<string, string> {
  const scope: Record<string, string> = Object.fromEntries(
    Object.entries(config.matchers).flatMap(([k, m]) => {
      const v = matcherValue(m);
      return v === undefined ? [] : [[k, v]];
    }),
  );
  return { ...scope, job: scope.job ?? testTarget(config).job };
}

/**
 * Validated, rendered-ready groups from definitions that each carry their own config (per-service
 * team and `job` scope); `runbookUrl` is the `runbook_url` pattern.
 * @throws AlertsError `OBSKIT_INVALID_RULES` (or the single problem's code) listing every problem of the definitions
 */
export function finishRuleGroups(
  entries: ReadonlyArray<{ readonly group: RuleGroupDefinition; readonly config: AlertsConfig }>,
  runbookUrl: string,
): RuleGroup[] {
  const definitions = entries.map((e) => e.group);
  const prefix = entries[0]?.config ?? defaultAlertsConfig;
  throwIfProblems(
    ALERTS_CODES.rules,
    'Invalid rules',
    validateRuleGroupDefinitions(definitions, prefix),
    AlertsError,
  );
  const groups: RuleGroup[] = entries.map(({ group: g, config }) => ({
    name: g.name,
    file: g.file,
    ...(g.interval ? { interval: g.interval } : {}),
    rules: [
      ...(g.records ?? []).map((r): RecordingRule => ({
        record: r.record,
        expr: r.expr,
        ...(r.labels ? { labels: r.labels } : {}),
      })),
      ...(g.alerts ?? []).map((a): AlertingRule => ({
        alert: `${config.prefix}${a.name}`,
        expr: a.expr,
        for: a.for,
        labels: alertRuleLabels(config, a),
        annotations: {
          summary: a.summary,
          description: a.keepsJob === false ? a.description : withJob(a.description),
        },
      })),
    ],
    definitions: { scope: testScope(config), alerts: g.alerts ?? [], records: g.records ?? [] },
  }));
  return withRunbookUrls(groups, runbookUrl);
}

/** Static labels of an alert rule: severity, team, the config's labels, the definition's labels. */
export function alertRuleLabels(
  config: AlertsConfig,
  def: { readonly severity: string; readonly labels?: Readonly<Record<string, string>> },
): Record<string, string> {
  return {
    [ALERT_LABELS.severity]: def.severity,
    [ALERT_LABELS.team]: config.team,
    ...config.labels,
    ...def.labels,
  };
}

/**
 * The rule groups of the kit — recording rules, alert packs, anomaly detection and SLO burn-rate
 * rules — validated (every problem at once, code `OBSKIT_INVALID_RULES`) and with `runbook_url`s.
 * @throws AlertsError `OBSKIT_INVALID_CONFIG` listing every problem of the config and SLOs, then
 * `OBSKIT_INVALID_RULES` listing every problem of the definitions (either: the single problem's code)
 * @example renderRuleFiles(buildRuleGroups(scaleDurations(defaultAlertsConfig, { factor: 1 / 60, min: '20s' })))
 */
export function buildRuleGroups(
  config: AlertsConfig = defaultAlertsConfig,
  options: BuildRuleGroupsOptions = {},
): RuleGroup[] {
  throwIfProblems(
    ALERTS_CODES.config,
    'Invalid alerts config',
    [...validateConfig(config), ...(options.slos ?? []).flatMap((s) => validateSlo(s, config))],
    AlertsError,
  );
  const definitions = buildRuleGroupDefinitions(config, options);
  return finishRuleGroups(
    definitions.map((group) => ({ group, config })),
    config.runbookUrl,
  );
}
