import type { ValidationProblem } from '@obskit/catalog';
import { PROMETHEUS_CONFIG_CODES, type PrometheusConfigCode } from '../codes.js';
import { PrometheusConfigError } from '../errors.js';
import { Problems } from '../internal/problems.js';

/**
 * Alertmanager's gossip TLS file (`--cluster.tls-config`): the peer's server side (exporter-toolkit,
 * like web.yml) and its client side towards the other peers.
 * https://prometheus.io/docs/alerting/latest/https/#gossip-traffic
 */
export interface ClusterTlsConfig {
  readonly tls_server_config: {
    readonly cert_file: string;
    readonly key_file: string;
    readonly client_auth_type?: 'RequireAndVerifyClientCert';
    readonly client_ca_file?: string;
    readonly min_version?: 'TLS12' | 'TLS13';
  };
  readonly tls_client_config: {
    readonly ca_file: string;
    readonly cert_file?: string;
    readonly key_file?: string;
    readonly server_name?: string;
  };
}

/** Options of {@link buildClusterTlsConfig}. */
export interface ClusterTlsOptions {
  /** The peer's certificate and key (served, and presented to the other peers). */
  readonly certFile: string;
  readonly keyFile: string;
  /** CA that signed every peer's certificate. */
  readonly caFile: string;
  /** Name every peer's certificate carries. @defaultValue none: each peer's certificate names its host */
  readonly serverName?: string;
  /**
   * Peers present their certificate and accept only peers signed by `caFile`: without it, anything
   * that reaches the gossip port can join the cluster and spread silences. @defaultValue `true`
   */
  readonly mutual?: boolean;
  /** @defaultValue `'TLS12'` */
  readonly minVersion?: 'TLS12' | 'TLS13';
}

/**
 * The gossip TLS file of an Alertmanager cluster, mutual TLS by default.
 * @example buildClusterTlsConfig({ certFile: 'tls/am.crt', keyFile: 'tls/am.key', caFile: 'tls/ca.crt' })
 */
export function buildClusterTlsConfig(options: ClusterTlsOptions): ClusterTlsConfig {
  const mutual = options.mutual ?? true;
  return {
    tls_server_config: {
      cert_file: options.certFile,
      key_file: options.keyFile,
      ...(mutual
        ? { client_auth_type: 'RequireAndVerifyClientCert' as const, client_ca_file: options.caFile }
        : {}),
      min_version: options.minVersion ?? 'TLS12',
    },
    tls_client_config: {
      ca_file: options.caFile,
      ...(mutual ? { cert_file: options.certFile, key_file: options.keyFile } : {}),
      ...(options.serverName !== undefined ? { server_name: options.serverName } : {}),
    },
  };
}

/** Checks a gossip TLS file: the server's certificate and key, the client's CA, a CA for client certificates. */
export function validateClusterTlsConfig(
  config: ClusterTlsConfig,
): ValidationProblem<PrometheusConfigCode>[] {
  const problems = new Problems();
  const server = config.tls_server_config;
  const client = config.tls_client_config;
  const missing = (subject: string, field: string) =>
    problems.add(PROMETHEUS_CONFIG_CODES.missingField, subject, `Missing "${field}"`);
  if (!server?.cert_file) missing('tls_server_config', 'cert_file');
  if (!server?.key_file) missing('tls_server_config', 'key_file');
  if (server?.client_auth_type === 'RequireAndVerifyClientCert' && !server.client_ca_file)
    missing('tls_server_config', 'client_ca_file');
  if (!client?.ca_file) missing('tls_client_config', 'ca_file');
  if (client?.cert_file !== undefined && !client.key_file) missing('tls_client_config', 'key_file');
  return problems.list;
}

/** Throws one {@link PrometheusConfigError} (code `OBSKIT_INVALID_CLUSTER_TLS_CONFIG`) listing every problem. */
export function assertValidClusterTlsConfig(config: ClusterTlsConfig): void {
  const problems = validateClusterTlsConfig(config);
  if (problems.length > 0)
    throw new PrometheusConfigError(
      PROMETHEUS_CONFIG_CODES.clusterTlsConfig,
      'Invalid cluster TLS config',
      problems,
    );
}
