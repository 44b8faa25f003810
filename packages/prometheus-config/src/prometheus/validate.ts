import { LABEL_NAME_PATTERN, type ValidationProblem } from '@obskit/catalog';
import { PROMETHEUS_CONFIG_CODES, type PrometheusConfigCode } from '../codes.js';
import { PrometheusConfigError } from '../errors.js';
import { checkDuration } from '../duration.js';
import { Problems, checkUrl } from '../internal/problems.js';
import { checkHttpAuth, checkLiteralSecrets } from '../internal/secrets.js';
import type {
  AlertingConfig,
  GlobalConfig,
  PrometheusConfig,
  PrometheusMode,
  RelabelConfig,
  RemoteWriteConfig,
  ScrapeConfig,
  StaticConfig,
} from './types.js';

/** `host:port` (port optional), IPv6 in brackets; no scheme, no path. */
export const TARGET_PATTERN = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(:\d{1,5})?$/;
/** Job names: non-empty, no leading/trailing space. */
const JOB_NAME_PATTERN = /^\S(.*\S)?$/;

/** Options of {@link validatePrometheusConfig}. */
export interface PrometheusValidationOptions {
  /** @defaultValue `'server'` */
  readonly mode?: PrometheusMode;
}

function checkLabelName(problems: Problems, subject: string, name: string, what: string): void {
  if (!LABEL_NAME_PATTERN.test(name) || name.startsWith('__')) {
    problems.add(
      PROMETHEUS_CONFIG_CODES.labelName,
      subject,
      `Invalid ${what} "${name}": must match ${LABEL_NAME_PATTERN} and not start with "__"`,
    );
  }
}

function checkStaticConfigs(
  problems: Problems,
  subject: string,
  configs: readonly StaticConfig[] = [],
): void {
  configs.forEach((sc, i) => {
    if (!Array.isArray(sc.targets) || sc.targets.length === 0) {
      problems.add(
        PROMETHEUS_CONFIG_CODES.target,
        subject,
        `Missing targets in static_configs[${i}]: must list at least one`,
      );
    }
    for (const target of sc.targets ?? []) {
      const port = Number(/:(\d+)$/.exec(target)?.[1] ?? '1');
      if (!TARGET_PATTERN.test(target) || port < 1 || port > 65535) {
        problems.add(
          PROMETHEUS_CONFIG_CODES.target,
          subject,
          `Invalid target "${target}": must be "host:port" without scheme or path (e.g. "127.0.0.1:3000")`,
        );
      }
    }
    for (const name of Object.keys(sc.labels ?? {}))
      checkLabelName(problems, subject, name, 'target label name');
  });
}

function checkRelabel(
  problems: Problems,
  subject: string,
  field: string,
  configs?: readonly RelabelConfig[],
): void {
  (configs ?? []).forEach((rc, i) => {
    if (rc.regex !== undefined) {
      try {
        new RegExp(rc.regex);
      } catch {
        problems.add(
          PROMETHEUS_CONFIG_CODES.matcher,
          subject,
          `Invalid regex "${rc.regex}" in ${field}[${i}]`,
        );
      }
    }
  });
}

function checkLimit(problems: Problems, subject: string, field: string, value: unknown): void {
  if (value !== undefined && (!Number.isInteger(value) || (value as number) < 0)) {
    problems.add(
      PROMETHEUS_CONFIG_CODES.limit,
      subject,
      `Invalid ${field} "${String(value)}": must be an integer >= 0`,
    );
  }
}

/**
 * Checks the global section: durations, scrape timeout vs interval and external labels.
 * @returns the global scrape interval in ms (Prometheus's default 1m when unset or invalid)
 */
function checkGlobal(problems: Problems, global: GlobalConfig): number {
  const globalInterval =
    checkDuration(problems, 'global', 'scrape_interval', global.scrape_interval) ?? 60_000;
  const globalTimeout = checkDuration(problems, 'global', 'scrape_timeout', global.scrape_timeout);
  checkDuration(problems, 'global', 'evaluation_interval', global.evaluation_interval);
  if (globalTimeout !== undefined && globalTimeout > globalInterval) {
    problems.add(
      PROMETHEUS_CONFIG_CODES.scrapeTimeout,
      'global',
      `Invalid scrape_timeout "${global.scrape_timeout}": must not exceed scrape_interval "${global.scrape_interval ?? '1m'}"`,
    );
  }
  for (const [name, value] of Object.entries(global.external_labels ?? {})) {
    checkLabelName(problems, 'global.external_labels', name, 'external label name');
    if (typeof value !== 'string' || value === '') {
      problems.add(
        PROMETHEUS_CONFIG_CODES.labelValue,
        'global.external_labels',
        `Invalid value "${String(value)}" of external label "${name}": must be a non-empty string`,
      );
    }
  }

  return globalInterval;
}

