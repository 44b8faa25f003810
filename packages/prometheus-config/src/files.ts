import type { AlertmanagerConfig } from './alertmanager/types.js';
import type { ClusterTlsConfig } from './alertmanager/cluster-tls.js';
import type { PrometheusConfig } from './prometheus/types.js';
import type { WebConfig } from './web/web-config.js';

/**
 * The files a set of configs refers to, so a deployment can mount them: rule file globs and file_sd
 * globs (relative to prometheus.yml), secret files and TLS files. Sorted, without duplicates.
 */
export interface ReferencedFiles {
  readonly ruleFiles: readonly string[];
  readonly fileSd: readonly string[];
  /** Password, token, key and webhook-URL files (`*_file` fields, TLS private keys included). */
  readonly secretFiles: readonly string[];
  /** Certificates and CA bundles (not secret). */
  readonly tlsFiles: readonly string[];
}

const TLS_PUBLIC_KEYS = new Set(['cert_file', 'ca_file', 'client_ca_file']);

function collect(value: unknown, into: { secret: Set<string>; tls: Set<string>; fileSd: Set<string> }): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, into);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'file_sd_configs' && Array.isArray(child)) {
      for (const sd of child as { files?: string[] }[]) for (const f of sd.files ?? []) into.fileSd.add(f);
    } else if (typeof child === 'string' && key.endsWith('_file')) {
      (TLS_PUBLIC_KEYS.has(key) ? into.tls : into.secret).add(child);
    } else {
      collect(child, into);
    }
  }
}

/**
 * Lists what the given configs reference.
 * @example listReferencedFiles({ prometheus: [config], alertmanager: amConfig }).secretFiles
 */
export function listReferencedFiles(configs: {
  readonly prometheus?: readonly PrometheusConfig[];
  readonly alertmanager?: AlertmanagerConfig;
  /** web.yml of each server (Prometheus', Alertmanager's). */
  readonly web?: WebConfig | readonly WebConfig[];
  /** Alertmanager's gossip TLS file. */
  readonly clusterTls?: ClusterTlsConfig;
}): ReferencedFiles {
  const into = { secret: new Set<string>(), tls: new Set<string>(), fileSd: new Set<string>() };
  const rules = new Set<string>();
  for (const p of configs.prometheus ?? []) {
    for (const r of p.rule_files ?? []) rules.add(r);
    collect(p, into);
  }
  collect(configs.alertmanager, into);
  collect(configs.web, into);
  collect(configs.clusterTls, into);
  const sorted = (s: Set<string>): string[] => [...s].sort();
  return {
    ruleFiles: sorted(rules),
    fileSd: sorted(into.fileSd),
    secretFiles: sorted(into.secret),
    tlsFiles: sorted(into.tls),
  };
}
