import { load } from 'js-yaml';
import { renderPrometheusConfig } from '../render';
import type { PrometheusConfig, ScrapeConfig } from '../prometheus/types';
import { buildKubernetesProfile, type KubernetesProfileOptions } from './kubernetes';

/** The kubernetes profile's prometheus.yml, as Prometheus would read it. */
function prometheusYml(options: KubernetesProfileOptions = {}): PrometheusConfig {
  const [instance] = buildKubernetesProfile(options).prometheus;
  return load(renderPrometheusConfig(instance.config)) as PrometheusConfig;
}

const jobNames = (config: PrometheusConfig) => (config.scrape_configs ?? []).map((c) => c.job_name);
const nodeJob = (config: PrometheusConfig) =>
  config.scrape_configs?.find((c) => c.job_name === 'node') as ScrapeConfig;

describe('the kubernetes profile with nodeExporter', () => {
  it('has no node job unless asked, and the same prometheus.yml with nodeExporter: false', () => {
    expect(jobNames(prometheusYml())).toEqual(['kubernetes-pods', 'kubernetes-endpoints', 'prometheus']);
    const [off] = buildKubernetesProfile({ nodeExporter: false }).prometheus;
    const [unset] = buildKubernetesProfile().prometheus;
    expect(renderPrometheusConfig(off.config)).toBe(renderPrometheusConfig(unset.config));
  });

  it('adds job node last, discovering endpoints in the monitoring namespace by default', () => {
    const config = prometheusYml({ nodeExporter: true });
    expect(jobNames(config)).toEqual(['kubernetes-pods', 'kubernetes-endpoints', 'prometheus', 'node']);
    expect(nodeJob(config)).toEqual({
      job_name: 'node',
      metrics_path: '/metrics',
      scheme: 'http',
      sample_limit: 20000,
      label_limit: 30,
      kubernetes_sd_configs: [{ role: 'endpoints', namespaces: { names: ['monitoring'] } }],
      relabel_configs: [
        { source_labels: ['__meta_kubernetes_service_name'], regex: 'obskit-node-exporter', action: 'keep' },
        { source_labels: ['__meta_kubernetes_endpoint_port_name'], regex: 'metrics', action: 'keep' },
        {
          source_labels: ['__meta_kubernetes_pod_node_name'],
          regex: '(.+)',
          target_label: 'instance',
          action: 'replace',
        },
        // Last, so that the endpoint's own node name wins over the pod's.
        {
          source_labels: ['__meta_kubernetes_endpoint_node_name'],
          regex: '(.+)',
          target_label: 'instance',
          action: 'replace',
        },
      ],
    });
  });

  it("discovers in the namespace given, with the profile's scrape limits", () => {
    const job = nodeJob(
      prometheusYml({ nodeExporter: { namespace: 'obs' }, sampleLimit: 50_000, labelLimit: 40 }),
    );
    expect(job.kubernetes_sd_configs).toEqual([{ role: 'endpoints', namespaces: { names: ['obs'] } }]);
    expect([job.sample_limit, job.label_limit]).toEqual([50_000, 40]);
    expect(nodeJob(prometheusYml({ nodeExporter: {} })).kubernetes_sd_configs).toEqual([
      { role: 'endpoints', namespaces: { names: ['monitoring'] } },
    ]);
  });

  it('keeps the annotation discovery and the services apart from the node job', () => {
    const config = prometheusYml({
      nodeExporter: true,
      annotationDiscovery: false,
      services: [
        { name: 'orders-api', targets: { kubernetes: { labels: { app: 'orders' }, port: 'http' } } },
      ],
    });
    expect(jobNames(config)).toEqual(['orders-api', 'prometheus', 'node']);
  });
});
