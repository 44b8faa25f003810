import { ALERTS, ALERT_NAMES, PACK_NAMES, type AlertName, type AlertOverride } from '@obskit/alerts';
import { DURATION_PATTERN, isDuration, SEVERITIES } from '@obskit/catalog';
import { z } from 'zod';

/*
 * The one schema of obskit.config.*: the TypeScript type (`z.infer`), the validation and the JSON Schema
 * (`obskit.config.schema.json`) all come from here. Objects are strict (an unknown key is an error with a
 * "did you mean"); secrets are file paths (`*File`), an inline secret key is refused by name.
 * The schema sets no defaults: the generators own them, so the input and output types are the same.
 */

const packName = z.enum(PACK_NAMES).meta({ id: 'PackName' });

/** Environment names a config may override; chosen with `--env`. */
export const ENVIRONMENT_NAMES = ['dev', 'compose', 'kubernetes', 'production', 'agent', 'scale'] as const;

/** Pattern of a service name (its `job` label). */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9_-]*$/;
/** Pattern of a static target. */
export const HOST_PORT_PATTERN = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):\d{1,5}$/;

// The catalog's grammar, once as a pattern (which the JSON Schema carries for editors) and once as its
// check (which adds Prometheus' ~292-year range and types the value as a Duration).
const notADuration = (iss: { input: unknown }) =>
  `${JSON.stringify(iss.input)} is not a Prometheus duration (e.g. "30s", "5m", "1h")`;
const duration = () =>
  z
    .string()
    .regex(DURATION_PATTERN, { error: notADuration, abort: true })
    .refine(isDuration, { error: notADuration });
const filePath = (what: string) =>
  z
    .string()
    .min(1, { error: `expected the path of a file holding ${what}` })
    .meta({ description: `Path of a file holding ${what}; the secret itself never goes in the config.` });
const positiveInt = () => z.number().int({ error: 'expected a whole number' }).positive();
const url = () =>
  z.string().regex(/^https?:\/\/\S+$/, {
    error: (iss) => `${JSON.stringify(iss.input)} is not an http(s) URL`,
  });

/** Scrape or remote-write credentials, always read from files. */
export const authSchema = z
  .union([
    z.strictObject({ bearerTokenFile: filePath('the bearer token') }),
    z.strictObject({
      basicAuth: z.strictObject({ username: z.string().min(1), passwordFile: filePath('the password') }),
    }),
  ])
  .meta({ id: 'Auth' });

const targetsSchema = z.union([
  z.strictObject({
    static: z
      .array(
        z
          .string()
          .regex(HOST_PORT_PATTERN, { error: (iss) => `${JSON.stringify(iss.input)} is not host:port` }),
      )
      .min(1, { error: 'expected at least one host:port' }),
  }),
  z.strictObject({
    kubernetes: z.strictObject({
      namespace: z.string().min(1).optional(),
      labels: z.record(z.string(), z.string()),
      port: z
        .string()
        .min(1)
        .meta({ description: 'Name of the container/Service port that serves metrics.' }),
    }),
  }),
  z.strictObject({
    fileSd: z.array(z.string().min(1)).min(1, { error: 'expected at least one file_sd file' }),
  }),
]);

