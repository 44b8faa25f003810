import {
  isDuration,
  METRICS,
  parseDuration,
  SEVERITIES,
  throwIfProblems,
  type Duration,
  type ValidationProblem,
} from '@obskit/catalog';
import { neq, re, type LabelMatcher, type Matchers } from '@obskit/promql';
import {
  ALERTS,
  DEFAULT_SERVICE_PACKS,
  PACK_NAMES,
  isAlertName,
  isPackName,
  type AlertName,
  type PackName,
} from '../alerts.js';
import { ALERT_PACKS, finishRuleGroups } from '../build.js';
import { ALERTS_CODES, type AlertsCode } from '../codes.js';
import { defaultAlertsConfig, validateConfig, type AlertsConfig } from '../config.js';
import { AlertsError } from '../errors.js';
import type {
  AlertCase,
  AlertDefinition,
  RecordingDefinition,
  RuleGroup,
  RuleGroupDefinition,
  TestSeries,
} from '../model/types.js';
import { buildAnomalyAlerts } from '../packs/anomaly/anomaly.alerts.js';
import { buildAnomalyRecordingRules } from '../packs/anomaly/anomaly.rules.js';
import { buildHostRecordingRules } from '../packs/host/host.rules.js';
import { buildRecordingRules } from '../packs/recording.rules.js';
import { buildSloRules, validateSlo, type SliSeries, type SloDefinition } from '../slo/slo.js';
import type { AlertService, ServiceRulesOptions, SloSpec } from './types.js';

/**
 * Where `runbook_url`s point by default: `runbooks/<alertname>.md`, relative to the root of the
 * generated deployment tree, which holds them (`renderRunbooks`). Set `runbookBaseUrl` to where you
 * publish that directory (e.g. your repository's web URL) for links that open from Alertmanager.
 */
export const DEFAULT_RUNBOOK_BASE_URL = 'runbooks';

const SERVICE_NAME = /^[a-z][a-z0-9_-]*$/;

/** The pack of node_exporter's series: the hosts', scoped to no service (`packs.host: true`). */
const HOST_PACK = 'host' satisfies PackName;

// The packs of build.ts (new packs register there), plus anomaly detection.
const PACK_ALERTS: Partial<Record<PackName, (config: AlertsConfig) => AlertDefinition[]>> = {
  ...ALERT_PACKS,
  anomalies: buildAnomalyAlerts,
};

/** The packs of one service: its own (or the defaults), minus those switched off globally. */
export function servicePacks(service: AlertService, switches: ServiceRulesOptions['packs'] = {}): PackName[] {
  const own = service.packs ?? DEFAULT_SERVICE_PACKS;
  return PACK_NAMES.filter((p) => own.includes(p) && switches[p] !== false);
}

/** The alerts config of one service: its team, its `job`, its cost budget. */
export function serviceConfig(service: AlertService, options: ServiceRulesOptions): AlertsConfig {
  const base = options.config ?? defaultAlertsConfig;
  const budget = options.costBudgetUsdPerDay;
  const costBudgetUsdPerDay =
    typeof budget === 'number' ? budget : (budget?.[service.name] ?? base.thresholds.costBudgetUsdPerDay);
  return {
    ...base,
    team: service.team ?? base.team,
    matchers: { ...base.matchers, job: service.name },
    thresholds: { ...base.thresholds, costBudgetUsdPerDay },
  };
}

/** Shifts every check of a case by `minutes` and extends every series as long (a longer `for`). */
function delayCase(c: AlertCase, minutes: number): AlertCase {
  const extend = (values: string): string => {
    const parts = values.trim().split(/\s+/);
    const last = parts[parts.length - 1];
    const m = /^(.*)x(\d+)$/.exec(last);
    parts[parts.length - 1] = m ? `${m[1]}x${Number(m[2]) + minutes}` : `${last}x${minutes}`;
    return parts.join(' ');
  };
  const later = (at: string): string => `${Math.round(parseMinutes(at) + minutes)}m`;
  return {
    ...c,
    series: c.series.map((s): TestSeries => ({ ...s, values: extend(s.values) })),
    checks: c.checks.map((k) => ({ ...k, at: later(k.at) })),
  };
}

