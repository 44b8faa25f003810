/**
 * Stable codes of every problem this package reports. The CLI maps them to exit statuses; tests and
 * callers match on them rather than on message text.
 */
export const CONFIG_CODES = {
  /** Umbrella code of a {@link @obskit/catalog#ObskitValidationError | ObskitValidationError} over a whole prometheus.yml. */
  prometheusConfig: 'OBSKIT_INVALID_PROMETHEUS_CONFIG',
  /** Umbrella code of a {@link @obskit/catalog#ObskitValidationError | ObskitValidationError} over a whole alertmanager.yml. */
  alertmanagerConfig: 'OBSKIT_INVALID_ALERTMANAGER_CONFIG',
  /** Umbrella code of a {@link @obskit/catalog#ObskitValidationError | ObskitValidationError} over a whole web.yml. */
  webConfig: 'OBSKIT_INVALID_WEB_CONFIG',
  /** Umbrella code of a {@link @obskit/catalog#ObskitValidationError | ObskitValidationError} over an Alertmanager gossip TLS file. */
  clusterTlsConfig: 'OBSKIT_INVALID_CLUSTER_TLS_CONFIG',
  duration: 'OBSKIT_INVALID_DURATION',
  scrapeTimeout: 'OBSKIT_SCRAPE_TIMEOUT_EXCEEDS_INTERVAL',
  duplicateJob: 'OBSKIT_DUPLICATE_JOB_NAME',
  jobName: 'OBSKIT_INVALID_JOB_NAME',
  labelName: 'OBSKIT_INVALID_LABEL_NAME',
  labelValue: 'OBSKIT_INVALID_LABEL_VALUE',
  target: 'OBSKIT_INVALID_TARGET',
  url: 'OBSKIT_INVALID_URL',
  limit: 'OBSKIT_INVALID_LIMIT',
  metricsPath: 'OBSKIT_INVALID_METRICS_PATH',
  agentMode: 'OBSKIT_AGENT_MODE_UNSUPPORTED',
  literalSecret: 'OBSKIT_LITERAL_SECRET',
  missingSecretFile: 'OBSKIT_MISSING_SECRET_FILE',
  missingField: 'OBSKIT_MISSING_FIELD',
  unknownReceiver: 'OBSKIT_UNKNOWN_RECEIVER',
  duplicateReceiver: 'OBSKIT_DUPLICATE_RECEIVER',
  unknownTimeInterval: 'OBSKIT_UNKNOWN_TIME_INTERVAL',
  duplicateTimeInterval: 'OBSKIT_DUPLICATE_TIME_INTERVAL',
  timeRange: 'OBSKIT_INVALID_TIME_RANGE',
  matcher: 'OBSKIT_INVALID_MATCHER',
  bcryptHash: 'OBSKIT_INVALID_BCRYPT_HASH',
  profile: 'OBSKIT_UNKNOWN_PROFILE',
} as const;

/** One of the codes in {@link CONFIG_CODES}. */
export type ConfigCode = (typeof CONFIG_CODES)[keyof typeof CONFIG_CODES];