/** One service Prometheus scrapes; its `name` is the `job` label. */
export const serviceSchema = z
  .strictObject({
    name: z
      .string()
      .regex(SERVICE_NAME_PATTERN, {
        error: (iss) => `${JSON.stringify(iss.input)} is not a service name (expected /^[a-z][a-z0-9_-]*$/)`,
      })
      .meta({ description: 'The `job` label of the service.' }),
    team: z.string().min(1).optional(),
    targets: targetsSchema,
    metricsPath: z
      .string()
      .regex(/^\//, {
        error: (iss) => `${JSON.stringify(iss.input)} is not a path (expected to start with "/")`,
      })
      .optional(),
    scheme: z.enum(['http', 'https']).optional(),
    scrapeInterval: duration().optional(),
    scrapeTimeout: duration().optional(),
    auth: authSchema.optional(),
    tlsCaFile: filePath('the CA certificate').optional(),
    sampleLimit: positiveInt().optional(),
    labelLimit: positiveInt().optional(),
    packs: z.array(packName).optional(),
    run: z
      .strictObject({
        command: z.string().min(1).optional(),
        cwd: z.string().min(1).optional(),
        env: z.record(z.string(), z.string()).optional(),
        image: z.string().min(1).optional(),
        port: z.number().int().min(1).max(65535).optional(),
        // Compose only: build the image, publish a host port, mount volumes, check health.
        build: z.strictObject({ context: z.string().min(1), dockerfile: z.string().min(1) }).optional(),
        publishPort: z.number().int().min(1).max(65535).optional(),
        volumes: z.array(z.string().min(1)).optional(),
        healthcheck: z.array(z.string()).min(1).optional(),
      })
      .meta({
        description:
          'How `obskit up` (command, cwd, env) and Compose (image or build, port, publishPort, volumes, healthcheck) run the service.',
      })
      .optional(),
  })
  .meta({ id: 'Service' });

const severity = z.enum(SEVERITIES).meta({ id: 'Severity' });

/**
 * Per-alert overrides, one key per alert of `@obskit/alerts` (its `ALERTS` map): `for` and severity for
 * every alert, `threshold` only where the alert compares with one (a duration for `JobNotRunRecently`).
 */
const overridesSchema = z
  .strictObject(
    Object.fromEntries(
      ALERT_NAMES.map((name) => {
        const info = ALERTS[name] as { readonly pack: string; readonly threshold?: string };
        const threshold =
          info.threshold === undefined
            ? {}
            : { threshold: info.threshold === 'jobMaxAge' ? duration().optional() : z.number().optional() };
        return [
          name,
          z
            .strictObject({ for: duration().optional(), severity: severity.optional(), ...threshold })
            .optional(),
        ];
      }),
    ) as unknown as { [A in AlertName]: z.ZodOptional<z.ZodType<AlertOverride<A>>> },
  )
  .meta({ id: 'AlertOverrides' });

/** Which alert packs are on, per-alert overrides and where runbooks live. */
export const alertsSchema = z
  .strictObject({
    packs: z.partialRecord(packName, z.boolean()).optional(),
    runbookBaseUrl: z.string().min(1).optional(),
    overrides: overridesSchema.optional(),
  })
  .meta({ id: 'Alerts' });

const sliSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('http-availability'), route: z.string().min(1).optional() }),
  z.strictObject({
    kind: z.literal('http-latency'),
    thresholdSeconds: z.number().positive(),
    route: z.string().min(1).optional(),
  }),
  z.strictObject({ kind: z.literal('agent-availability'), agent: z.string().min(1).optional() }),
  z.strictObject({
    kind: z.literal('agent-latency'),
    thresholdSeconds: z.number().positive(),
    agent: z.string().min(1).optional(),
  }),
  z.strictObject({ kind: z.literal('ratio'), good: z.string().min(1), total: z.string().min(1) }),
]);

/** One service-level objective. */
export const sloSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z][a-z0-9_-]*$/, {
      error: (iss) => `${JSON.stringify(iss.input)} is not an SLO name (expected /^[a-z][a-z0-9_-]*$/)`,
    }),
    service: z.string().min(1),
    sli: sliSchema,
    objective: z
      .number()
      .gt(0, { error: (iss) => `${JSON.stringify(iss.input)} is not an objective in (0, 1), e.g. 0.999` })
      .lt(1, { error: (iss) => `${JSON.stringify(iss.input)} is not an objective in (0, 1), e.g. 0.999` }),
    window: z.enum(['28d', '30d']).optional(),
  })
  .meta({ id: 'Slo' });

const tokenPrices = z
  .strictObject({
    input: z.number().nonnegative().optional(),
    output: z.number().nonnegative().optional(),
    cacheRead: z.number().nonnegative().optional(),
    cacheWrite: z.number().nonnegative().optional(),
    reasoning: z.number().nonnegative().optional(),
  })
  .meta({ id: 'TokenPrices' });