function parseMinutes(d: string): number {
  return parseDuration(d) / 60_000;
}

/**
 * The alerts of one pack for one service, with the per-alert overrides: a threshold rebuilds the
 * alert (its description, runbook and promtool fixtures follow); `for` rebuilds an alert whose cases
 * follow it (`casesFollowFor`) and delays the checks of the others; severity replaces the definition's.
 */
export function packAlerts(
  pack: PackName,
  config: AlertsConfig,
  overrides: ServiceRulesOptions['overrides'] = {},
): AlertDefinition[] {
  const build = PACK_ALERTS[pack];
  if (!build) {
    throw new AlertsError(ALERTS_CODES.pack, 'Invalid pack', [
      {
        code: ALERTS_CODES.pack,
        subject: 'pack',
        message: `Unknown pack "${String(pack)}": expected one of ${PACK_NAMES.join(', ')}`,
      },
    ]);
  }
  return build(config).map((def) => {
    if (!isAlertName(def.name)) return def;
    const o = overrides[def.name] as
      { threshold?: number | string; for?: Duration; severity?: AlertDefinition['severity'] } | undefined;
    if (!o) return def;
    let out = def;
    const key = (ALERTS[def.name] as { threshold?: keyof AlertsConfig['thresholds'] }).threshold;
    const newThreshold = o.threshold !== undefined && key !== undefined;
    const followedFor = def.casesFollowFor === true ? o.for : undefined;
    const newFor = followedFor !== undefined;
    if (newThreshold || newFor) {
      // Rebuilt with the overrides, the alert's description, runbook and promtool cases follow them.
      const rebuilt = build({
        ...config,
        thresholds: newThreshold ? { ...config.thresholds, [key]: o.threshold } : config.thresholds,
        for: newFor
          ? { page: followedFor, short: followedFor, medium: followedFor, long: followedFor }
          : config.for,
      });
      out = rebuilt.find((d) => d.name === def.name) ?? def;
    }
    if (o.severity) out = { ...out, severity: o.severity };
    if (o.for && !newFor) {
      const delay = parseMinutes(o.for) - parseMinutes(out.for);
      out = {
        ...out,
        for: o.for,
        tests: delay > 0 ? out.tests.map((c) => delayCase(c, Math.ceil(delay))) : out.tests,
      };
    }
    return out;
  });
}

const KIND_TITLES: Record<SloSpec['sli']['kind'], string> = {
  'http-availability': 'HTTP availability',
  'http-latency': 'HTTP latency',
  'agent-availability': 'Agent availability',
  'agent-latency': 'Agent latency',
  ratio: 'Custom ratio',
};

/** `name{a="b", c!~"d"}` → its name and matchers; `undefined` if it is not a plain selector. */
export function parseSelector(
  text: string,
): { name: string; matchers: Record<string, LabelMatcher> } | undefined {
  const m = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{(.*)\})?\s*$/s.exec(text);
  if (!m) return undefined;
  const matchers: Record<string, LabelMatcher> = {};
  let rest = (m[2] ?? '').trim();
  while (rest) {
    const mm = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*(?:,\s*)?/.exec(rest);
    if (!mm) return undefined;
    matchers[mm[1]] = { op: mm[2] as LabelMatcher['op'], value: JSON.parse(`"${mm[3]}"`) as string };
    rest = rest.slice(mm[0].length);
  }
  return { name: m[1], matchers };
}

function sliSeries(text: string, subject: string): SliSeries {
  const parsed = parseSelector(text);
  if (!parsed) {
    throw new AlertsError(ALERTS_CODES.slo, 'Invalid SLO', [
      {
        code: ALERTS_CODES.slo,
        subject,
        message: `Invalid selector "${text}": expected a counter selector like metric_total{label="value"}`,
      },
    ]);
  }
  return { source: { name: parsed.name, labels: Object.keys(parsed.matchers) }, matchers: parsed.matchers };
}

