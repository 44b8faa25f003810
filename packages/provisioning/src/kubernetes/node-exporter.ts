import type { ValidationProblem } from '@obskit/catalog';
import { DEFAULT_JOB_NAMES, DEFAULT_PORTS, KUBERNETES_NODE_EXPORTER } from '@obskit/prometheus-config';
import type { ProvisioningCode } from '../codes.js';
import { IMAGES, NODE_EXPORTER_VERSION } from '../images.js';
import {
  MANAGED_BY_LABELS,
  checkLabels,
  checkNamespace,
  throwIfKubernetesProblems,
  type KubernetesObject,
} from './objects.js';
import { buildServiceMonitor, type ServiceMonitorRelabeling } from './service-monitor.js';

/** Declarative input of {@link buildNodeExporterObjects}. */
export interface NodeExporterObjectsOptions {
  /** Namespace of the DaemonSet, its Service and its ServiceMonitor. */
  readonly namespace: string;
  /** Extra labels on the three objects, e.g. `{ release: 'kube-prometheus-stack' }`. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Name of the DaemonSet, the Service and the ServiceMonitor: not kube-prometheus' `node-exporter`, so
 * that `kubectl apply` never replaces another installation's objects of that name. The kubernetes
 * profile's `node` job keeps the endpoints of the Service of this name (`KUBERNETES_NODE_EXPORTER`).
 */
export const NODE_EXPORTER_OBJECT_NAME = KUBERNETES_NODE_EXPORTER.serviceName;

/** Labels the Service and the pods carry and the ServiceMonitor and the DaemonSet select on. */
const SELECTOR = {
  'app.kubernetes.io/name': 'node-exporter',
  'app.kubernetes.io/instance': NODE_EXPORTER_OBJECT_NAME,
} as const;
const PORT_NAME = KUBERNETES_NODE_EXPORTER.portName;
/** The host's filesystems, mounted read-only under /host (the upstream charts' layout). */
const HOST_PATHS = [
  { name: 'proc', path: '/proc', mountPath: '/host/proc' },
  { name: 'sys', path: '/sys', mountPath: '/host/sys' },
  { name: 'root', path: '/', mountPath: '/host/root' },
] as const;

/**
 * node_exporter's flags in the DaemonSet: the host's /proc, /sys and / (mounted under /host), and the
 * exclusions of kube-prometheus' node-exporter — the kubelet's and the container runtimes' per-pod
 * mounts, and the pods' veth (and Calico's 15-hex-digit) interfaces, which come and go with every pod.
 */
export const NODE_EXPORTER_ARGS: readonly string[] = [
  `--web.listen-address=:${DEFAULT_PORTS.nodeExporter}`,
  '--path.procfs=/host/proc',
  '--path.sysfs=/host/sys',
  '--path.rootfs=/host/root',
  '--path.udev.data=/host/root/run/udev/data',
  '--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run/k3s/containerd/.+|var/lib/docker/.+|var/lib/kubelet/pods/.+)($|/)',
  '--collector.netclass.ignored-devices=^(veth.*|[a-f0-9]{15})$',
  '--collector.netdev.device-exclude=^(veth.*|[a-f0-9]{15})$',
];

/**
 * Relabellings of the node_exporter ServiceMonitor: `job` is `node` (the operator would set the
 * Service's name), which the System Health host row and the host alerts' descriptions name, as the
 * Compose stack and `obskit up` scrape it; `instance` is the node's name rather than its IP and port.
 */
export const NODE_EXPORTER_RELABELINGS: readonly ServiceMonitorRelabeling[] = [
  { action: 'replace', targetLabel: 'job', replacement: DEFAULT_JOB_NAMES.node },
  {
    action: 'replace',
    sourceLabels: [KUBERNETES_NODE_EXPORTER.nodeNameLabel],
    regex: '(.+)',
    targetLabel: 'instance',
    replacement: '$1',
  },
];

/** The pod template's container: read-only root, no privilege, every capability dropped. */
function container(image: string): Record<string, unknown> {
  return {
    name: 'node-exporter',
    image,
    args: [...NODE_EXPORTER_ARGS],
    ports: [
      {
        name: PORT_NAME,
        containerPort: DEFAULT_PORTS.nodeExporter,
        hostPort: DEFAULT_PORTS.nodeExporter,
        protocol: 'TCP',
      },
    ],
    readinessProbe: { httpGet: { path: '/', port: PORT_NAME } },
    resources: {
      requests: { cpu: '100m', memory: '180Mi' },
      limits: { cpu: '250m', memory: '180Mi' },
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: HOST_PATHS.map((h) => ({
      name: h.name,
      mountPath: h.mountPath,
      readOnly: true,
      // Filesystems the host mounts later (a new disk) show up in the container too.
      mountPropagation: 'HostToContainer',
    })),
  };
}

/**
 * One node_exporter pod on every node: the host's network and PID namespaces (its interfaces and
 * processes, not the pod's), tolerating every taint, as nobody (65534).
 */
function daemonSet(namespace: string, labels: Record<string, string>): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: NODE_EXPORTER_OBJECT_NAME, namespace, labels },
    spec: {
      selector: { matchLabels: { ...SELECTOR } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
      template: {
        metadata: {
          labels: { ...SELECTOR, 'app.kubernetes.io/component': 'exporter' },
          annotations: { 'kubectl.kubernetes.io/default-container': 'node-exporter' },
        },
        spec: {
          hostNetwork: true,
          hostPID: true,
          automountServiceAccountToken: false,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ operator: 'Exists' }],
          securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534 },
          containers: [container(IMAGES.nodeExporter)],
          volumes: HOST_PATHS.map((h) => ({ name: h.name, hostPath: { path: h.path } })),
        },
      },
    },
  };
}

