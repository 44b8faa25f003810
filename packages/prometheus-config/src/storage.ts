import { isDuration, type ValidationProblem } from '@obskit/catalog';
import { PROMETHEUS_CONFIG_CODES, type PrometheusConfigCode } from './codes.js';
import { PrometheusConfigError } from './errors.js';
import { buildRemoteWrite, TENANT_HEADERS } from './prometheus/remote-write.js';
import type { RemoteWriteConfig } from './prometheus/types.js';
import type { RemoteWriteKind, RemoteWriteTarget, StorageOptions } from './storage-types.js';

/** Write path of each kind, appended to a base URL (one without a path). */
export const REMOTE_WRITE_PATHS: Readonly<Record<Exclude<RemoteWriteKind, 'generic'>, string>> = {
  mimir: '/api/v1/push',
  thanos: '/api/v1/receive',
  victoriametrics: '/api/v1/write',
};

/** VictoriaMetrics cluster write path of a tenant (`accountID`, optionally `accountID:projectID`). */
export const victoriaMetricsTenantPath = (tenant: string): string =>
  `/insert/${tenant}/prometheus/api/v1/write`;

/** A TSDB size as Prometheus reads `--storage.tsdb.retention.size`: a number and a unit B…EB. */
export const RETENTION_SIZE_PATTERN = /^\d+(\.\d+)?(B|KB|MB|GB|TB|PB|EB)$/;
const VM_TENANT = /^\d+(:\d+)?$/;
const TENANT = /^[A-Za-z0-9!\-_.*'()]+$/;

function checkTarget(target: RemoteWriteTarget, subject: string): ValidationProblem<PrometheusConfigCode>[] {
  const problems: ValidationProblem<PrometheusConfigCode>[] = [];
  const add = (message: string) => problems.push({ code: PROMETHEUS_CONFIG_CODES.url, subject, message });
  let url: URL | undefined;
  try {
    url = new URL(target.url);
  } catch {
    add(`Invalid url "${target.url}": expected an http(s) URL such as http://mimir:9009`);
  }
  if (url && url.protocol !== 'http:' && url.protocol !== 'https:') {
    add(`Invalid url "${target.url}": expected an http(s) URL`);
  }
  if (!['mimir', 'thanos', 'victoriametrics', 'generic'].includes(target.kind)) {
    add(`Invalid kind "${String(target.kind)}": expected one of mimir, thanos, victoriametrics, generic`);
  }
  if (target.tenant !== undefined) {
    if (target.kind === 'generic') {
      add(
        `Invalid tenant "${target.tenant}": a generic target has no tenant header (use kind mimir, thanos or victoriametrics)`,
      );
    } else if (target.kind === 'victoriametrics') {
      if (!VM_TENANT.test(target.tenant)) {
        add(
          `Invalid tenant "${target.tenant}": a VictoriaMetrics accountID is a number, optionally "accountID:projectID"`,
        );
      }
    } else if (!TENANT.test(target.tenant)) {
      add(`Invalid tenant "${target.tenant}": expected letters, digits and !-_.*'()`);
    }
  }
  if (url && target.kind === 'victoriametrics' && target.tenant !== undefined && hasPath(url)) {
    const own = /^\/insert\/([^/]+)\//.exec(url.pathname)?.[1];
    if (own !== target.tenant) {
      add(
        `Invalid url "${target.url}": with tenant "${target.tenant}" a VictoriaMetrics cluster URL is ${victoriaMetricsTenantPath(target.tenant)} (give the base URL and obskit adds it)`,
      );
    }
  }
  return problems;
}

const hasPath = (url: URL): boolean => url.pathname !== '' && url.pathname !== '/';

/** The write URL of a target: the kind's path appended when `url` is a base URL. */
export function remoteWriteUrl(target: RemoteWriteTarget): string {
  const url = new URL(target.url);
  if (target.kind === 'generic' || hasPath(url)) return target.url;
  const path =
    target.kind === 'victoriametrics' && target.tenant !== undefined
      ? victoriaMetricsTenantPath(target.tenant)
      : REMOTE_WRITE_PATHS[target.kind];
  return `${url.origin}${path}`;
}

/**
 * remote_write entries of `storage.remoteWrite`: the kind's URL shape, its tenant (Mimir
 * `X-Scope-OrgID`, Thanos `THANOS-TENANT`, VictoriaMetrics the `/insert/<accountID>/` path), auth
 * only from files, queue tuning and the default drop list of @obskit/prometheus-config's
 * {@link buildRemoteWrite}.
 *
 * @throws PrometheusConfigError `OBSKIT_INVALID_URL` listing every invalid target.
 */
export function buildStorageRemoteWrite(targets: readonly RemoteWriteTarget[]): RemoteWriteConfig[] {
  const problems = targets.flatMap((t, i) => checkTarget(t, `storage.remoteWrite[${i}]`));
  if (problems.length > 0) {
    throw new PrometheusConfigError(
      PROMETHEUS_CONFIG_CODES.prometheusConfig,
      'Invalid storage.remoteWrite',
      problems,
    );
  }
  const counts = new Map<string, number>();
  return targets.map((target) => {
    const n = (counts.get(target.kind) ?? 0) + 1;
    counts.set(target.kind, n);
    const auth = target.auth;
    const headerStyle = target.kind === 'mimir' || target.kind === 'thanos' ? target.kind : undefined;
    return buildRemoteWrite(remoteWriteUrl(target), {
      ...(headerStyle && target.tenant !== undefined ? { style: headerStyle, tenant: target.tenant } : {}),
      name: target.name ?? (n === 1 ? target.kind : `${target.kind}-${n}`),
      ...(auth && 'bearerTokenFile' in auth ? { bearerTokenFile: auth.bearerTokenFile } : {}),
      ...(auth && 'basicAuth' in auth ? { basicAuth: auth.basicAuth } : {}),
    });
  });
}

/**
 * Prometheus launch flags of `storage.retention`: `--storage.tsdb.retention.time=<d>` and
 * `--storage.tsdb.retention.size=<size>`; none when neither is set.
 *
 * @throws PrometheusConfigError for a malformed duration or size.
 */
export function buildRetentionArgs(retention: StorageOptions['retention']): string[] {
  if (!retention) return [];
  const problems: ValidationProblem<PrometheusConfigCode>[] = [];
  if (retention.time !== undefined && !isDuration(retention.time)) {
    problems.push({
      code: PROMETHEUS_CONFIG_CODES.duration,
      subject: 'storage.retention.time',
      message: `Invalid retention time "${retention.time}": expected a Prometheus duration such as "15d"`,
    });
  }
  if (retention.size !== undefined && !RETENTION_SIZE_PATTERN.test(retention.size)) {
    problems.push({
      code: PROMETHEUS_CONFIG_CODES.limit,
      subject: 'storage.retention.size',
      message: `Invalid retention size "${retention.size}": expected a number and a unit B, KB, MB, GB, TB, PB or EB, e.g. "50GB"`,
    });
  }
  if (problems.length > 0) {
    throw new PrometheusConfigError(
      PROMETHEUS_CONFIG_CODES.prometheusConfig,
      'Invalid storage.retention',
      problems,
    );
  }
  return [
    ...(retention.time !== undefined ? [`--storage.tsdb.retention.time=${retention.time}`] : []),
    ...(retention.size !== undefined ? [`--storage.tsdb.retention.size=${retention.size}`] : []),
  ];
}

export { TENANT_HEADERS };