/** A value a series label takes to match (`match`) or not match a matcher; `undefined` if unknown. */
function valueFor(m: LabelMatcher, match: boolean): string | undefined {
  const simple = (v: string) => (/^[A-Za-z0-9_:/ -]*$/.test(v) ? v : undefined);
  // `5..` → `500`; only for regexes of literal characters and dots.
  const fromRegex = (v: string) => (/^[A-Za-z0-9_:/ .-]*$/.test(v) ? v.replace(/\./g, '0') : undefined);
  if (m.op === '=') return match ? m.value : `not-${m.value}`;
  if (m.op === '!=') return match ? `not-${m.value}` : m.value;
  if (m.op === '=~') return match ? fromRegex(m.value) : `not-${simple(m.value) ?? 'x'}`;
  return match ? `not-${simple(m.value) ?? 'x'}` : fromRegex(m.value);
}

/**
 * Fixture of a custom ratio SLI: a series matching `good` (and `total`) while healthy, and one
 * matching `total` but not `good` while failing. `undefined` when the matchers leave no such values.
 */
function ratioFixture(good: string, total: string): SloDefinition['fixture'] | undefined {
  const g = parseSelector(good);
  const t = parseSelector(total);
  if (!g || !t) return undefined;
  const goodLabels: Record<string, string> = {};
  for (const [k, m] of Object.entries({ ...t.matchers, ...g.matchers })) {
    const v = valueFor(m, true);
    if (v === undefined) return undefined;
    goodLabels[k] = v;
  }
  const series = (name: string, labels: Record<string, string>) =>
    ({ source: { name, labels: Object.keys(labels) }, labels }) as SloDefinition['fixture'][number]['series'];
  if (g.name !== t.name) {
    const totalLabels: Record<string, string> = {};
    for (const [k, m] of Object.entries(t.matchers)) {
      const v = valueFor(m, true);
      if (v === undefined) return undefined;
      totalLabels[k] = v;
    }
    return [
      { series: series(g.name, goodLabels), during: 'good' },
      { series: series(t.name, totalLabels), during: 'always' },
    ];
  }
  // Same metric: the bad series breaks one of good's own matchers and keeps total's.
  const breakable = Object.entries(g.matchers).find(([k, m]) => {
    const bad = valueFor(m, false);
    const tm = t.matchers[k];
    return bad !== undefined && (!tm || valueFor(tm, true) === bad);
  });
  if (!breakable) return undefined;
  const badLabels = { ...goodLabels, [breakable[0]]: valueFor(breakable[1], false) as string };
  return [
    { series: series(g.name, goodLabels), during: 'good' },
    { series: series(g.name, badLabels), during: 'bad' },
  ];
}

const { agent, genai, http } = METRICS;

/**
 * The SLO definition of a config's SLO entry (title, SLI series, promtool fixture).
 * @throws AlertsError `OBSKIT_INVALID_SLO` when a `ratio` SLI's `good` or `total` is not a selector
 */
export function sloFromSpec(spec: SloSpec): SloDefinition {
  const title =
    spec.name === spec.sli.kind ? KIND_TITLES[spec.sli.kind] : `${KIND_TITLES[spec.sli.kind]} (${spec.name})`;
  const period = spec.window ?? '30d';
  const base = { name: spec.name, title, objective: spec.objective, period };
  const sli = spec.sli;
  switch (sli.kind) {
    case 'http-availability':
      return httpAvailabilitySlo(base, sli);
    case 'http-latency':
      return httpLatencySlo(base, sli);
    case 'agent-availability':
      return agentAvailabilitySlo(base, sli);
    case 'agent-latency':
      return agentLatencySlo(base, sli);
    case 'ratio':
      return {
        ...base,
        description: `A good event is counted by ${sli.good}, every event by ${sli.total}.`,
        sli: {
          kind: 'good-ratio',
          good: sliSeries(sli.good, `SLO "${spec.name}" sli.good`),
          total: sliSeries(sli.total, `SLO "${spec.name}" sli.total`),
        },
        fixture: ratioFixture(sli.good, sli.total) ?? [],
      };
  }
}

