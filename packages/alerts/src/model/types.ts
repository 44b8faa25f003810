import type { Severity } from '@obskit/catalog';
import type { SeriesSource, SeriesSuffix, LabelOf } from '@obskit/promql';

/** The runbook of one alert, rendered to docs/runbooks/<AlertName>.md. */
export interface Runbook {
  /** What the alert means, in a sentence or two. */
  readonly meaning: string;
  /** What users or the business notice while it fires. */
  readonly impact: string;
  /** PromQL to run first, each with a title; checked like rule expressions. */
  readonly diagnosis: ReadonlyArray<{ readonly title: string; readonly query: string }>;
  /** What usually fixes it, most likely first. */
  readonly fixes: readonly string[];
}

/** One input series of a promtool unit test, typed against its catalog metric. */
export interface TestSeries<S extends SeriesSource = SeriesSource> {
  readonly source: S;
  readonly suffix?: SeriesSuffix;
  readonly labels?: { readonly [K in LabelOf<S>]?: string };
  /** promtool expanding notation, e.g. `0+60x30` (https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/#series). */
  readonly values: string;
}

/** An alert that must be firing at `at`: its labels from the expression, and its rendered description. */
export interface ExpectedAlert {
  /** Labels the expression produces (severity, team and static labels are added for you). */
  readonly labels: Readonly<Record<string, string>>;
  /** The exact description Prometheus renders. */
  readonly description: string;
  /**
   * When several rules share the alert name (SLO burn-rate tiers): the rule's own labels and severity,
   * which replace those of the definition the case belongs to.
   */
  readonly staticLabels?: Readonly<Record<string, string>>;
  readonly severity?: Severity;
}

/** One evaluation of a promtool test: the firing alerts of the rule at `at` (empty: must stay quiet). */
export interface AlertCheck {
  /** Evaluation time since the start of the series, e.g. `20m`. */
  readonly at: string;
  readonly expect: readonly ExpectedAlert[];
}

/** One promtool test case of an alert: input series and one or more checks over time. */
export interface AlertCase {
  /** What this case shows, e.g. "planner fails half of its operations". */
  readonly name: string;
  readonly series: readonly TestSeries[];
  readonly checks: readonly AlertCheck[];
}

/** An alerting rule as typed data, before rendering. */
export interface AlertDefinition {
  /** PascalCase name without the common prefix, e.g. `AgentHighErrorRate`. */
  readonly name: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: Severity;
  /** Labels besides `severity` and `team`. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Static one-line summary. */
  readonly summary: string;
  /** Templated description (`{{ $labels.x }}`, `{{ $value }}`). */
  readonly description: string;
  readonly runbook: Runbook;
  /**
   * `false` when the result has no `job` label (`absent()` without a `job` equality matcher): its
   * description is not prefixed with the job. @defaultValue `true`
   */
  readonly keepsJob?: boolean;
  /**
   * What the rule raises when none of its series exist (`absent()`): promtool cases of other
   * services in the same rule file expect it besides their own alerts.
   */
  readonly firesWithoutData?: ExpectedAlert;
  /**
   * promtool cases: at least one check where the alert fires and one where it stays quiet (per alert
   * name; the tiers of an SLO alert share their cases).
   */
  readonly tests: readonly AlertCase[];
  /**
   * `true` when the builder derives `tests` from the alert's `for` (its series length, check times and
   * expected values): a `for` override rebuilds the alert with that `for`. Otherwise a longer `for`
   * delays every check and extends every series by the difference. @defaultValue `false`
   */
  readonly casesFollowFor?: boolean;
}

/** A recording rule as typed data. */
export interface RecordingDefinition {
  /** `level:metric:operations`. */
  readonly record: string;
  readonly expr: string;
  /** Label names of the recorded series (for checkExpression and the dashboards). */
  readonly outputLabels: readonly string[];
  /** Static labels added to the recorded series. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A group of rules before rendering; `file` is the rule file it goes to (without `.rules.yml`). */
export interface RuleGroupDefinition {
  readonly name: string;
  readonly file: string;
  readonly interval?: string;
  readonly alerts?: readonly AlertDefinition[];
  readonly records?: readonly RecordingDefinition[];
}

/** A rendered-ready alerting rule (Prometheus rule file format). */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** A rendered-ready recording rule. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A rule group as Prometheus reads it, plus the file it belongs to and the tests of its alerts. */
export interface RuleGroup {
  readonly name: string;
  readonly file: string;
  readonly interval?: string;
  readonly rules: ReadonlyArray<AlertingRule | RecordingRule>;
  /** Not rendered into rule files: the definitions the group came from (tests, runbooks). */
  readonly definitions: {
    /** Equality matchers of the config (`{ job: 'api' }`); promtool cases add them to their series. */
    readonly scope: Readonly<Record<string, string>>;
    readonly alerts: readonly AlertDefinition[];
    readonly records: readonly RecordingDefinition[];
  };
}
