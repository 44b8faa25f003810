import { VERSIONS, promQuery, startPrometheus, type RunningServer } from '@obskit/testing';
import { NODE_EXPORTER_VERSION, renderDeploymentTree } from '../src/index';
import {
  expectHostAlertsSelect,
  expectHostRowReads,
  hostExporterArgs,
  nodeExporterDocs,
  startDaemonSetExporter,
  waitForNodeScrapes,
  type NodeExporterDoc,
} from './node-exporter-live';

/*
 * The opt-in node_exporter objects (`kubernetes.nodeExporter`) against the real node_exporter 1.11 and
 * Prometheus 3.5 — without a cluster: node_exporter runs with the DaemonSet's own flags (the host paths
 * where the DaemonSet mounts them, the harness' loopback address), and Prometheus scrapes it as the
 * Prometheus operator would from the ServiceMonitor: job named after the Service (the operator's
 * default), the pod's node name as a discovered label, then the ServiceMonitor's relabelings. The series
 * must come out as job `node` on the node's name, which the System Health host row and the host alerts read.
 */
jest.setTimeout(90_000);

const docs = nodeExporterDocs(
  renderDeploymentTree({ profile: 'kubernetes', kubernetes: { nodeExporter: true } }),
);
const monitor = docs.find((d) => d.kind === 'ServiceMonitor') as NodeExporterDoc;
const NODE = 'worker-1';
const exporterArgs = hostExporterArgs(docs);

/** The operator's renaming of a RelabelConfig into Prometheus' `relabel_config`. */
const toPrometheus = (r: Record<string, unknown>) => ({
  ...(r.action !== undefined ? { action: r.action } : {}),
  ...(r.sourceLabels !== undefined ? { source_labels: r.sourceLabels } : {}),
  ...(r.regex !== undefined ? { regex: r.regex } : {}),
  ...(r.targetLabel !== undefined ? { target_label: r.targetLabel } : {}),
  ...(r.replacement !== undefined ? { replacement: r.replacement } : {}),
});

describe('the node_exporter DaemonSet flags and ServiceMonitor relabelings, on the real binaries', () => {
  let exporter: RunningServer;
  let prometheus: RunningServer;

  beforeAll(async () => {
    expect(exporterArgs).toContain('--path.procfs=/proc');
    expect(exporterArgs).toContain('--path.rootfs=/');
    exporter = await startDaemonSetExporter(docs);
    prometheus = await startPrometheus({
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        scrape_configs: [
          {
            job_name: monitor.metadata.name,
            static_configs: [
              {
                targets: [`127.0.0.1:${exporter.port}`],
                labels: { __meta_kubernetes_pod_node_name: NODE },
              },
            ],
            relabel_configs: monitor.spec.endpoints[0].relabelings.map(toPrometheus),
          },
        ],
      },
    });
    await waitForNodeScrapes(prometheus);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
  });

  it('scrapes the target as job "node" on the node name, never as the Service name', async () => {
    const up = await promQuery(prometheus.url, 'up');
    expect(up.map((s) => [s.metric.job, s.metric.instance, s.value[1]])).toEqual([['node', NODE, '1']]);
  });

  it('answers every host panel of System Health with the Job variable set to node', async () => {
    await expectHostRowReads(prometheus, [NODE]);
  });

  it("selects the node's series with each host alert's expression", async () => {
    await expectHostAlertsSelect(prometheus, [NODE]);
  });

  it('runs the pinned version with every flag of the DaemonSet (node_exporter refuses an unknown one)', async () => {
    const [build] = await promQuery(prometheus.url, 'node_exporter_build_info');
    expect(build.metric.version).toBe(NODE_EXPORTER_VERSION);
    expect(VERSIONS.current.node_exporter).toBe(NODE_EXPORTER_VERSION);
    const mounts = await promQuery(prometheus.url, 'node_filesystem_avail_bytes');
    expect(mounts.map((s) => s.metric.mountpoint)).toContain('/');
    expect(mounts.filter((s) => /^\/(dev|proc|sys)($|\/)/.test(s.metric.mountpoint))).toEqual([]);
  });
});
