/**
 * Container images of the Compose stack, pinned to a version (never `latest`). Grafana is the
 * version whose dashboard schema (`schemaVersion` 42) @grafana/grafana-foundation-sdk 0.0.21 targets.
 */
export const IMAGES = {
  prometheus: 'prom/prometheus:v2.53.2',
  alertmanager: 'prom/alertmanager:v0.27.0',
  grafana: 'grafana/grafana:12.2.1',
} as const;

/** Prometheus version the Grafana datasource announces (feature detection), from {@link IMAGES}. */
export const PROMETHEUS_VERSION = IMAGES.prometheus.replace(/^.*:v/, '');