/** What every kind's SLO shares: name, title, objective and period. */
type SloBase = Pick<SloDefinition, 'name' | 'title' | 'objective' | 'period'>;
type SliOf<K extends SloSpec['sli']['kind']> = Extract<SloSpec['sli'], { kind: K }>;

/** `what (k="v", …)`, or `what` without matchers. */
function where(what: string, m: Matchers): string {
  return Object.keys(m).length
    ? `${what} (${Object.entries(m)
        .map(([k, v]) => `${k}="${String(v)}"`)
        .join(', ')})`
    : what;
}

/** The route an HTTP SLI measures (none: every route) and the route its fixture's series take. */
function routeScope(sli: { readonly route?: string }): { route: string; routeMatch: Matchers } {
  return {
    route: sli.route ? sli.route : '/orders/:id',
    routeMatch: sli.route ? { http_route: sli.route } : {},
  };
}

/** The agent an agent SLI measures (none: every agent) and the agent its fixture's series take. */
function agentScope(sli: { readonly agent?: string }): { agentName: string; agentMatch: Matchers } {
  return {
    agentName: sli.agent ? sli.agent : 'planner',
    agentMatch: sli.agent ? { gen_ai_agent_name: sli.agent } : {},
  };
}

/** Good: an HTTP request not answered with a 5xx status. */
function httpAvailabilitySlo(base: SloBase, sli: SliOf<'http-availability'>): SloDefinition {
  const { route, routeMatch } = routeScope(sli);
  return {
    ...base,
    description: `A good event is an ${where('HTTP request', routeMatch)} (${http.serverRequestDuration.name}) not answered with a 5xx status.`,
    sli: {
      kind: 'ratio',
      errors: {
        source: http.serverRequestDuration,
        suffix: '_count',
        matchers: { ...routeMatch, http_response_status_code: re('5..') },
      },
      total: { source: http.serverRequestDuration, suffix: '_count', matchers: routeMatch },
    },
    fixture: (['200', '503'] as const).map((code) => ({
      series: {
        source: http.serverRequestDuration,
        suffix: '_count',
        labels: { http_request_method: 'GET', http_route: route, http_response_status_code: code },
      },
      during: code === '200' ? 'good' : 'bad',
    })),
  };
}

/** Good: an HTTP request answered within the threshold. */
function httpLatencySlo(base: SloBase, sli: SliOf<'http-latency'>): SloDefinition {
  const { route, routeMatch } = routeScope(sli);
  return {
    ...base,
    description: `A good event is an ${where('HTTP request', routeMatch)} (${http.serverRequestDuration.name}) answered within ${sli.thresholdSeconds}s.`,
    sli: {
      kind: 'latency',
      histogram: http.serverRequestDuration,
      thresholdSeconds: sli.thresholdSeconds,
      matchers: routeMatch,
    },
    fixture: [
      {
        series: {
          source: http.serverRequestDuration,
          suffix: '_count',
          labels: { http_request_method: 'GET', http_route: route, http_response_status_code: '200' },
        },
        during: 'always',
      },
      {
        series: {
          source: http.serverRequestDuration,
          suffix: '_bucket',
          labels: {
            http_request_method: 'GET',
            http_route: route,
            http_response_status_code: '200',
            le: String(sli.thresholdSeconds),
          },
        },
        during: 'good',
      },
    ],
  };
}

/** Good: an agent operation that ends with status "success". */
function agentAvailabilitySlo(base: SloBase, sli: SliOf<'agent-availability'>): SloDefinition {
  const { agentName, agentMatch } = agentScope(sli);
  return {
    ...base,
    description: `A good event is an ${where('agent operation', agentMatch)} (${agent.operations.name}) that ends with status "success".`,
    sli: {
      kind: 'ratio',
      errors: { source: agent.operations, matchers: { ...agentMatch, status: neq('success') } },
      total: { source: agent.operations, matchers: agentMatch },
    },
    fixture: (['success', 'error'] as const).map((status) => ({
      series: { source: agent.operations, labels: { gen_ai_agent_name: agentName, status } },
      during: status === 'success' ? 'good' : 'bad',
    })),
  };
}