/** Checks what agent mode forbids (rules, alerting, evaluation interval) and requires (remote_write). */
function checkAgentMode(problems: Problems, config: PrometheusConfig): void {
  const global = config.global ?? {};
  if (config.rule_files?.length) {
    problems.add(
      PROMETHEUS_CONFIG_CODES.agentMode,
      'rule_files',
      'Invalid "rule_files" in agent mode: agents evaluate no rules',
    );
  }
  if (config.alerting) {
    problems.add(
      PROMETHEUS_CONFIG_CODES.agentMode,
      'alerting',
      'Invalid "alerting" in agent mode: agents send no alerts',
    );
  }
  if (global.evaluation_interval !== undefined) {
    problems.add(
      PROMETHEUS_CONFIG_CODES.agentMode,
      'global',
      'Invalid "evaluation_interval" in agent mode: agents evaluate no rules',
    );
  }
  if (!config.remote_write?.length) {
    problems.add(
      PROMETHEUS_CONFIG_CODES.agentMode,
      'remote_write',
      'Missing "remote_write" in agent mode: an agent keeps no queryable data and must forward it',
    );
  }
}

/** Checks that each rule file entry is a non-empty path or glob. */
function checkRuleFiles(problems: Problems, ruleFiles: readonly string[] | undefined): void {
  for (const pattern of ruleFiles ?? []) {
    if (typeof pattern !== 'string' || pattern.trim() === '') {
      problems.add(
        PROMETHEUS_CONFIG_CODES.missingField,
        'rule_files',
        `Invalid rule file "${String(pattern)}": must be a path or glob`,
      );
    }
  }
}

/**
 * Checks one scrape job: its name (unique among `seen`, which it extends), durations against the
 * global interval, metrics path, limits, targets, relabelling and HTTP auth.
 */
function checkScrapeJob(
  problems: Problems,
  job: ScrapeConfig,
  i: number,
  seen: Map<string, number>,
  global: GlobalConfig,
  globalInterval: number,
): void {
  const subject = `scrape_configs[${i}] (job "${job.job_name}")`;
  if (typeof job.job_name !== 'string' || !JOB_NAME_PATTERN.test(job.job_name)) {
    problems.add(
      PROMETHEUS_CONFIG_CODES.jobName,
      subject,
      `Invalid job name "${String(job.job_name)}": must be a non-empty string`,
    );
  } else if (seen.has(job.job_name)) {
    problems.add(
      PROMETHEUS_CONFIG_CODES.duplicateJob,
      subject,
      `Duplicate job name "${job.job_name}": already used by scrape_configs[${seen.get(job.job_name)}]`,
    );
  } else {
    seen.set(job.job_name, i);
  }
  const interval = checkDuration(problems, subject, 'scrape_interval', job.scrape_interval) ?? globalInterval;
  const timeout = checkDuration(problems, subject, 'scrape_timeout', job.scrape_timeout);
  if (timeout !== undefined && timeout > interval) {
    problems.add(
      PROMETHEUS_CONFIG_CODES.scrapeTimeout,
      subject,
      `Invalid scrape_timeout "${job.scrape_timeout}": must not exceed scrape_interval "${job.scrape_interval ?? global.scrape_interval ?? '1m'}"`,
    );
  }
  if (job.metrics_path !== undefined && !job.metrics_path.startsWith('/')) {
    problems.add(
      PROMETHEUS_CONFIG_CODES.metricsPath,
      subject,
      `Invalid metrics_path "${job.metrics_path}": must start with "/"`,
    );
  }
  checkLimit(problems, subject, 'sample_limit', job.sample_limit);
  checkLimit(problems, subject, 'label_limit', job.label_limit);
  checkLimit(problems, subject, 'label_name_length_limit', job.label_name_length_limit);
  checkLimit(problems, subject, 'label_value_length_limit', job.label_value_length_limit);
  checkLimit(problems, subject, 'target_limit', job.target_limit);
  checkStaticConfigs(problems, subject, job.static_configs);
  (job.file_sd_configs ?? []).forEach((sd) => {
    checkDuration(problems, subject, 'file_sd_configs.refresh_interval', sd.refresh_interval);
    if (!sd.files?.length)
      problems.add(PROMETHEUS_CONFIG_CODES.missingField, subject, 'Missing "files" in file_sd_configs');
  });
  if (!job.static_configs?.length && !job.file_sd_configs?.length && !job.kubernetes_sd_configs?.length) {
    problems.add(
      PROMETHEUS_CONFIG_CODES.target,
      subject,
      `Missing targets in job "${job.job_name}": needs static_configs, file_sd_configs or kubernetes_sd_configs`,
    );
  }
  checkRelabel(problems, subject, 'relabel_configs', job.relabel_configs);
  checkRelabel(problems, subject, 'metric_relabel_configs', job.metric_relabel_configs);
  checkHttpAuth(problems, subject, job);
}

