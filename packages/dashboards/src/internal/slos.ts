import {
  buildSloRecordingRules,
  defaultAlertsConfig,
  sloFromSpec,
  sloRecordNames,
  SLO_LABELS,
  type AlertsConfig,
  type RecordingDefinition,
} from '@obskit/alerts';
import type { DashboardSloInput, DashboardsConfig } from '../config.js';
import { ruleSel } from './rules.js';
import { exactNumber } from '@obskit/promql';

/**
 * One service level objective as the dashboards show it: @obskit/alerts' definition of the config's
 * SLO entry and the recording rules the burn-rate alerts read, so the panels and the alerts see the
 * same ratios.
 */
export interface SloView {
  /** The SLO's name, the value of the rules' `slo` label. */
  readonly key: string;
  readonly title: string;
  readonly description: string;
  /** The service (`job`) it measures, when the config names one. */
  readonly service?: string;
  readonly objective: number;
  /** `1 - objective` as written: `0.01` for 0.99, never `0.010000000000000009`. */
  readonly errorBudget: number;
  /** The window the error budget is counted over, e.g. `30d`. */
  readonly period: string;
  /** The SLO's recording rules, as @obskit/alerts builds them for its rule group. */
  readonly rules: readonly RecordingDefinition[];
  /** The recorded error ratio over `window` (a burn-rate window or the period). */
  errorRatioRule(window: string): RecordingDefinition;
  /** The recorded objective. */
  readonly objectiveRule: RecordingDefinition;
  /** The recorded error budget left over the period. */
  readonly budgetRule: RecordingDefinition;
  /** `record{job=~"$job", slo="<name>"}` of one of its rules. */
  sel(rule: RecordingDefinition): string;
}

/** The alerts config the SLO rules of `slo` are built with: the defaults, scoped to its service. */
function rulesConfig(slo: DashboardSloInput): AlertsConfig {
  return slo.service === undefined
    ? defaultAlertsConfig
    : { ...defaultAlertsConfig, matchers: { ...defaultAlertsConfig.matchers, job: slo.service } };
}

function findRule(rules: readonly RecordingDefinition[], record: string, slo: string): RecordingDefinition {
  const found = rules.find((r) => r.record === record);
  if (!found) {
    throw new Error(
      `Unknown recording rule "${record}" of SLO "${slo}": @obskit/alerts records ${rules.map((r) => r.record).join(', ')}`,
    );
  }
  return found;
}

/** The SLO view of one config entry (validated by {@link resolveDashboardsConfig}). */
export function buildSloView(input: DashboardSloInput): SloView {
  const definition = sloFromSpec({ ...input, service: input.service ?? '' });
  const rules = buildSloRecordingRules(definition, rulesConfig(input));
  const period = definition.period ?? defaultAlertsConfig.slo.period;
  const errorRatioRule = (window: string) => findRule(rules, sloRecordNames.errorRatio(window), input.name);
  return {
    key: definition.name,
    title: input.service === undefined ? definition.title : `${definition.title} of ${input.service}`,
    description: definition.description,
    ...(input.service === undefined ? {} : { service: input.service }),
    objective: definition.objective,
    errorBudget: exactNumber(1 - definition.objective),
    period,
    rules,
    errorRatioRule,
    objectiveRule: findRule(rules, sloRecordNames.objective, input.name),
    budgetRule: findRule(rules, sloRecordNames.errorBudgetRemaining, input.name),
    sel: (rule) => ruleSel(rule, { [SLO_LABELS.slo]: definition.name }),
  };
}

/** The views of the config's SLOs, in config order. */
export function buildSloViews(config: DashboardsConfig): readonly SloView[] {
  return config.slos.map(buildSloView);
}

/** The windows @obskit/alerts records an SLO's error ratio over: its burn-rate windows and the period. */
export function recordedSloWindows(period: string): readonly string[] {
  return [
    ...new Set([...defaultAlertsConfig.slo.tiers.flatMap((t) => [t.shortWindow, t.longWindow]), period]),
  ];
}
