import { throwIfProblems, type ValidationProblem } from '@obskit/catalog';
import { PROVISIONING_CODES, type ProvisioningCode } from '../codes.js';
import { PROMETHEUS_VERSION } from '../images.js';
import {
  ALERTMANAGER_DATASOURCE_UID,
  EXEMPLAR_TRACE_ID_LABEL,
  LOKI_DATASOURCE_UID,
  PROMETHEUS_DATASOURCE_UID,
  TEMPO_DATASOURCE_UID,
} from '../internal/upstream.js';
import { checkSecretRef, renderSecretRef, type SecretRef } from './secret-ref.js';

/** Uid of the provisioned Jaeger datasource (when Jaeger rather than Tempo holds the traces). */
export const JAEGER_DATASOURCE_UID = 'obskit-jaeger';

/** Stable code of invalid datasource provisioning input. */
export const INVALID_DATASOURCES = PROVISIONING_CODES.invalidDatasources;

/** How Grafana authenticates to Prometheus: basic auth or a bearer token, both from secrets. */
export type PrometheusAuth =
  | { readonly kind: 'basic'; readonly user: string; readonly password: SecretRef }
  | { readonly kind: 'bearer'; readonly token: SecretRef };

/** Declarative input of {@link buildGrafanaDatasources}. Only `prometheus.url` is required. */
export interface GrafanaDatasourcesConfig {
  readonly prometheus: {
    readonly url: string;
    /** @defaultValue `'Prometheus'` */
    readonly name?: string;
    /** Prometheus' scrape interval, Grafana's minimum step. @defaultValue `'15s'` */
    readonly scrapeInterval?: string;
    readonly auth?: PrometheusAuth;
    /** CA bundle that signed Prometheus' certificate, read by Grafana at start-up (`$__file{}`). */
    readonly tlsCaFile?: string;
  };
  /** Alertmanager datasource (`tlsCaFile`: the CA of its HTTPS certificate); `false` leaves it out. */
  readonly alertmanager?:
    { readonly url: string; readonly name?: string; readonly tlsCaFile?: string } | false;
  /** Tempo datasource (exemplars link to it); `false` leaves it out. */
  readonly tempo?: { readonly url: string; readonly name?: string } | false;
  /** Jaeger datasource; exemplars link to it when there is no Tempo. `false` leaves it out. */
  readonly jaeger?: { readonly url: string; readonly name?: string } | false;
  /** Loki datasource with a derived field from `trace_id` to the traces; `false` leaves it out. */
  readonly loki?: { readonly url: string; readonly name?: string } | false;
}

/** One datasource of a Grafana provisioning file. */
export interface GrafanaDatasource {
  readonly name: string;
  readonly type: string;
  readonly uid: string;
  readonly access: 'proxy';
  readonly url: string;
  readonly isDefault: boolean;
  readonly editable: false;
  readonly basicAuth?: boolean;
  readonly basicAuthUser?: string;
  readonly jsonData: Readonly<Record<string, unknown>>;
  readonly secureJsonData?: Readonly<Record<string, string>>;
}

/** A Grafana datasource provisioning file (`provisioning/datasources/*.yml`). */
export interface GrafanaDatasourcesFile {
  readonly apiVersion: 1;
  /** Delete provisioned datasources that are no longer in the file (Grafana 11.1+). */
  readonly prune: true;
  readonly datasources: readonly GrafanaDatasource[];
}

