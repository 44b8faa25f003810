import { DURATION_CODES } from '@obskit/catalog';
import { EXPRESSION_CODES } from '@obskit/promql';

/**
 * Every code @obskit/alerts' errors carry: the alerts config, the rule definitions (names,
 * severities, durations, annotations and, through @obskit/promql's expression check, every
 * expression and runbook query), the SLOs and the per-service options. Each throw is one
 * {@link AlertsError} listing every problem; its `code` is the umbrella code (`rules`, `config`) or
 * the single problem's code. The CLI maps them to exit statuses; tests and callers match on them
 * rather than on message text.
 */
export const ALERTS_CODES = {
  /** Umbrella code of an {@link AlertsError} over the rule definitions (`buildRuleGroups`, `buildServiceRuleGroups`). */
  rules: 'OBSKIT_INVALID_RULES',
  /** Umbrella code of an {@link AlertsError} over an `AlertsConfig` and its SLOs (`buildRuleGroups`) or the `ServiceRulesOptions` (`buildServiceRuleGroups`). */
  config: 'OBSKIT_INVALID_CONFIG',
  /** `validateRuleGroupDefinitions`: two groups with one name, or two alerts of a group with the same name and labels. */
  duplicateRule: 'OBSKIT_DUPLICATE_RULE',
  /** `validateRuleGroupDefinitions`: a recording rule name that is not `level:metric:operations`. */
  recordName: 'OBSKIT_INVALID_RECORD_NAME',
  /** `validateRuleGroupDefinitions`, `validateConfig`: an alert name or the config's `prefix` that is not PascalCase. */
  alertName: 'OBSKIT_INVALID_ALERT_NAME',
  /** `validateRuleGroupDefinitions`, `validateServiceRulesOptions`: a severity that is not one of `SEVERITIES`. */
  severity: 'OBSKIT_INVALID_SEVERITY',
  /**
   * `validateConfig`, `validateSlo`, `validateRuleGroupDefinitions`, `validateServiceRulesOptions`: a
   * malformed or zero Prometheus duration; also the expression check's code for a bad range, offset
   * or step (@obskit/catalog's `DURATION_CODES.invalid`).
   */
  duration: DURATION_CODES.invalid,
  /** `validateRuleGroupDefinitions`: a summary that is empty or holds a template. */
  annotation: 'OBSKIT_INVALID_ANNOTATION',
  /** `validateConfig`, `validateSlo`: an objective outside (0, 1). */
  objective: 'OBSKIT_INVALID_OBJECTIVE',
  /** `validateConfig`, `validateServiceRulesOptions`: a threshold that is not a positive number (or duration). */
  threshold: 'OBSKIT_INVALID_THRESHOLD',
  /** `validateConfig`: a `runbookUrl` pattern without `{alertname}`. */
  runbookUrl: 'OBSKIT_INVALID_RUNBOOK_URL',
  /** `validateSlo`, `validateServiceRulesOptions`, `sloFromSpec`: an SLO's name, service, window, latency threshold or ratio selectors. */
  slo: 'OBSKIT_INVALID_SLO',
  /** `validateServiceRulesOptions`: no services, or a service name that is invalid or taken. */
  service: 'OBSKIT_INVALID_SERVICE',
  /** `validateServiceRulesOptions`, `packAlerts`: an unknown pack, or the host pack on a service. */
  pack: 'OBSKIT_INVALID_PACK',
  /** `validateServiceRulesOptions`: an override of an unknown alert, or of a threshold the alert does not have. */
  override: 'OBSKIT_INVALID_OVERRIDE',
  /** The expression check (`validateRuleGroupDefinitions`): an expression or runbook query that does not parse. */
  syntax: EXPRESSION_CODES.syntax,
  /** The expression check: a selector names a metric neither the catalog nor a recording rule holds. */
  unknownMetric: EXPRESSION_CODES.unknownMetric,
  /** The expression check: a matcher or grouping names a label the metric does not carry. */
  unknownLabel: EXPRESSION_CODES.unknownLabel,
  /** The expression check: a counter read without `rate()`, `irate()` or `increase()`. */
  rawCounter: EXPRESSION_CODES.rawCounter,
  /** The expression check: an argument of the wrong type. */
  type: EXPRESSION_CODES.type,
  /** The expression check: a Grafana variable, which a rule cannot hold. */
  grafanaVariable: EXPRESSION_CODES.grafanaVariable,
  /** The expression check's umbrella code (`assertValidExpression` of @obskit/promql); in the union so that every expression code is an alerts code. */
  expression: EXPRESSION_CODES.invalid,
} as const;

/** One of {@link ALERTS_CODES}. */
export type AlertsCode = (typeof ALERTS_CODES)[keyof typeof ALERTS_CODES];
