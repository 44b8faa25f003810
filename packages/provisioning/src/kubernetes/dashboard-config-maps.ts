import type { ValidationProblem } from '@obskit/catalog';
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

/** Declarative input of {@link buildDashboardConfigMaps}. */
export interface DashboardConfigMapsOptions {
  readonly namespace: string;
  /** Grafana folder, read by the Grafana sidecar from the `grafana_folder` annotation. @defaultValue `'obskit'` */
  readonly folder?: string;
  /** Extra labels, e.g. `{ release: 'kube-prometheus-stack' }`. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Largest ConfigMap Kubernetes stores (1 MiB). */
export const CONFIG_MAP_MAX_BYTES = 1024 * 1024;

/**
 * One ConfigMap per dashboard, labelled `grafana_dashboard: "1"` so the Grafana sidecar of
 * kube-prometheus-stack loads it. `dashboards` maps each uid to its rendered JSON.
 * https://github.com/kiwigrid/k8s-sidecar
 *
 * @throws ObskitValidationError `OBSKIT_INVALID_KUBERNETES` listing every problem.
 */
export function buildDashboardConfigMaps(
  dashboards: Readonly<Record<string, string>>,
  options: DashboardConfigMapsOptions,
): KubernetesObject[] {
  const labels = { grafana_dashboard: '1', ...MANAGED_BY_LABELS, ...options.labels };
  const problems: ValidationProblem<ProvisioningCode>[] = [
    ...checkNamespace(options.namespace, 'dashboards.namespace'),
    ...checkLabels(labels, 'dashboards.labels'),
  ];
  const objects: KubernetesObject[] = [];
  for (const uid of Object.keys(dashboards).sort()) {
    const name = `grafana-dashboard-${uid}`;
    problems.push(...checkObjectName(name, `dashboard "${uid}"`));
    const bytes = Buffer.byteLength(dashboards[uid], 'utf8');
    if (bytes > CONFIG_MAP_MAX_BYTES) {
      problems.push({
        code: INVALID_KUBERNETES,
        subject: `dashboard "${uid}"`,
        message: `Invalid dashboard size "${bytes} bytes": a ConfigMap holds at most ${CONFIG_MAP_MAX_BYTES} bytes`,
      });
    }
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        namespace: options.namespace,
        labels,
        annotations: { grafana_folder: options.folder ?? 'obskit' },
      },
      data: { [`${uid}.json`]: dashboards[uid] },
    });
  }
  throwIfKubernetesProblems('Invalid dashboard ConfigMaps', problems);
  return objects;
}
