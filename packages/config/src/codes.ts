/**
 * Every code @obskit/config's errors carry: loading a config file and validating it. Loading throws
 * an {@link ObskitConfigLoadError} (`notFound`, `loadFailed`, `unknownEnvironment`); validating throws
 * one {@link ObskitConfigError}, always `OBSKIT_INVALID_CONFIG`, whose problems carry the other codes.
 * The CLI maps them to exit statuses; tests and callers match on them rather than on message text.
 */
export const CONFIG_CODES = {
  /** The config is invalid; the {@link ObskitConfigError} lists every problem. */
  invalid: 'OBSKIT_INVALID_CONFIG',
  /** No config file was found upward from the working directory, or the given one does not exist. */
  notFound: 'OBSKIT_CONFIG_NOT_FOUND',
  /** The file could not be read or evaluated (syntax error, a throwing import, no default export). */
  loadFailed: 'OBSKIT_CONFIG_LOAD_FAILED',
  /** `--env` names an environment that is not one of the known ones. */
  unknownEnvironment: 'OBSKIT_CONFIG_UNKNOWN_ENVIRONMENT',
  /** A problem: a value of the wrong type, out of range or not matching its pattern (`pricesFor`: a reasoning price other than the output price). */
  invalidValue: 'OBSKIT_CONFIG_INVALID_VALUE',
  /** A problem: a required field is missing (`pricesFor`: a model's input or output price). */
  missing: 'OBSKIT_CONFIG_MISSING',
  /** A problem: a key the schema does not know (with a "did you mean"). */
  unknownKey: 'OBSKIT_CONFIG_UNKNOWN_KEY',
  /** A problem: a secret written inline (`password`, `token`, …) where the config takes its `*File`. */
  inlineSecret: 'OBSKIT_CONFIG_INLINE_SECRET',
  /** A problem: two services, SLOs or receivers with one name. */
  duplicateName: 'OBSKIT_CONFIG_DUPLICATE_NAME',
  /** A problem: an SLO, cost budget or route names a service the config does not have. */
  unknownService: 'OBSKIT_CONFIG_UNKNOWN_SERVICE',
  /** A problem: the default receiver or a route names a receiver the config does not have. */
  unknownReceiver: 'OBSKIT_CONFIG_UNKNOWN_RECEIVER',
  /** A problem: a route names a time interval the config does not have. */
  unknownTimeInterval: 'OBSKIT_CONFIG_UNKNOWN_TIME_INTERVAL',
  /** A problem: a `ratio` SLI's `good` or `total` is not valid PromQL over known metrics. */
  invalidExpression: 'OBSKIT_CONFIG_INVALID_EXPRESSION',
} as const;

/** One of {@link CONFIG_CODES}. */
export type ConfigCode = (typeof CONFIG_CODES)[keyof typeof CONFIG_CODES];
