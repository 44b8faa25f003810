import type { ValidationProblem } from '@obskit/catalog';
import { PROMETHEUS_CONFIG_CODES, type PrometheusConfigCode } from '../codes.js';
import { PrometheusConfigError } from '../errors.js';
import {
  buildFileSdScrapeConfig,
  buildStaticScrapeConfig,
  withServiceDiscovery,
  type ScrapeJobOptions,
} from '../prometheus/scrape.js';
import type { RelabelConfig, ScrapeConfig } from '../prometheus/types.js';
import type { ServiceOptions } from './types.js';

/** Service names, which become `job` labels. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9_-]*$/;

/** A Kubernetes label name as the `__meta_kubernetes_service_label_<name>` meta label spells it. */
function metaLabelName(label: string): string {
  return label.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** A literal for an RE2 (fully anchored) regex. */
function literal(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The job options of one service: path, scheme, intervals, limits, auth and TLS from files. */
function jobOptions(
  service: ServiceOptions,
  defaults: { sampleLimit?: number; labelLimit?: number },
): ScrapeJobOptions {
  const auth = service.auth;
  return {
    metricsPath: service.metricsPath,
    scheme: service.scheme,
    scrapeInterval: service.scrapeInterval,
    scrapeTimeout: service.scrapeTimeout,
    sampleLimit: service.sampleLimit ?? defaults.sampleLimit,
    labelLimit: service.labelLimit ?? defaults.labelLimit,
    ...(auth && 'bearerTokenFile' in auth ? { bearerTokenFile: auth.bearerTokenFile } : {}),
    ...(auth && 'basicAuth' in auth ? { basicAuth: auth.basicAuth } : {}),
    ...(service.tlsCaFile !== undefined ? { tls: { caFile: service.tlsCaFile } } : {}),
  };
}

/**
 * Endpoints discovery of the Services carrying every given label (in `namespace`), keeping only the
 * endpoint port of the given name; targets are labelled with namespace, pod and service.
 */
function kubernetesServiceJob(
  name: string,
  selector: { namespace?: string; labels: Readonly<Record<string, string>>; port: string },
  options: ScrapeJobOptions,
): ScrapeConfig {
  const keep: RelabelConfig[] = [
    ...Object.entries(selector.labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([label, value]) => ({
        source_labels: [`__meta_kubernetes_service_label_${metaLabelName(label)}`],
        regex: literal(value),
        action: 'keep' as const,
      })),
    {
      source_labels: ['__meta_kubernetes_endpoint_port_name'],
      regex: literal(selector.port),
      action: 'keep',
    },
    { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace', action: 'replace' },
    { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod', action: 'replace' },
    { source_labels: ['__meta_kubernetes_service_name'], target_label: 'service', action: 'replace' },
  ];
  return withServiceDiscovery(
    name,
    {
      kubernetes_sd_configs: [
        {
          role: 'endpoints',
          ...(selector.namespace !== undefined ? { namespaces: { names: [selector.namespace] } } : {}),
        },
      ],
    },
    keep,
    options,
  );
}

function checkService(
  service: ServiceOptions,
  index: number,
  seen: Set<string>,
): ValidationProblem<PrometheusConfigCode>[] {
  const subject = `services[${index}]`;
  const problems: ValidationProblem<PrometheusConfigCode>[] = [];
  const add = (code: PrometheusConfigCode, message: string) => problems.push({ code, subject, message });
  if (typeof service.name !== 'string' || !SERVICE_NAME_PATTERN.test(service.name)) {
    add(
      PROMETHEUS_CONFIG_CODES.jobName,
      `Invalid service name "${String(service.name)}": must match ${SERVICE_NAME_PATTERN}`,
    );
  } else if (seen.has(service.name)) {
    add(
      PROMETHEUS_CONFIG_CODES.duplicateJob,
      `Duplicate service name "${service.name}": each service is one job`,
    );
  }
  seen.add(service.name);
  const targets = service.targets as Record<string, unknown> | undefined;
  const kinds = targets
    ? Object.keys(targets).filter((k) => ['static', 'kubernetes', 'fileSd'].includes(k))
    : [];
  if (kinds.length !== 1) {
    add(
      PROMETHEUS_CONFIG_CODES.target,
      `Invalid targets of "${String(service.name)}": expected exactly one of { static: ['host:port'] }, { kubernetes: { labels, port } }, { fileSd: ['file.json'] }`,
    );
  }
  if (service.metricsPath !== undefined && !service.metricsPath.startsWith('/')) {
    add(
      PROMETHEUS_CONFIG_CODES.metricsPath,
      `Invalid metricsPath "${service.metricsPath}": must start with "/"`,
    );
  }
  return problems;
}

/**
 * One scrape job per service (`job_name` = the service name): static targets, file_sd files or
 * Kubernetes endpoints discovery; metrics path, scheme, intervals, `sample_limit`/`label_limit`
 * (the service's, else `defaults`), bearer token / basic-auth password / CA only as files.
 *
 * @throws PrometheusConfigError listing every invalid service (names, duplicates, targets).
 * @example buildServiceScrapeConfigs([{ name: 'orders-api', targets: { static: ['localhost:4000'] } }])
 */
export function buildServiceScrapeConfigs(
  services: readonly ServiceOptions[],
  defaults: { readonly sampleLimit?: number; readonly labelLimit?: number } = {},
): ScrapeConfig[] {
  const seen = new Set<string>();
  const problems = services.flatMap((s, i) => checkService(s, i, seen));
  if (problems.length > 0) {
    throw new PrometheusConfigError(PROMETHEUS_CONFIG_CODES.prometheusConfig, 'Invalid services', problems);
  }
  return services.map((service) => {
    const options = jobOptions(service, defaults);
    const targets = service.targets;
    if ('static' in targets) return buildStaticScrapeConfig(service.name, targets.static, options);
    if ('fileSd' in targets) return buildFileSdScrapeConfig(service.name, targets.fileSd, options);
    return kubernetesServiceJob(service.name, targets.kubernetes, options);
  });
}