const URL_PATTERN = /^https?:\/\/[^\s/$.?#][^\s]*$/;

function checkUrl(url: string, subject: string): ValidationProblem<ProvisioningCode>[] {
  return URL_PATTERN.test(url)
    ? []
    : [{ code: INVALID_DATASOURCES, subject, message: `Invalid URL "${url}": must be an http(s) URL` }];
}

/**
 * Builds the datasource provisioning of the kit: Prometheus (default, exemplars linked to the traces
 * datasource), Alertmanager, Tempo and/or Jaeger, and Loki with a `trace_id` derived field — each with
 * the fixed uid the dashboards use. Secrets only as `$__file{}` / `$__env{}`.
 * https://grafana.com/docs/grafana/latest/administration/provisioning/#data-sources
 *
 * @throws ObskitValidationError `OBSKIT_INVALID_DATASOURCES` listing every problem.
 */
export function buildGrafanaDatasources(config: GrafanaDatasourcesConfig): GrafanaDatasourcesFile {
  throwIfProblems<ProvisioningCode>(
    INVALID_DATASOURCES,
    'Invalid Grafana datasources',
    datasourceProblems(config),
  );
  const alertmanager = config.alertmanager || undefined;
  const tempo = config.tempo || undefined;
  const jaeger = config.jaeger || undefined;
  const loki = config.loki || undefined;
  const tracesUid = tempo ? TEMPO_DATASOURCE_UID : jaeger ? JAEGER_DATASOURCE_UID : undefined;
  const datasources: GrafanaDatasource[] = [
    prometheusDatasource(config.prometheus, !!alertmanager, tracesUid),
  ];
  if (alertmanager) datasources.push(alertmanagerDatasource(alertmanager));
  const logsLink = tracesToLogs(!!loki);
  if (tempo) datasources.push(tempoDatasource(tempo, logsLink, !!loki));
  if (jaeger) datasources.push(jaegerDatasource(jaeger, logsLink));
  if (loki) datasources.push(lokiDatasource(loki, tracesUid));
  return { apiVersion: 1, prune: true, datasources };
}

type Present<T> = Exclude<T, false | undefined>;

/** Every URL an http(s) URL, every secret and CA file a valid reference. */
function datasourceProblems(config: GrafanaDatasourcesConfig): ValidationProblem<ProvisioningCode>[] {
  const problems: ValidationProblem<ProvisioningCode>[] = [];
  const { prometheus } = config;
  problems.push(...checkUrl(prometheus.url, 'prometheus.url'));
  const alertmanager = config.alertmanager || undefined;
  if (alertmanager) problems.push(...checkUrl(alertmanager.url, 'alertmanager.url'));
  if (config.tempo) problems.push(...checkUrl(config.tempo.url, 'tempo.url'));
  if (config.jaeger) problems.push(...checkUrl(config.jaeger.url, 'jaeger.url'));
  if (config.loki) problems.push(...checkUrl(config.loki.url, 'loki.url'));
  const auth = prometheus.auth;
  if (auth?.kind === 'basic') problems.push(...checkSecretRef(auth.password, 'prometheus.auth.password'));
  if (auth?.kind === 'bearer') problems.push(...checkSecretRef(auth.token, 'prometheus.auth.token'));
  if (prometheus.tlsCaFile !== undefined)
    problems.push(...checkSecretRef({ file: prometheus.tlsCaFile }, 'prometheus.tlsCaFile'));
  if (alertmanager?.tlsCaFile !== undefined)
    problems.push(...checkSecretRef({ file: alertmanager.tlsCaFile }, 'alertmanager.tlsCaFile'));
  return problems;
}

/** The default datasource: Prometheus with its auth, CA, Alertmanager and exemplar links. */
function prometheusDatasource(
  prometheus: GrafanaDatasourcesConfig['prometheus'],
  withAlertmanager: boolean,
  tracesUid: string | undefined,
): GrafanaDatasource {
  const auth = prometheus.auth;
  const promSecure: Record<string, string> = {};
  const promAuthJson: Record<string, unknown> = {};
  if (auth?.kind === 'basic') promSecure.basicAuthPassword = renderSecretRef(auth.password);
  if (auth?.kind === 'bearer') {
    promAuthJson.httpHeaderName1 = 'Authorization';
    promSecure.httpHeaderValue1 = `Bearer ${renderSecretRef(auth.token)}`;
  }
  if (prometheus.tlsCaFile !== undefined) {
    promAuthJson.tlsAuthWithCACert = true;
    promSecure.tlsCACert = renderSecretRef({ file: prometheus.tlsCaFile });
  }
  return {
    name: prometheus.name ?? 'Prometheus',
    type: 'prometheus',
    uid: PROMETHEUS_DATASOURCE_UID,
    access: 'proxy',
    url: prometheus.url,
    isDefault: true,
    editable: false,
    ...(auth?.kind === 'basic' ? { basicAuth: true, basicAuthUser: auth.user } : {}),
    jsonData: {
      httpMethod: 'POST',
      prometheusType: 'Prometheus',
      prometheusVersion: PROMETHEUS_VERSION,
      timeInterval: prometheus.scrapeInterval ?? '15s',
      ...(withAlertmanager ? { manageAlerts: false, alertmanagerUid: ALERTMANAGER_DATASOURCE_UID } : {}),
      ...(tracesUid
        ? { exemplarTraceIdDestinations: [{ name: EXEMPLAR_TRACE_ID_LABEL, datasourceUid: tracesUid }] }
        : {}),
      ...promAuthJson,
    },
    ...(Object.keys(promSecure).length > 0 ? { secureJsonData: promSecure } : {}),
  };
}

function alertmanagerDatasource(
  alertmanager: Present<GrafanaDatasourcesConfig['alertmanager']>,
): GrafanaDatasource {
  return {
    name: alertmanager.name ?? 'Alertmanager',
    type: 'alertmanager',
    uid: ALERTMANAGER_DATASOURCE_UID,
    access: 'proxy',
    url: alertmanager.url,
    isDefault: false,
    editable: false,
    jsonData: {
      implementation: 'prometheus',
      handleGrafanaManagedAlerts: false,
      ...(alertmanager.tlsCaFile !== undefined ? { tlsAuthWithCACert: true } : {}),
    },
    ...(alertmanager.tlsCaFile !== undefined
      ? { secureJsonData: { tlsCACert: renderSecretRef({ file: alertmanager.tlsCaFile }) } }
      : {}),
  };
}

/** A traces datasource's link from a span to its logs in Loki, when there is Loki. */
function tracesToLogs(withLoki: boolean): Record<string, unknown> {
  return withLoki
    ? {
        tracesToLogsV2: {
          datasourceUid: LOKI_DATASOURCE_UID,
          spanStartTimeShift: '-5m',
          spanEndTimeShift: '5m',
          filterByTraceID: true,
          tags: [{ key: 'service.name', value: 'service_name' }],
        },
      }
    : {};
}

function tempoDatasource(
  tempo: Present<GrafanaDatasourcesConfig['tempo']>,
  logsLink: Record<string, unknown>,
  withLoki: boolean,
): GrafanaDatasource {
  return {
    name: tempo.name ?? 'Tempo',
    type: 'tempo',
    uid: TEMPO_DATASOURCE_UID,
    access: 'proxy',
    url: tempo.url,
    isDefault: false,
    editable: false,
    jsonData: {
      ...logsLink,
      tracesToMetrics: { datasourceUid: PROMETHEUS_DATASOURCE_UID },
      serviceMap: { datasourceUid: PROMETHEUS_DATASOURCE_UID },
      nodeGraph: { enabled: true },
      ...(withLoki ? { lokiSearch: { datasourceUid: LOKI_DATASOURCE_UID } } : {}),
    },
  };
}

function jaegerDatasource(
  jaeger: Present<GrafanaDatasourcesConfig['jaeger']>,
  logsLink: Record<string, unknown>,
): GrafanaDatasource {
  return {
    name: jaeger.name ?? 'Jaeger',
    type: 'jaeger',
    uid: JAEGER_DATASOURCE_UID,
    access: 'proxy',
    url: jaeger.url,
    isDefault: false,
    editable: false,
    jsonData: { ...logsLink, nodeGraph: { enabled: true } },
  };
}

/** Loki, with a `trace_id` derived field to the traces datasource when there is one. */
function lokiDatasource(
  loki: Present<GrafanaDatasourcesConfig['loki']>,
  tracesUid: string | undefined,
): GrafanaDatasource {
  return {
    name: loki.name ?? 'Loki',
    type: 'loki',
    uid: LOKI_DATASOURCE_UID,
    access: 'proxy',
    url: loki.url,
    isDefault: false,
    editable: false,
    jsonData: {
      maxLines: 1000,
      ...(tracesUid
        ? {
            derivedFields: [
              {
                name: 'TraceID',
                // Matches `trace_id=abc` (logfmt) and `"trace_id":"abc"` (JSON, e.g. pino).
                matcherRegex: `${EXEMPLAR_TRACE_ID_LABEL}"?[=:]\\s*"?(\\w+)`,
                // `$$` because Grafana expands `$VAR` in provisioning files; Grafana sees `${__value.raw}`.
                url: '$${__value.raw}',
                datasourceUid: tracesUid,
                urlDisplayLabel: 'View trace',
              },
            ],
          }
        : {}),
    },
  };
}