const receiverSchema = z.union([
  z.strictObject({
    name: z.string().min(1),
    slack: z.strictObject({ apiUrlFile: filePath('the Slack webhook URL'), channel: z.string().optional() }),
  }),
  z.strictObject({
    name: z.string().min(1),
    pagerduty: z.strictObject({ routingKeyFile: filePath('the PagerDuty routing key') }),
  }),
  z.strictObject({
    name: z.string().min(1),
    email: z.strictObject({
      to: z.string().min(1),
      from: z.string().min(1),
      smarthost: z.string().regex(HOST_PORT_PATTERN, {
        error: (iss) => `${JSON.stringify(iss.input)} is not host:port`,
      }),
      username: z.string().optional(),
      passwordFile: filePath('the SMTP password').optional(),
    }),
  }),
  z.strictObject({
    name: z.string().min(1),
    webhook: z.strictObject({ url: url(), bearerTokenFile: filePath('the bearer token').optional() }),
  }),
  z.strictObject({
    name: z.string().min(1),
    msteamsv2: z.strictObject({ webhookUrlFile: filePath('the Teams webhook URL') }),
  }),
  z.strictObject({
    name: z.string().min(1),
    opsgenie: z.strictObject({
      apiKeyFile: filePath('the OpsGenie API key'),
      responders: z
        .array(
          z.strictObject({
            type: z.enum(['team', 'user', 'escalation', 'schedule']),
            name: z.string().optional(),
            id: z.string().optional(),
            username: z.string().optional(),
          }),
        )
        .optional(),
    }),
  }),
]);

const routeSchema = z.strictObject({
  receiver: z.string().min(1),
  severity: z.union([severity, z.array(severity)]).optional(),
  team: z.string().optional(),
  service: z.string().optional(),
  continue: z.boolean().optional(),
  timeIntervals: z.array(z.string()).optional(),
});

const inhibitRuleSchema = z.strictObject({
  sourceMatchers: z.array(z.string()).min(1),
  targetMatchers: z.array(z.string()).min(1),
  equal: z.array(z.string()).optional(),
});

const clock = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, {
  error: (iss) => `${JSON.stringify(iss.input)} is not a time of day (expected HH:MM)`,
});

