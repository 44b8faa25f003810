import type { ValidationProblem } from '@obskit/catalog';
import { hashSync } from 'bcryptjs';
import { PROMETHEUS_CONFIG_CODES, type PrometheusConfigCode } from '../codes.js';
import { PrometheusConfigError } from '../errors.js';
import { Problems } from '../internal/problems.js';
import { checkLiteralSecrets } from '../internal/secrets.js';

/**
 * Prometheus' `web.yml` (`--web.config.file`, exporter-toolkit):
 * https://prometheus.io/docs/prometheus/latest/configuration/https/
 */
export interface WebConfig {
  readonly tls_server_config?: {
    readonly cert_file: string;
    readonly key_file: string;
    readonly client_auth_type?: 'NoClientCert' | 'RequireAndVerifyClientCert' | 'VerifyClientCertIfGiven';
    readonly client_ca_file?: string;
    readonly min_version?: 'TLS12' | 'TLS13';
  };
  readonly http_server_config?: {
    readonly http2?: boolean;
    readonly headers?: Readonly<Record<string, string>>;
  };
  /** User name → bcrypt hash of the password (never the password). */
  readonly basic_auth_users?: Readonly<Record<string, string>>;
}

/** Options of {@link buildWebConfig}. */
export interface WebConfigOptions {
  /** Serve HTTPS with this certificate and key. */
  readonly tls?: {
    readonly certFile: string;
    readonly keyFile: string;
    /** Require client certificates signed by this CA (mutual TLS). */
    readonly clientCaFile?: string;
    /** @defaultValue `'TLS12'` */
    readonly minVersion?: 'TLS12' | 'TLS13';
  };
  /** User name → bcrypt hash (make one with {@link hashWebPassword}). */
  readonly users?: Readonly<Record<string, string>>;
  /**
   * Add `X-Content-Type-Options`, `X-Frame-Options` and (with TLS) `Strict-Transport-Security`.
   * @defaultValue `true`
   */
  readonly securityHeaders?: boolean;
}

/** bcrypt hash as produced by bcrypt/htpasswd -B: `$2a|b|y$<cost>$<53 chars>`. */
export const BCRYPT_HASH_PATTERN = /^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/;

/**
 * A Prometheus web config: TLS and/or basic-auth users (bcrypt hashes).
 * @example buildWebConfig({ tls: { certFile: 'tls/cert.pem', keyFile: 'tls/key.pem' } })
 */
export function buildWebConfig(options: WebConfigOptions): WebConfig {
  const tls = options.tls;
  const headers: Record<string, string> =
    options.securityHeaders === false
      ? {}
      : {
          'X-Content-Type-Options': 'nosniff',
          'X-Frame-Options': 'deny',
          ...(tls ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
        };
  return {
    ...(tls
      ? {
          tls_server_config: {
            cert_file: tls.certFile,
            key_file: tls.keyFile,
            ...(tls.clientCaFile !== undefined
              ? { client_auth_type: 'RequireAndVerifyClientCert' as const, client_ca_file: tls.clientCaFile }
              : {}),
            min_version: tls.minVersion ?? 'TLS12',
          },
        }
      : {}),
    ...(Object.keys(headers).length > 0 ? { http_server_config: { headers } } : {}),
    ...(options.users && Object.keys(options.users).length > 0
      ? { basic_auth_users: { ...options.users } }
      : {}),
  };
}

/**
 * bcrypt-hashes a password for `basic_auth_users`. Run it when provisioning, never at request time:
 * the hash is deliberately slow.
 * @param cost bcrypt cost factor. @defaultValue 10
 */
export function hashWebPassword(password: string, cost = 10): string {
  return hashSync(password, cost);
}

/** Checks a web.yml: TLS needs both files, every user's password is a bcrypt hash. */
export function validateWebConfig(config: WebConfig): ValidationProblem<PrometheusConfigCode>[] {
  const problems = new Problems();
  const tls = config.tls_server_config;
  if (tls !== undefined) {
    if (!tls.cert_file)
      problems.add(PROMETHEUS_CONFIG_CODES.missingField, 'tls_server_config', 'Missing "cert_file"');
    if (!tls.key_file)
      problems.add(PROMETHEUS_CONFIG_CODES.missingSecretFile, 'tls_server_config', 'Missing "key_file"');
    if (tls.client_auth_type === 'RequireAndVerifyClientCert' && !tls.client_ca_file) {
      problems.add(
        PROMETHEUS_CONFIG_CODES.missingField,
        'tls_server_config',
        'Missing "client_ca_file" for client certificates',
      );
    }
  }
  for (const [user, hash] of Object.entries(config.basic_auth_users ?? {})) {
    if (user === '')
      problems.add(PROMETHEUS_CONFIG_CODES.missingField, 'basic_auth_users', 'Missing user name');
    if (typeof hash !== 'string' || !BCRYPT_HASH_PATTERN.test(hash)) {
      problems.add(
        PROMETHEUS_CONFIG_CODES.bcryptHash,
        `basic_auth_users.${user}`,
        `Invalid password hash for user "${user}": must be a bcrypt hash matching ${BCRYPT_HASH_PATTERN}, never a plain password (use hashWebPassword())`,
      );
    }
  }
  const { basic_auth_users: _users, ...rest } = config;
  checkLiteralSecrets(problems, rest, '');
  return problems.list;
}

/** Throws one {@link PrometheusConfigError} (code `OBSKIT_INVALID_WEB_CONFIG`) listing every problem. */
export function assertValidWebConfig(config: WebConfig): void {
  const problems = validateWebConfig(config);
  if (problems.length > 0)
    throw new PrometheusConfigError(PROMETHEUS_CONFIG_CODES.webConfig, 'Invalid web.yml', problems);
}
