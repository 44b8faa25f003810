// The names this package takes from @obskit/dashboards, in one place.
export {
  ALERTMANAGER_DATASOURCE_UID,
  EXEMPLAR_TRACE_ID_LABEL,
  LOKI_DATASOURCE_UID,
  PROMETHEUS_DATASOURCE_UID,
  TEMPO_DATASOURCE_UID,
} from '@obskit/dashboards';
