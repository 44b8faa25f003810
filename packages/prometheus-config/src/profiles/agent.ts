import { PrometheusConfigError } from '../errors.js';
import { PROMETHEUS_CONFIG_CODES } from '../codes.js';
import { DEFAULT_CLUSTER_LABEL, DEFAULT_PORTS } from '../config.js';
import { listReferencedFiles } from '../files.js';
import { buildPrometheusConfig } from '../prometheus/prometheus-config.js';
import { hostPort, remoteWriteOf, scrapeJobs } from './shared.js';
import type { MonitoringProfile, ProfileBaseOptions, SharedProfileOptions } from './types.js';

/** Options of the `agent` profile: a remote_write target is required (`storage.remoteWrite` or `remoteWrite`). */
export type AgentProfileOptions = ProfileBaseOptions &
  Pick<SharedProfileOptions, 'prometheusTarget' | 'nodeExporterTargets'>;

/**
 * Agent mode: scrape and remote_write only. Start Prometheus 3 with `--agent` (the profile's args;
 * Prometheus 2.x, which lacks that flag, needs `--enable-feature=agent` instead, and Prometheus 3 ignores
 * that old flag with a warning and runs a full server) and check the file with
 * `promtool check config --agent`. An agent keeps no TSDB, so
 * `storage.retention` is refused.
 */
export function buildAgentProfile(options: AgentProfileOptions = {}): MonitoringProfile {
  const remoteWrite = remoteWriteOf(options);
  const problems: string[] = [];
  if (!remoteWrite) {
    problems.push(
      'Missing option "storage.remoteWrite": an agent only forwards samples, it needs at least one remote_write target',
    );
  }
  const retention = options.storage?.retention;
  if (retention && (retention.time !== undefined || retention.size !== undefined)) {
    problems.push(
      'Invalid option "storage.retention": an agent keeps no TSDB (retention applies to the server profiles)',
    );
  }
  if (problems.length > 0) {
    throw new PrometheusConfigError(
      PROMETHEUS_CONFIG_CODES.missingField,
      'Invalid agent profile options',
      problems.map((message) => ({ code: PROMETHEUS_CONFIG_CODES.missingField, subject: 'agent', message })),
    );
  }
  const config = buildPrometheusConfig({
    mode: 'agent',
    scrapeInterval: options.scrapeInterval,
    scrapeTimeout: options.scrapeTimeout,
    externalLabels: { [DEFAULT_CLUSTER_LABEL]: options.cluster ?? 'agent', ...options.externalLabels },
    scrapeConfigs: scrapeJobs(options, {
      prometheus: options.prometheusTarget ?? hostPort('localhost', DEFAULT_PORTS.prometheus),
      alertmanager: [],
    }),
    remoteWrite,
  });
  return {
    name: 'agent',
    mode: 'agent',
    prometheus: [{ name: 'prometheus-agent', config, args: ['--agent'] }],
    files: listReferencedFiles({ prometheus: [config] }),
  };
}