/** Alertmanager receivers (secrets from files), routing, inhibition, grouping and time intervals. */
export const notificationsSchema = z
  .strictObject({
    receivers: z.array(receiverSchema),
    routes: z.array(routeSchema).optional(),
    defaultReceiver: z.string().optional(),
    groupBy: z.array(z.string()).optional(),
    groupWait: duration().optional(),
    groupInterval: duration().optional(),
    repeatInterval: duration().optional(),
    inhibit: z.union([z.boolean(), z.array(inhibitRuleSchema)]).optional(),
    timeIntervals: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          weekdays: z.array(z.string()).optional(),
          times: z.array(z.strictObject({ start: clock, end: clock })).optional(),
          location: z.string().optional(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Notifications' });

/** Retention and remote_write. */
export const storageSchema = z
  .strictObject({
    retention: z
      .strictObject({
        time: duration().optional(),
        size: z
          .string()
          .regex(/^\d+(B|KB|MB|GB|TB|PB|EB)$/, {
            error: (iss) => `${JSON.stringify(iss.input)} is not a size (expected e.g. "50GB")`,
          })
          .optional(),
      })
      .optional(),
    remoteWrite: z
      .array(
        z.strictObject({
          kind: z.enum(['mimir', 'thanos', 'victoriametrics', 'generic']),
          url: url(),
          tenant: z.string().min(1).optional(),
          auth: authSchema.optional(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Storage' });

/** The `scale` environment: hashmod agent shards remote-writing into one VictoriaMetrics. */
export const scaleSchema = z
  .strictObject({
    shards: positiveInt()
      .optional()
      .meta({ description: 'Prometheus agents the targets are split across (hashmod); default 2.' }),
    victoriaMetricsUrl: url().optional().meta({
      description:
        'Base URL of the VictoriaMetrics the shards write into, vmalert evaluates the rules against and Grafana queries; default http://victoriametrics:8428.',
    }),
  })
  .meta({ id: 'Scale' });

/** Opt-in parts of the generated Kubernetes objects. */
export const kubernetesSchema = z
  .strictObject({
    nodeExporter: z.boolean().optional().meta({
      description:
        "Also generate kubernetes/node-exporter.yaml: a node_exporter DaemonSet, a headless Service and a ServiceMonitor scraping it as job node; the kubernetes profile's prometheus.yml (a Prometheus without the operator) scrapes that Service as job node too. Default false: kube-prometheus-stack runs its own node-exporter, and a second would scrape every node twice; turn it on in a cluster without that chart.",
    }),
  })
  .meta({ id: 'Kubernetes' });

/** Grafana: URL, folder, admin password file, datasource TLS CA, extra datasources, dashboard schema. */
export const grafanaSchema = z
  .strictObject({
    url: url().optional(),
    folder: z.string().min(1).optional(),
    adminPasswordFile: filePath('the Grafana admin password').optional(),
    datasourceTlsCaFile: filePath('the datasource CA certificate').optional(),
    extraDatasources: z
      .array(
        z.strictObject({ kind: z.enum(['loki', 'tempo', 'jaeger']), name: z.string().min(1), url: url() }),
      )
      .optional(),
    // The values of @obskit/dashboards' DASHBOARD_SCHEMAS (the CLI passes this to @obskit/provisioning,
    // whose type checks they agree).
    dashboardSchema: z.enum(['v1', 'v2']).optional().meta({
      description:
        "Dashboard files: 'v1' (default), the classic JSON model for classic file provisioning; 'v2', Grafana's dashboard.grafana.app/v2beta1 resources in grafana/dashboards-v2/ for Grafana 12's on-prem file provisioning (feature toggles provisioning, kubernetesDashboards, dashboardNewLayouts).",
    }),
  })
  .meta({ id: 'Grafana' });

const baseShape = {
  $schema: z.string().optional().meta({ description: 'Path or URL of obskit.config.schema.json.' }),
  services: z.array(serviceSchema).min(1, { error: 'expected at least one service' }),
  alerts: alertsSchema.optional(),
  slos: z.array(sloSchema).optional(),
  prices: z
    .record(z.string(), z.record(z.string(), tokenPrices))
    .optional()
    .meta({ description: 'USD per 1k tokens, by provider, model and token type.' }),
  costBudgetUsdPerDay: z
    .union([z.number().positive(), z.record(z.string(), z.number().positive())])
    .optional(),
  notifications: notificationsSchema.optional(),
  storage: storageSchema.optional(),
  grafana: grafanaSchema.optional(),
  scale: scaleSchema.optional(),
  kubernetes: kubernetesSchema.optional(),
};

/**
 * What an environment may override: any top-level part, deep-merged over the base (arrays replace).
 * Validation of the merged result is the full schema's.
 */
const environmentSchema = z.strictObject({
  services: z.array(serviceSchema).optional(),
  alerts: alertsSchema.optional(),
  slos: z.array(sloSchema).optional(),
  prices: baseShape.prices,
  costBudgetUsdPerDay: baseShape.costBudgetUsdPerDay,
  notifications: notificationsSchema.optional(),
  storage: storageSchema.optional(),
  grafana: grafanaSchema.optional(),
  scale: scaleSchema.optional(),
  kubernetes: kubernetesSchema.optional(),
});

/** The whole `obskit.config.*`. */
export const obskitConfigSchema = z.strictObject({
  ...baseShape,
  environments: z
    .partialRecord(z.enum(ENVIRONMENT_NAMES), environmentSchema)
    .optional()
    .meta({ description: 'Overrides per environment (deep merge; arrays replace); chosen with --env.' }),
});
