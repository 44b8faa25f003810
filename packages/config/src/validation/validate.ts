import type { ValidationProblem } from '@obskit/catalog';
import { expressionProblems } from '@obskit/promql';
import { ENVIRONMENT_NAMES, obskitConfigSchema } from '../schema/schema.js';
import { CONFIG_CODES, type ConfigCode } from '../codes.js';
import { ObskitConfigError } from '../errors.js';
import type { EnvironmentName, ObskitConfig } from '../config/types.js';
import { resolveEnvironment } from '../environments/merge.js';
import { didYouMean, formatPath, issueProblems } from './issues.js';

type Loose = Record<string, unknown>;

function list(v: unknown): Loose[] {
  return Array.isArray(v) ? v.map((x) => (typeof x === 'object' && x !== null ? (x as Loose) : {})) : [];
}
function obj(v: unknown): Loose {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : {};
}

function unknownName(
  code: ConfigCode,
  subject: string,
  value: string,
  what: string,
  known: readonly string[],
): ValidationProblem<ConfigCode> {
  const hint = didYouMean(value, known);
  return {
    code,
    subject,
    message: `"${value}" is not a ${what} of this config (${
      hint ? `did you mean "${hint}"? ` : ''
    }${what}s: ${known.length ? known.join(', ') : 'none'})`,
  };
}

function duplicates(items: Loose[], base: string, what: string): ValidationProblem<ConfigCode>[] {
  const seen = new Map<string, number>();
  const problems: ValidationProblem<ConfigCode>[] = [];
  items.forEach((item, i) => {
    if (typeof item['name'] !== 'string') return;
    const first = seen.get(item['name']);
    if (first === undefined) seen.set(item['name'], i);
    else
      problems.push({
        code: CONFIG_CODES.duplicateName,
        subject: `${base}[${i}].name`,
        message: `"${item['name']}" is already the name of ${base}[${first}] (${what} names must be unique)`,
      });
  });
  return problems;
}

/**
 * Problems across fields that the schema alone cannot see: unique names, SLOs and routes naming
 * services and receivers that exist, `ratio` SLIs that parse and read catalog metrics. Works on the
 * value as written, so it can run beside the schema's own problems.
 */
export function crossFieldProblems(config: unknown): ValidationProblem<ConfigCode>[] {
  const c = obj(config);
  const services = list(c['services']);
  const serviceNames = services.map((s) => s['name']).filter((n): n is string => typeof n === 'string');
  return [
    ...duplicates(services, 'services', 'service'),
    ...sloProblems(list(c['slos']), serviceNames),
    ...costBudgetProblems(c['costBudgetUsdPerDay'], serviceNames),
    ...notificationProblems(obj(c['notifications']), serviceNames),
  ];
}

/** Unique SLO names, each SLO's service known, a `ratio` SLI's expressions valid. */
function sloProblems(slos: Loose[], serviceNames: string[]): ValidationProblem<ConfigCode>[] {
  const problems = duplicates(slos, 'slos', 'SLO');
  slos.forEach((slo, i) => {
    if (typeof slo['service'] === 'string' && !serviceNames.includes(slo['service'])) {
      problems.push(
        unknownName(
          CONFIG_CODES.unknownService,
          `slos[${i}].service`,
          slo['service'],
          'service',
          serviceNames,
        ),
      );
    }
    const sli = obj(slo['sli']);
    if (sli['kind'] !== 'ratio') return;
    for (const part of ['good', 'total'] as const) {
      if (typeof sli[part] !== 'string' || sli[part] === '') continue;
      for (const p of expressionProblems(sli[part] as string, `slos[${i}].sli.${part}`, {
        grafanaVariables: false,
      })) {
        problems.push({ ...p, code: CONFIG_CODES.invalidExpression });
      }
    }
  });
  return problems;
}

/** A per-service cost budget names known services. */
function costBudgetProblems(budget: unknown, serviceNames: string[]): ValidationProblem<ConfigCode>[] {
  const problems: ValidationProblem<ConfigCode>[] = [];
  if (typeof budget === 'object' && budget !== null) {
    for (const name of Object.keys(budget)) {
      if (!serviceNames.includes(name)) {
        problems.push(
          unknownName(
            CONFIG_CODES.unknownService,
            formatPath(['costBudgetUsdPerDay', name]),
            name,
            'service',
            serviceNames,
          ),
        );
      }
    }
  }
  return problems;
}

