import { load } from 'js-yaml';
import { startPrometheus, promQuery, type RunningServer } from '@obskit/testing';
import type { PrometheusConfig, ScrapeConfig } from '@obskit/prometheus-config';
import { renderDeploymentTree } from '../src/index';
import {
  expectHostAlertsSelect,
  expectHostRowReads,
  nodeExporterDocs,
  startDaemonSetExporter,
  waitForNodeScrapes,
} from './node-exporter-live';

/*
 * The kubernetes profile's `node` job — what a Prometheus run without the Prometheus Operator scrapes
 * the opt-in node_exporter DaemonSet with — against the real node_exporter 1.11 and Prometheus 3.5,
 * without a cluster: the generated job runs as it is, except that its endpoints discovery is swapped
 * for a file_sd file holding the targets endpoints discovery would find, with the `__meta_kubernetes_*`
 * labels it would set (meta labels of file_sd targets reach relabelling as they would). Its
 * relabelling must keep only the obskit Service's metrics port, on the node's name, as job `node`.
 */
jest.setTimeout(90_000);

const NAMESPACE = 'obs';
const files = renderDeploymentTree({
  profile: 'kubernetes',
  namespace: NAMESPACE,
  kubernetes: { nodeExporter: true },
});
const prometheusYml = load(files['prometheus/prometheus.yml']) as PrometheusConfig;
const nodeJob = prometheusYml.scrape_configs?.find((c) => c.job_name === 'node') as ScrapeConfig;
const docs = nodeExporterDocs(files);
const service = docs.find((d) => d.kind === 'Service') as unknown as {
  metadata: { name: string };
  spec: { ports: { name: string }[] };
};

/** The labels endpoints discovery sets on one endpoint (address) of a Service port. */
function endpoint(labels: {
  service: string;
  port: string;
  endpointNode?: string;
  podNode: string;
}): Record<string, string> {
  return {
    __meta_kubernetes_namespace: NAMESPACE,
    __meta_kubernetes_service_name: labels.service,
    __meta_kubernetes_endpoint_port_name: labels.port,
    __meta_kubernetes_endpoint_ready: 'true',
    ...(labels.endpointNode !== undefined
      ? { __meta_kubernetes_endpoint_node_name: labels.endpointNode }
      : {}),
    __meta_kubernetes_pod_node_name: labels.podNode,
    __meta_kubernetes_pod_name: `${labels.service}-${labels.podNode}`,
  };
}

describe("the kubernetes profile's node job, on the real node_exporter and Prometheus", () => {
  let exporter: RunningServer;
  let prometheus: RunningServer;

  beforeAll(async () => {
    expect(nodeJob.kubernetes_sd_configs).toEqual([
      { role: 'endpoints', namespaces: { names: [NAMESPACE] } },
    ]);
    exporter = await startDaemonSetExporter(docs);
    const address = `127.0.0.1:${exporter.port}`;
    const [port] = service.spec.ports;
    const groups = [
      // The DaemonSet's pod on worker-1, as endpoints discovery sees it.
      { service: service.metadata.name, port: port.name, endpointNode: 'worker-1', podNode: 'worker-1' },
      // An endpoint without its node's name (the address of worker-2's pod): the pod's node names it.
      { service: service.metadata.name, port: port.name, podNode: 'worker-2' },
      // Another installation's node-exporter Service in the namespace, on its own port of that name.
      { service: 'node-exporter', port: port.name, endpointNode: 'worker-3', podNode: 'worker-3' },
      // Another port of the obskit Service's name.
      { service: service.metadata.name, port: 'https', endpointNode: 'worker-4', podNode: 'worker-4' },
    ].map((labels) => ({ targets: [address], labels: endpoint(labels) }));
    const { kubernetes_sd_configs: _discovery, ...job } = nodeJob;
    prometheus = await startPrometheus({
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        scrape_configs: [{ ...job, file_sd_configs: [{ files: ['targets/endpoints.json'] }] }],
      },
      files: { 'targets/endpoints.json': `${JSON.stringify(groups, null, 2)}\n` },
    });
    await waitForNodeScrapes(prometheus);
  });

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
  });

  it("scrapes only the obskit Service's metrics port, as job node on the node's name", async () => {
    const up = await promQuery(prometheus.url, 'up');
    expect(up.map((s) => [s.metric.job, s.metric.instance, s.value[1]]).sort()).toEqual([
      ['node', 'worker-1', '1'],
      ['node', 'worker-2', '1'],
    ]);
  });

  it('drops the other Service and the other port', async () => {
    const response = await prometheus.fetch('/api/v1/targets?state=dropped');
    const body = (await response.json()) as {
      data: { droppedTargets: { discoveredLabels: Record<string, string> }[] };
    };
    const dropped = body.data.droppedTargets.map((t) => [
      t.discoveredLabels.__meta_kubernetes_service_name,
      t.discoveredLabels.__meta_kubernetes_endpoint_port_name,
    ]);
    expect(dropped.sort()).toEqual([
      ['node-exporter', 'metrics'],
      ['obskit-node-exporter', 'https'],
    ]);
  });

  it('answers every host panel of System Health with the Job variable set to node', async () => {
    await expectHostRowReads(prometheus, ['worker-1', 'worker-2']);
  });

  it("selects the nodes' series with each host alert's expression", async () => {
    await expectHostAlertsSelect(prometheus, ['worker-1', 'worker-2']);
  });
});
