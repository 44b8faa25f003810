/**
 * Container images of the Compose stack, pinned to a version (never `latest`): the same Prometheus,
 * Alertmanager and node_exporter versions obskit's live tests run (the `current` line of
 * `@obskit/testing`, Debian sid's builds of these upstream releases). Grafana is the version whose
 * dashboard schema (`schemaVersion` 42) @grafana/grafana-foundation-sdk 0.0.21 targets.
 */
export const IMAGES = {
  prometheus: 'prom/prometheus:v3.5.3',
  alertmanager: 'prom/alertmanager:v0.33.1',
  nodeExporter: 'prom/node-exporter:v1.11.1',
  grafana: 'grafana/grafana:12.2.1',
} as const;

/** Prometheus version the Grafana datasource announces (feature detection), from {@link IMAGES}. */
export const PROMETHEUS_VERSION = IMAGES.prometheus.replace(/^.*:v/, '');