/** Unique receiver names; the default receiver and each route's receiver, service and time intervals known. */
function notificationProblems(notifications: Loose, serviceNames: string[]): ValidationProblem<ConfigCode>[] {
  const receivers = list(notifications['receivers']);
  const problems = duplicates(receivers, 'notifications.receivers', 'receiver');
  const receiverNames = receivers.map((r) => r['name']).filter((n): n is string => typeof n === 'string');
  const intervalNames = list(notifications['timeIntervals'])
    .map((t) => t['name'])
    .filter((n): n is string => typeof n === 'string');
  if (
    typeof notifications['defaultReceiver'] === 'string' &&
    !receiverNames.includes(notifications['defaultReceiver'])
  ) {
    problems.push(
      unknownName(
        CONFIG_CODES.unknownReceiver,
        'notifications.defaultReceiver',
        notifications['defaultReceiver'],
        'receiver',
        receiverNames,
      ),
    );
  }
  list(notifications['routes']).forEach((route, i) => {
    problems.push(
      ...routeProblems(route, `notifications.routes[${i}]`, receiverNames, serviceNames, intervalNames),
    );
  });
  return problems;
}

/** One route's receiver, service and time intervals, each known. */
function routeProblems(
  route: Loose,
  at: string,
  receiverNames: string[],
  serviceNames: string[],
  intervalNames: string[],
): ValidationProblem<ConfigCode>[] {
  const problems: ValidationProblem<ConfigCode>[] = [];
  if (typeof route['receiver'] === 'string' && !receiverNames.includes(route['receiver'])) {
    problems.push(
      unknownName(
        CONFIG_CODES.unknownReceiver,
        `${at}.receiver`,
        route['receiver'],
        'receiver',
        receiverNames,
      ),
    );
  }
  if (typeof route['service'] === 'string' && !serviceNames.includes(route['service'])) {
    problems.push(
      unknownName(CONFIG_CODES.unknownService, `${at}.service`, route['service'], 'service', serviceNames),
    );
  }
  if (Array.isArray(route['timeIntervals'])) {
    route['timeIntervals'].forEach((name, j) => {
      if (typeof name === 'string' && !intervalNames.includes(name)) {
        problems.push(
          unknownName(
            CONFIG_CODES.unknownTimeInterval,
            `${at}.timeIntervals[${j}]`,
            name,
            'time interval',
            intervalNames,
          ),
        );
      }
    });
  }
  return problems;
}

/**
 * Every problem of a config as written: the schema's (with paths, "did you mean", inline secrets) and
 * the cross-field ones, for the base and for each environment merged over it.
 */
export function configProblems(input: unknown): ValidationProblem<ConfigCode>[] {
  const result = obskitConfigSchema.safeParse(input);
  const problems = result.success
    ? []
    : result.error.issues.flatMap((issue) => issueProblems(issue, input, obskitConfigSchema));
  const base = obj(input);
  const { environments: _environments, ...withoutEnvironments } = base;
  problems.push(...crossFieldProblems(withoutEnvironments));
  if (result.success) {
    // Each environment merged over the base must stand on its own (its services, receivers, SLOs).
    const envs = result.data.environments ?? {};
    for (const name of Object.keys(envs) as EnvironmentName[]) {
      const merged = resolveEnvironment(result.data, name);
      const seen = new Set(problems.map((p) => `${p.subject}: ${p.message}`));
      for (const p of crossFieldProblems(merged)) {
        if (!seen.has(`${p.subject}: ${p.message}`)) {
          problems.push({ ...p, subject: `environments.${name} → ${p.subject}` });
        }
      }
    }
  }
  return dedupe(problems);
}

function dedupe(problems: ValidationProblem<ConfigCode>[]): ValidationProblem<ConfigCode>[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.subject}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Validates a config as written and returns it typed; throws one {@link ObskitConfigError} listing
 * every problem otherwise.
 * @param file - where the config came from, named in the error
 */
export function validateConfig(input: unknown, file?: string): ObskitConfig {
  const problems = configProblems(input);
  if (problems.length > 0) throw new ObskitConfigError(problems, file);
  return obskitConfigSchema.parse(input);
}

/** Is `name` one of {@link ENVIRONMENT_NAMES}? */
export function isEnvironmentName(name: string): name is EnvironmentName {
  return (ENVIRONMENT_NAMES as readonly string[]).includes(name);
}
