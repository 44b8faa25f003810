import {
  LABEL_NAME_PATTERN,
  invalidDurationMessage,
  isDuration,
  type ValidationProblem,
} from '@obskit/catalog';
import { DEFAULT_INTERVALS, DEFAULT_SCRAPE_LIMITS } from '@obskit/prometheus-config';
import type { ProvisioningCode } from '../codes.js';
import {
  INVALID_KUBERNETES,
  MANAGED_BY_LABELS,
  checkLabels,
  checkNamespace,
  checkObjectName,
  throwIfKubernetesProblems,
  type KubernetesObject,
} from './objects.js';

/**
 * One relabelling of a ServiceMonitor endpoint, applied to each target after the operator's own (which
 * set `job` to the Service's name): the operator's camelCase of Prometheus' `relabel_config`.
 * https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.RelabelConfig
 */
export interface ServiceMonitorRelabeling {
  /** What the rule does. @defaultValue `'replace'` */
  readonly action?: 'replace' | 'keep' | 'drop' | 'labelmap' | 'labeldrop' | 'labelkeep';
  /** Labels whose values, joined by `;`, the regex matches. @defaultValue none (the empty string) */
  readonly sourceLabels?: readonly string[];
  /** Fully anchored RE2 regex. @defaultValue `'(.*)'` */
  readonly regex?: string;
  /** Label `replace` writes. */
  readonly targetLabel?: string;
  /** Value `replace` writes, with the regex's groups (`$1`). @defaultValue `'$1'` */
  readonly replacement?: string;
}

/** Declarative input of {@link buildServiceMonitor}. */
export interface ServiceMonitorConfig {
  /** Object name, e.g. `orders-api` (the service's name). */
  readonly name: string;
  /** Namespace of the ServiceMonitor and of the app's Service. */
  readonly namespace: string;
  /** Labels of the app's Service to select. */
  readonly selector: Readonly<Record<string, string>>;
  /** Name of the Service port that serves `/metrics`. @defaultValue `'http'` */
  readonly port?: string;
  /** @defaultValue `'/metrics'` */
  readonly path?: string;
  /** @defaultValue `'15s'` */
  readonly interval?: string;
  /** @defaultValue `'10s'` */
  readonly scrapeTimeout?: string;
  /** Largest number of samples one scrape may return before it fails. @defaultValue 20000 (`DEFAULT_SCRAPE_LIMITS`) */
  readonly sampleLimit?: number;
  /** Largest number of labels per series. @defaultValue 30 (`DEFAULT_SCRAPE_LIMITS`) */
  readonly labelLimit?: number;
  /** Bearer token for `/metrics`, from a key of a Secret in the same namespace. */
  readonly bearerTokenSecret?: { readonly name: string; readonly key: string };
  /**
   * Basic auth for `/metrics`: the user name and the password, each from a key of a Secret in the same
   * namespace (the operator reads both from Secrets).
   */
  readonly basicAuthSecret?: {
    readonly name: string;
    readonly usernameKey: string;
    readonly passwordKey: string;
  };
  /** Extra labels, e.g. `{ release: 'kube-prometheus-stack' }` so the Prometheus operator selects it. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Relabellings of the endpoint's targets, e.g. `job` set to a fixed value. @defaultValue none */
  readonly relabelings?: readonly ServiceMonitorRelabeling[];
}

/** Problems of the relabellings: every source and target label a Prometheus label name. */
function relabelingProblems(
  relabelings: readonly ServiceMonitorRelabeling[],
): ValidationProblem<ProvisioningCode>[] {
  return relabelings.flatMap((r, i) =>
    [...(r.sourceLabels ?? []), ...(r.targetLabel === undefined ? [] : [r.targetLabel])]
      .filter((label) => !LABEL_NAME_PATTERN.test(label))
      .map((label) => ({
        code: INVALID_KUBERNETES,
        subject: `serviceMonitor.relabelings[${i}]`,
        message: `Invalid label name "${label}": must match ${LABEL_NAME_PATTERN}`,
      })),
  );
}

/**
 * Builds a `monitoring.coreos.com/v1` ServiceMonitor that makes the Prometheus operator scrape the app.
 * https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.ServiceMonitor
 *
 * @throws ObskitValidationError `OBSKIT_INVALID_KUBERNETES` listing every problem.
 */
export function buildServiceMonitor(config: ServiceMonitorConfig): KubernetesObject {
  const interval = config.interval ?? DEFAULT_INTERVALS.scrape;
  const scrapeTimeout = config.scrapeTimeout ?? DEFAULT_INTERVALS.scrapeTimeout;
  const labels = { 'app.kubernetes.io/name': config.name, ...MANAGED_BY_LABELS, ...config.labels };
  const problems: ValidationProblem<ProvisioningCode>[] = [
    ...checkObjectName(config.name, 'serviceMonitor.name'),
    ...checkNamespace(config.namespace, 'serviceMonitor.namespace'),
    ...checkLabels(labels, 'serviceMonitor.labels'),
    ...checkLabels(config.selector, 'serviceMonitor.selector'),
    ...relabelingProblems(config.relabelings ?? []),
  ];
  for (const [key, value] of Object.entries({ interval, scrapeTimeout })) {
    // The operator's CRD takes Prometheus' grammar; an interval or timeout of zero scrapes nothing.
    if (!isDuration(value, { positive: true })) {
      problems.push({
        code: INVALID_KUBERNETES,
        subject: `serviceMonitor.${key}`,
        message: invalidDurationMessage(value),
      });
    }
  }
  if (Object.keys(config.selector).length === 0) {
    problems.push({
      code: INVALID_KUBERNETES,
      subject: 'serviceMonitor.selector',
      message: 'Invalid selector {}: an empty selector would scrape every Service of the namespace',
    });
  }
  throwIfKubernetesProblems('Invalid ServiceMonitor', problems);
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: config.name, namespace: config.namespace, labels },
    spec: {
      selector: { matchLabels: { ...config.selector } },
      namespaceSelector: { matchNames: [config.namespace] },
      sampleLimit: config.sampleLimit ?? DEFAULT_SCRAPE_LIMITS.sampleLimit,
      labelLimit: config.labelLimit ?? DEFAULT_SCRAPE_LIMITS.labelLimit,
      endpoints: [
        {
          port: config.port ?? 'http',
          path: config.path ?? '/metrics',
          interval,
          scrapeTimeout,
          honorLabels: false,
          ...(config.relabelings?.length ? { relabelings: config.relabelings.map((r) => ({ ...r })) } : {}),
          ...(config.bearerTokenSecret
            ? {
                authorization: {
                  type: 'Bearer',
                  credentials: { name: config.bearerTokenSecret.name, key: config.bearerTokenSecret.key },
                },
              }
            : {}),
          ...(config.basicAuthSecret
            ? {
                basicAuth: {
                  username: { name: config.basicAuthSecret.name, key: config.basicAuthSecret.usernameKey },
                  password: { name: config.basicAuthSecret.name, key: config.basicAuthSecret.passwordKey },
                },
              }
            : {}),
        },
      ],
    },
  };
}