/** Good: an agent invocation that completes within the threshold. */
function agentLatencySlo(base: SloBase, sli: SliOf<'agent-latency'>): SloDefinition {
  const { agentName, agentMatch } = agentScope(sli);
  return {
    ...base,
    description: `A good event is an ${where('agent invocation', agentMatch)} (${genai.invokeAgentDuration.name}) that completes within ${sli.thresholdSeconds}s.`,
    sli: {
      kind: 'latency',
      histogram: genai.invokeAgentDuration,
      thresholdSeconds: sli.thresholdSeconds,
      matchers: agentMatch,
    },
    fixture: [
      {
        series: {
          source: genai.invokeAgentDuration,
          suffix: '_count',
          labels: { gen_ai_agent_name: agentName },
        },
        during: 'always',
      },
      {
        series: {
          source: genai.invokeAgentDuration,
          suffix: '_bucket',
          labels: { gen_ai_agent_name: agentName, le: String(sli.thresholdSeconds) },
        },
        during: 'good',
      },
    ],
  };
}

/** Every problem of the options, each with its path (`services[1].packs[0]`, `slos[0].service`). */
export function validateServiceRulesOptions(options: ServiceRulesOptions): ValidationProblem<AlertsCode>[] {
  const base = options.config ?? defaultAlertsConfig;
  const names = new Set(options.services.map((s) => s.name));
  return [
    ...validateConfig(base),
    ...serviceProblems(options.services),
    ...packSwitchProblems(options.packs ?? {}),
    ...overrideProblems(options.overrides ?? {}, base),
    ...sloSpecProblems(options.slos ?? [], names, base),
  ];
}

function problem(code: AlertsCode, subject: string, message: string): ValidationProblem<AlertsCode> {
  return { code, subject, message };
}

/** At least one service; each name valid and unique; each pack known and one a service may have. */
function serviceProblems(services: ServiceRulesOptions['services']): ValidationProblem<AlertsCode>[] {
  const problems: ValidationProblem<AlertsCode>[] = [];
  const names = new Set<string>();
  if (services.length === 0) {
    problems.push(
      problem(ALERTS_CODES.service, 'services', 'No services: list at least one service (its job label)'),
    );
  }
  services.forEach((s, i) => {
    if (!SERVICE_NAME.test(s.name)) {
      problems.push(
        problem(
          ALERTS_CODES.service,
          `services[${i}].name`,
          `Invalid service name "${s.name}": must match ${SERVICE_NAME}`,
        ),
      );
    }
    if (names.has(s.name)) {
      problems.push(
        problem(ALERTS_CODES.service, `services[${i}].name`, `Duplicate service name "${s.name}"`),
      );
    }
    names.add(s.name);
    (s.packs ?? []).forEach((p, j) => {
      if (!isPackName(p)) {
        problems.push(
          problem(
            ALERTS_CODES.pack,
            `services[${i}].packs[${j}]`,
            `Unknown pack "${p}": expected one of ${PACK_NAMES.join(', ')}`,
          ),
        );
      } else if (p === HOST_PACK) {
        problems.push(
          problem(
            ALERTS_CODES.pack,
            `services[${i}].packs[${j}]`,
            `Pack "${p}" belongs to no service (node_exporter's series are the hosts'): switch it on with alerts.packs.host: true`,
          ),
        );
      }
    });
  });
  return problems;
}

/** Each global pack switch names a known pack. */
function packSwitchProblems(
  packs: NonNullable<ServiceRulesOptions['packs']>,
): ValidationProblem<AlertsCode>[] {
  return Object.keys(packs)
    .filter((p) => !isPackName(p))
    .map((p) =>
      problem(
        ALERTS_CODES.pack,
        `alerts.packs.${p}`,
        `Unknown pack "${p}": expected one of ${PACK_NAMES.join(', ')}`,
      ),
    );
}

