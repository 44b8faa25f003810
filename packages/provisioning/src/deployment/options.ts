import { throwIfProblems, type ValidationProblem } from '@obskit/catalog';
import { checkLabels, checkNamespace } from '../kubernetes/objects.js';

/** Profiles of a generated deployment tree. */
export const DEPLOYMENT_PROFILES = ['dev', 'compose', 'kubernetes', 'production', 'e2e'] as const;
/** One of {@link DEPLOYMENT_PROFILES}. */
export type DeploymentProfile = (typeof DEPLOYMENT_PROFILES)[number];

/** Stable code of invalid deployment options. */
export const INVALID_DEPLOYMENT_OPTIONS = 'OBSKIT_INVALID_DEPLOYMENT_OPTIONS';

/**
 * Options of {@link renderDeploymentTree}; recorded in the manifest so that `obskit check`
 * regenerates the same tree. Only `profile` is required.
 */
export interface DeploymentOptions {
  /** `dev`: localhost demo; `compose`: the Compose stack; `kubernetes`: operator objects and in-cluster
   * discovery; `production`: HA Prometheus pair + Alertmanager cluster; `e2e`: 1 s intervals, scaled rules. */
  readonly profile: DeploymentProfile;
  /** `host:port` of the app's `/metrics` (dev, compose, e2e). */
  readonly target?: string;
  /** `host:port` Prometheus scrapes itself at (dev, compose, e2e). */
  readonly prometheus?: string;
  /** `host:port` of Alertmanager (dev, compose, e2e). */
  readonly alertmanager?: string;
  /** Every alert goes to this webhook (e2e, tests); otherwise the standard receivers. */
  readonly webhookUrl?: string;
  /** Kubernetes namespace of the generated objects. @defaultValue `'monitoring'` */
  readonly namespace?: string;
  /** Extra labels on Kubernetes objects, e.g. `{ release: 'kube-prometheus-stack' }`. */
  readonly kubernetesLabels?: Readonly<Record<string, string>>;
  /**
   * Daily GenAI budget of `ObskitAgentCostBurnRateHigh`, USD.
   * @defaultValue dev and compose (they run the demo): 4× the demo's spend at its default load
   * ({@link DEMO_COST_BUDGET_USD_PER_DAY}); kubernetes and production: the alerts default (100)
   */
  readonly costBudgetUsdPerDay?: number;
}

/** The demo's GenAI spend at baseline, USD per day per request per second (apps/demo-api README). */
export const DEMO_SPEND_USD_PER_DAY_PER_RPS = 320;
/** Background load of the demo in the dev and compose stacks, requests per second (`DEMO_LOAD`). */
export const DEMO_DEFAULT_LOAD_RPS = 5;

/** A budget 4× the demo's baseline spend at `loadRps`: quiet at baseline, exceeded by `cost-spike` (~15×). */
export function demoCostBudgetUsdPerDay(loadRps: number): number {
  return DEMO_SPEND_USD_PER_DAY_PER_RPS * loadRps * 4;
}

/** The dev and compose stacks' budget: {@link demoCostBudgetUsdPerDay} at {@link DEMO_DEFAULT_LOAD_RPS}. */
export const DEMO_COST_BUDGET_USD_PER_DAY = demoCostBudgetUsdPerDay(DEMO_DEFAULT_LOAD_RPS);

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):\d{1,5}$/;

/**
 * Checks deployment options, listing every problem.
 *
 * @throws ObskitValidationError `OBSKIT_INVALID_DEPLOYMENT_OPTIONS`.
 */
export function assertValidDeploymentOptions(options: DeploymentOptions): void {
  const problems: ValidationProblem[] = [];
  const add = (subject: string, message: string) =>
    problems.push({ code: INVALID_DEPLOYMENT_OPTIONS, subject, message });
  if (!(DEPLOYMENT_PROFILES as readonly string[]).includes(options.profile)) {
    add('profile', `Invalid profile "${options.profile}": expected one of ${DEPLOYMENT_PROFILES.join(', ')}`);
  }
  for (const key of ['target', 'prometheus', 'alertmanager'] as const) {
    const value = options[key];
    if (value !== undefined && !HOST_PORT.test(value)) {
      add(key, `Invalid ${key} "${value}": expected host:port, e.g. 127.0.0.1:9093`);
    }
  }
  if (options.webhookUrl !== undefined && !/^https?:\/\/\S+$/.test(options.webhookUrl)) {
    add('webhookUrl', `Invalid webhook URL "${options.webhookUrl}": expected an http(s) URL`);
  }
  if (options.profile === 'e2e') {
    const flags = {
      target: '--target',
      prometheus: '--prometheus',
      alertmanager: '--alertmanager',
      webhookUrl: '--webhook-url',
    } as const;
    for (const [key, flag] of Object.entries(flags) as [keyof typeof flags, string][]) {
      if (options[key] === undefined) {
        add(key, `Missing option "${key}" (${flag}): the e2e profile runs on the addresses the test chose`);
      }
    }
  }
  const budget = options.costBudgetUsdPerDay;
  if (budget !== undefined && !(typeof budget === 'number' && Number.isFinite(budget) && budget >= 1)) {
    add('costBudgetUsdPerDay', `Invalid cost budget ${String(budget)}: expected a number of USD per day, at least 1`);
  }
  if (options.namespace !== undefined) problems.push(...checkNamespace(options.namespace, 'namespace'));
  if (options.kubernetesLabels) problems.push(...checkLabels(options.kubernetesLabels, 'kubernetesLabels'));
  throwIfProblems(INVALID_DEPLOYMENT_OPTIONS, 'Invalid deployment options', problems);
}