/** A headless Service over the pods: the endpoints the ServiceMonitor discovers, one per node. */
function service(namespace: string, labels: Record<string, string>): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: NODE_EXPORTER_OBJECT_NAME, namespace, labels },
    spec: {
      clusterIP: 'None',
      selector: { ...SELECTOR },
      ports: [{ name: PORT_NAME, port: DEFAULT_PORTS.nodeExporter, targetPort: PORT_NAME, protocol: 'TCP' }],
    },
  };
}

/**
 * node_exporter for a cluster that does not run kube-prometheus-stack (whose own node-exporter
 * DaemonSet would make this one a second scrape of every node, and a second of each host alert): a
 * DaemonSet of the pinned image (`IMAGES.nodeExporter`, the version obskit's tests run), a headless
 * Service and a ServiceMonitor whose targets carry `job="node"` and the node's name as `instance`.
 * https://github.com/prometheus/node_exporter#docker
 *
 * @throws ObskitValidationError `OBSKIT_INVALID_KUBERNETES` listing every problem.
 */
export function buildNodeExporterObjects(options: NodeExporterObjectsOptions): KubernetesObject[] {
  // The selector's labels last: the ServiceMonitor must find the Service whatever the extra labels say.
  const labels = {
    'app.kubernetes.io/component': 'exporter',
    'app.kubernetes.io/version': NODE_EXPORTER_VERSION,
    ...MANAGED_BY_LABELS,
    ...options.labels,
    ...SELECTOR,
  };
  const problems: ValidationProblem<ProvisioningCode>[] = [
    ...checkNamespace(options.namespace, 'nodeExporter.namespace'),
    ...checkLabels(labels, 'nodeExporter.labels'),
  ];
  throwIfKubernetesProblems('Invalid node_exporter objects', problems);
  return [
    daemonSet(options.namespace, labels),
    service(options.namespace, labels),
    buildServiceMonitor({
      name: NODE_EXPORTER_OBJECT_NAME,
      namespace: options.namespace,
      selector: { ...SELECTOR },
      port: PORT_NAME,
      relabelings: NODE_EXPORTER_RELABELINGS,
      labels,
    }),
  ];
}