/** Each override names a known alert, with a valid threshold, `for` and severity. */
function overrideProblems(
  overrides: NonNullable<ServiceRulesOptions['overrides']>,
  base: AlertsConfig,
): ValidationProblem<AlertsCode>[] {
  const problems: ValidationProblem<AlertsCode>[] = [];
  for (const [name, o] of Object.entries(overrides) as Array<[string, Record<string, unknown>]>) {
    const path = `alerts.overrides.${name}`;
    if (!isAlertName(name)) {
      problems.push(
        problem(
          ALERTS_CODES.override,
          path,
          `Unknown alert "${name}": expected one of ${Object.keys(ALERTS).join(', ')}`,
        ),
      );
      continue;
    }
    if (o.threshold !== undefined) problems.push(...thresholdProblems(name, o.threshold, path, base));
    if (o.for !== undefined && !isDuration(o.for, { positive: true })) {
      problems.push(
        problem(
          ALERTS_CODES.duration,
          `${path}.for`,
          `Invalid duration ${JSON.stringify(o.for)}: expected a Prometheus duration like 30s, 5m or 1h30m`,
        ),
      );
    }
    if (o.severity !== undefined && !SEVERITIES.includes(o.severity as never)) {
      problems.push(
        problem(
          ALERTS_CODES.severity,
          `${path}.severity`,
          `Invalid severity ${JSON.stringify(o.severity)}: expected one of ${SEVERITIES.join(', ')}`,
        ),
      );
    }
  }
  return problems;
}

/** An overridden threshold: the alert has one, and the value is of its type (number or duration). */
function thresholdProblems(
  name: AlertName,
  threshold: unknown,
  path: string,
  base: AlertsConfig,
): ValidationProblem<AlertsCode>[] {
  const key = (ALERTS[name] as { threshold?: keyof AlertsConfig['thresholds'] }).threshold;
  const expected = key === undefined ? undefined : typeof base.thresholds[key];
  if (expected === undefined) {
    return [
      problem(ALERTS_CODES.override, `${path}.threshold`, `Alert "${name}" has no threshold to override`),
    ];
  }
  if (
    typeof threshold !== expected ||
    (expected === 'number' && !(Number.isFinite(threshold) && (threshold as number) > 0)) ||
    (expected === 'string' && !isDuration(threshold, { positive: true }))
  ) {
    return [
      problem(
        ALERTS_CODES.threshold,
        `${path}.threshold`,
        `Invalid threshold ${JSON.stringify(threshold)}: expected ${expected === 'number' ? 'a positive number' : 'a Prometheus duration like 6h'}`,
      ),
    ];
  }
  return [];
}

/** Each SLO names a known service, has a unique name and a valid window, SLI and objective. */
function sloSpecProblems(
  slos: readonly SloSpec[],
  names: ReadonlySet<string>,
  base: AlertsConfig,
): ValidationProblem<AlertsCode>[] {
  const problems: ValidationProblem<AlertsCode>[] = [];
  const sloNames = new Set<string>();
  slos.forEach((slo, i) => {
    const path = `slos[${i}]`;
    if (!names.has(slo.service)) {
      problems.push(
        problem(
          ALERTS_CODES.slo,
          `${path}.service`,
          `Unknown service "${slo.service}": expected one of ${[...names].join(', ')}`,
        ),
      );
    }
    if (sloNames.has(slo.name))
      problems.push(problem(ALERTS_CODES.slo, `${path}.name`, `Duplicate SLO name "${slo.name}"`));
    sloNames.add(slo.name);
    if (slo.window !== undefined && slo.window !== '28d' && slo.window !== '30d') {
      problems.push(
        problem(
          ALERTS_CODES.slo,
          `${path}.window`,
          `Invalid window "${String(slo.window)}": expected 28d or 30d`,
        ),
      );
    }
    if (slo.sli.kind === 'ratio') {
      const { good, total } = slo.sli;
      problems.push(...ratioSliProblems(path, good, total));
      if (!parseSelector(good) || !parseSelector(total)) return;
    }
    problems.push(
      ...validateSlo(sloFromSpec(slo), base).map((p) => ({ ...p, subject: `${path} (${p.subject})` })),
    );
  });
  return problems;
}

