// The names this package takes from @obskit/dashboards, in one place.
// TODO(#8): re-export from @obskit/dashboards once it exports them.
export const PROMETHEUS_DATASOURCE_UID = 'obskit-prometheus';
export const ALERTMANAGER_DATASOURCE_UID = 'obskit-alertmanager';
export const TEMPO_DATASOURCE_UID = 'obskit-tempo';
export const LOKI_DATASOURCE_UID = 'obskit-loki';
export const EXEMPLAR_TRACE_ID_LABEL = 'trace_id';
