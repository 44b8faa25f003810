import { DEFAULT_JOB_NAMES, DEFAULT_PORTS, DEFAULT_SCRAPE_LIMITS, DEFAULT_SECRETS_DIRS } from '../config.js';
import { buildKubernetesAlerting } from '../prometheus/alerting.js';
import {
  buildKubernetesEndpointsScrapeConfig,
  buildKubernetesPodsScrapeConfig,
  buildStaticScrapeConfig,
} from '../prometheus/scrape.js';
import {
  alertmanagerFor,
  hostPort,
  serviceJobs,
  serverConfig,
  singleServer,
  type StandardRoutingOptions,
} from './shared.js';
import type { MonitoringProfile, ProfileBaseOptions, SharedProfileOptions } from './types.js';

/** Options of the `kubernetes` profile. */
export interface KubernetesProfileOptions
  extends
    ProfileBaseOptions,
    Pick<SharedProfileOptions, 'prometheusTarget' | 'evaluationInterval' | 'ruleFiles' | 'notifications'> {
  /**
   * Also scrape every pod and Service annotated `prometheus.io/scrape: "true"` (jobs
   * `kubernetes-pods` / `kubernetes-endpoints`). @defaultValue true
   */
  readonly annotationDiscovery?: boolean;
  /** Namespaces the annotation discovery looks in. @defaultValue all */
  readonly namespaces?: readonly string[];
  /** Namespace of the Alertmanager Service. @defaultValue `'monitoring'` */
  readonly alertmanagerNamespace?: string;
  /** Where secret files are mounted. @defaultValue `'/etc/obskit/secrets'` */
  readonly secretsDir?: string;
  /** Without `notifications`: the standard severity routing (PagerDuty, Slack, email). */
  readonly alertmanager?: StandardRoutingOptions;
}

/**
 * In-cluster: each service with `targets.kubernetes` is its own endpoints-discovery job (Services
 * selected by labels, the port by name), plus the `prometheus.io/*` annotation convention; Alertmanager
 * found through its Service.
 */
export function buildKubernetesProfile(options: KubernetesProfileOptions = {}): MonitoringProfile {
  const limits = {
    sampleLimit: options.sampleLimit ?? DEFAULT_SCRAPE_LIMITS.sampleLimit,
    labelLimit: options.labelLimit ?? DEFAULT_SCRAPE_LIMITS.labelLimit,
    namespaces: options.namespaces,
  };
  const config = serverConfig(
    options,
    'kubernetes',
    [
      ...(options.annotationDiscovery === false
        ? []
        : [buildKubernetesPodsScrapeConfig(limits), buildKubernetesEndpointsScrapeConfig(limits)]),
      ...serviceJobs(options),
      buildStaticScrapeConfig(DEFAULT_JOB_NAMES.prometheus, [
        options.prometheusTarget ?? hostPort('localhost', DEFAULT_PORTS.prometheus),
      ]),
    ],
    buildKubernetesAlerting({ namespace: options.alertmanagerNamespace }),
  );
  const alertmanager = alertmanagerFor(options, options.secretsDir ?? DEFAULT_SECRETS_DIRS.kubernetes);
  return singleServer('kubernetes', options, config, alertmanager);
}