/** A custom ratio SLI: both selectors parse, and a promtool fixture can be built from them. */
function ratioSliProblems(path: string, good: string, total: string): ValidationProblem<AlertsCode>[] {
  const problems: ValidationProblem<AlertsCode>[] = [];
  for (const [field, text] of [
    ['good', good],
    ['total', total],
  ] as const) {
    if (!parseSelector(text)) {
      problems.push(
        problem(
          ALERTS_CODES.slo,
          `${path}.sli.${field}`,
          `Invalid selector "${text}": expected a counter selector like metric_total{label="value"}`,
        ),
      );
    }
  }
  if (parseSelector(good) && parseSelector(total) && !ratioFixture(good, total)) {
    problems.push(
      problem(
        ALERTS_CODES.slo,
        `${path}.sli`,
        `Cannot build a test fixture for good "${good}" and total "${total}": good must select other series than total through a metric name or an equality, inequality or literal-regex matcher`,
      ),
    );
  }
  return problems;
}

/**
 * The rule groups of a set of services: recording rules once, each pack once per service that has it
 * (`job="<service>"`, `team` from the service), one group per SLO; validated (every problem at once,
 * code `OBSKIT_INVALID_CONFIG`), with `runbook_url`s under `runbookBaseUrl`.
 * @throws AlertsError `OBSKIT_INVALID_CONFIG` (or the single problem's code) listing every problem of the options
 * @example buildServiceRuleGroups({ services: [{ name: 'orders-api', team: 'payments' }], overrides: { HttpLatencyHigh: { threshold: 0.3 } } })
 */
export function buildServiceRuleGroups(options: ServiceRulesOptions): RuleGroup[] {
  throwIfProblems(
    ALERTS_CODES.config,
    'Invalid alerts config',
    validateServiceRulesOptions(options),
    AlertsError,
  );
  const base = options.config ?? defaultAlertsConfig;
  const interval = base.evaluationInterval;
  const entries: Array<{ group: RuleGroupDefinition; config: AlertsConfig }> = [
    {
      group: { name: 'obskit-recording', file: 'recording', interval, records: buildRecordingRules(base) },
      config: base,
    },
  ];
  for (const pack of PACK_NAMES) {
    if (pack === HOST_PACK) continue;
    for (const service of options.services) {
      if (!servicePacks(service, options.packs).includes(pack)) continue;
      const config = serviceConfig(service, options);
      const records: RecordingDefinition[] | undefined =
        pack === 'anomalies' ? buildAnomalyRecordingRules(config) : undefined;
      entries.push({
        group: {
          name: `obskit-${pack}-${service.name}`,
          file: pack,
          interval,
          ...(records ? { records } : {}),
          alerts: packAlerts(pack, config, options.overrides),
        },
        config,
      });
    }
  }
  if (options.packs?.[HOST_PACK] === true) {
    entries.push({
      group: {
        name: `obskit-${HOST_PACK}`,
        file: HOST_PACK,
        interval,
        records: buildHostRecordingRules(),
        alerts: packAlerts(HOST_PACK, base, options.overrides),
      },
      config: base,
    });
  }
  for (const spec of options.slos ?? []) {
    const service = options.services.find((s) => s.name === spec.service) as AlertService;
    const config = serviceConfig(service, options);
    const { records, alerts } = buildSloRules(sloFromSpec(spec), config);
    entries.push({
      group: { name: `obskit-slo-${spec.name}`, file: 'slo', interval, records, alerts },
      config,
    });
  }
  const baseUrl = (options.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL).replace(/\/+$/, '');
  return finishRuleGroups(entries, `${baseUrl}/{alertname}.md`);
}