/** Checks each Alertmanager endpoint and the alert relabelling. */
function checkAlerting(problems: Problems, alerting: AlertingConfig | undefined): void {
  (alerting?.alertmanagers ?? []).forEach((am, i) => {
    const subject = `alerting.alertmanagers[${i}]`;
    checkDuration(problems, subject, 'timeout', am.timeout);
    checkStaticConfigs(problems, subject, am.static_configs);
    checkHttpAuth(problems, subject, am);
    checkRelabel(problems, subject, 'relabel_configs', am.relabel_configs);
  });
  checkRelabel(problems, 'alerting', 'alert_relabel_configs', alerting?.alert_relabel_configs);
}

/** Checks each remote_write endpoint: URL, durations, queue settings, relabelling and HTTP auth. */
function checkRemoteWrite(problems: Problems, remoteWrite: readonly RemoteWriteConfig[] | undefined): void {
  (remoteWrite ?? []).forEach((rw, i) => {
    const subject = `remote_write[${i}]`;
    checkUrl(problems, subject, rw.url);
    checkDuration(problems, subject, 'remote_timeout', rw.remote_timeout);
    const q = rw.queue_config ?? {};
    checkDuration(problems, subject, 'queue_config.batch_send_deadline', q.batch_send_deadline);
    checkDuration(problems, subject, 'queue_config.min_backoff', q.min_backoff);
    checkDuration(problems, subject, 'queue_config.max_backoff', q.max_backoff);
    checkDuration(problems, subject, 'metadata_config.send_interval', rw.metadata_config?.send_interval);
    checkRelabel(problems, subject, 'write_relabel_configs', rw.write_relabel_configs);
    checkHttpAuth(problems, subject, rw);
  });
}

/**
 * Checks a prometheus.yml before it is written: durations, scrape timeout vs interval, unique job
 * names, targets, label names, URLs, agent-mode restrictions and secrets (only through `*_file`).
 * @returns every problem found (empty when valid)
 */
export function validatePrometheusConfig(
  config: PrometheusConfig,
  options: PrometheusValidationOptions = {},
): ValidationProblem<PrometheusConfigCode>[] {
  const problems = new Problems();
  const global = config.global ?? {};
  const globalInterval = checkGlobal(problems, global);
  if (options.mode === 'agent') checkAgentMode(problems, config);
  checkRuleFiles(problems, config.rule_files);
  const seen = new Map<string, number>();
  (config.scrape_configs ?? []).forEach((job, i) =>
    checkScrapeJob(problems, job, i, seen, global, globalInterval),
  );
  checkAlerting(problems, config.alerting);
  checkRemoteWrite(problems, config.remote_write);
  checkLiteralSecrets(problems, config, '');
  return problems.list;
}

/** Throws one {@link PrometheusConfigError} (code `OBSKIT_INVALID_PROMETHEUS_CONFIG`) listing every problem. */
export function assertValidPrometheusConfig(
  config: PrometheusConfig,
  options: PrometheusValidationOptions = {},
): void {
  const problems = validatePrometheusConfig(config, options);
  if (problems.length > 0) {
    throw new PrometheusConfigError(
      PROMETHEUS_CONFIG_CODES.prometheusConfig,
      'Invalid prometheus.yml',
      problems,
    );
  }
}
