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

/** node_exporter version of {@link IMAGES} (the Kubernetes DaemonSet's `app.kubernetes.io/version`). */
export const NODE_EXPORTER_VERSION = IMAGES.nodeExporter.replace(/^.*:v/, '');

/**
 * Images the `scale` stack adds: single-node VictoriaMetrics and vmalert, the 1.145 line obskit's live
 * scale test runs (Debian sid's `victoria-metrics` package). Kept apart from {@link IMAGES}, which every
 * other stack runs.
 */
export const SCALE_IMAGES = {
  victoriaMetrics: 'victoriametrics/victoria-metrics:v1.145.0',
  vmalert: 'victoriametrics/vmalert:v1.145.0',
} as const;
