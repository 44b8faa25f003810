/**
 * Every code @obskit/prometheus-config's errors carry: the prometheus.yml, alertmanager.yml, web.yml
 * and gossip TLS checks, the services, storage and notifications options and the profiles. Each throw
 * is one {@link PrometheusConfigError} listing every problem; its `code` is the umbrella code of the
 * file or option checked (or the single problem's code). The CLI maps them to exit statuses; tests
 * and callers match on them rather than on message text. (Renamed from `CONFIG_CODES`, which is
 * @obskit/config's.)
 */
export const PROMETHEUS_CONFIG_CODES = {
  /** Umbrella code of a {@link @obskit/catalog#ObskitValidationError | ObskitValidationError} over a whole prometheus.yml. */
  prometheusConfig: 'OBSKIT_INVALID_PROMETHEUS_CONFIG',
  /** Umbrella code of a {@link @obskit/catalog#ObskitValidationError | ObskitValidationError} over a whole alertmanager.yml. */
  alertmanagerConfig: 'OBSKIT_INVALID_ALERTMANAGER_CONFIG',
  /** Umbrella code of a {@link @obskit/catalog#ObskitValidationError | ObskitValidationError} over a whole web.yml. */
  webConfig: 'OBSKIT_INVALID_WEB_CONFIG',
  /** Umbrella code of a {@link @obskit/catalog#ObskitValidationError | ObskitValidationError} over an Alertmanager gossip TLS file. */
  clusterTlsConfig: 'OBSKIT_INVALID_CLUSTER_TLS_CONFIG',
  /** `validatePrometheusConfig`, `validateAlertmanagerConfig`, `buildRetentionArgs`: a malformed Prometheus duration. */
  duration: 'OBSKIT_INVALID_DURATION',
  /** `validatePrometheusConfig`: a `scrape_timeout` longer than its `scrape_interval`. */
  scrapeTimeout: 'OBSKIT_SCRAPE_TIMEOUT_EXCEEDS_INTERVAL',
  /** `validatePrometheusConfig`, `buildServiceScrapeConfigs`: two scrape jobs (or services) with one name. */
  duplicateJob: 'OBSKIT_DUPLICATE_JOB_NAME',
  /** `validatePrometheusConfig`, `buildServiceScrapeConfigs`: a job or service name that breaks the pattern. */
  jobName: 'OBSKIT_INVALID_JOB_NAME',
  /** `validatePrometheusConfig`, `validateAlertmanagerConfig`: a label name that is not a Prometheus label name. */
  labelName: 'OBSKIT_INVALID_LABEL_NAME',
  /** `validatePrometheusConfig`: an external label value that is not a non-empty string. */
  labelValue: 'OBSKIT_INVALID_LABEL_VALUE',
  /** `validatePrometheusConfig`, `buildServiceScrapeConfigs`: a target that is not `host:port`. */
  target: 'OBSKIT_INVALID_TARGET',
  /** `validatePrometheusConfig` (remote_write), `buildStorageRemoteWrite`: not an absolute http(s) URL. */
  url: 'OBSKIT_INVALID_URL',
  /** `validatePrometheusConfig`, `buildRetentionArgs`: a scrape limit that is not an integer >= 0, or a bad retention size. */
  limit: 'OBSKIT_INVALID_LIMIT',
  /** `validatePrometheusConfig`, `buildServiceScrapeConfigs`: a metrics path that does not start with `/`. */
  metricsPath: 'OBSKIT_INVALID_METRICS_PATH',
  /** `validatePrometheusConfig`: something agent mode has no place for (rule files, alerting, storage). */
  agentMode: 'OBSKIT_AGENT_MODE_UNSUPPORTED',
  /** The prometheus.yml and alertmanager.yml checks: a secret written inline instead of a `*_file` path. */
  literalSecret: 'OBSKIT_LITERAL_SECRET',
  /** The web.yml, alertmanager.yml and secret checks: a required `*_file` secret path is missing. */
  missingSecretFile: 'OBSKIT_MISSING_SECRET_FILE',
  /** Every check, and the e2e, agent and scale profiles: a required field or option is missing. */
  missingField: 'OBSKIT_MISSING_FIELD',
  /** `validateAlertmanagerConfig`, `buildNotificationsAlertmanagerConfig`: a route names no receiver. */
  unknownReceiver: 'OBSKIT_UNKNOWN_RECEIVER',
  /** `validateAlertmanagerConfig`, `buildNotificationsAlertmanagerConfig`: two receivers with one name. */
  duplicateReceiver: 'OBSKIT_DUPLICATE_RECEIVER',
  /** `validateAlertmanagerConfig`, `buildNotificationsAlertmanagerConfig`: a route names no time interval. */
  unknownTimeInterval: 'OBSKIT_UNKNOWN_TIME_INTERVAL',
  /** `validateAlertmanagerConfig`: two time intervals with one name. */
  duplicateTimeInterval: 'OBSKIT_DUPLICATE_TIME_INTERVAL',
  /** `validateAlertmanagerConfig`: a time interval's range that does not parse or is reversed. */
  timeRange: 'OBSKIT_INVALID_TIME_RANGE',
  /** `validatePrometheusConfig` (relabel regex), `validateAlertmanagerConfig`, `buildNotificationsAlertmanagerConfig`: an invalid matcher or regex. */
  matcher: 'OBSKIT_INVALID_MATCHER',
  /** `validateWebConfig`: a basic-auth password that is not a bcrypt hash. */
  bcryptHash: 'OBSKIT_INVALID_BCRYPT_HASH',
  /** `buildMonitoringProfile`: a profile name that is not one of `PROFILE_NAMES`. */
  profile: 'OBSKIT_UNKNOWN_PROFILE',
} as const;

/** One of {@link PROMETHEUS_CONFIG_CODES}. */
export type PrometheusConfigCode = (typeof PROMETHEUS_CONFIG_CODES)[keyof typeof PROMETHEUS_CONFIG_CODES];
