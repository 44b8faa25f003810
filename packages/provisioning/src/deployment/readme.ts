import { DEFAULT_PORTS, type MonitoringProfile } from '@obskit/prometheus-config';
import { VICTORIA_METRICS_PORT, VMALERT_PORT } from '../compose/compose.js';
import { IMAGES, NODE_EXPORTER_VERSION, SCALE_IMAGES } from '../images.js';
import type { DeploymentOptions } from './options.js';

/** A shell word, quoted when it holds more than `[\w@%+=:,./-]` (the `*` of a rule glob). */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/**
 * The `## Run the stack` section of the scale profile: what runs where, the Compose commands, and the
 * commands that run each part without Compose (vmalert's flags as the profile gives them).
 */
function scaleRunSection(profile: MonitoringProfile, setup: string): string {
  const vm = profile.victoriaMetrics;
  const shards = profile.prometheus.map((p) => p.name);
  const vmalert = ['vmalert', ...(vm?.vmalertArgs ?? []), `-httpListenAddr=:${VMALERT_PORT}`].map(shellWord);
  const agents = shards
    .map(
      (name) =>
        `prometheus --agent --config.file=prometheus/${name}.yml --storage.agent.path=data/${name} --web.listen-address=:9090`,
    )
    .join('\n');
  return `## Run the stack

The scale profile (\`--profile scale\`): ${shards.length} Prometheus agent${shards.length === 1 ? '' : 's'}, started with \`--agent\`
(${shards.map((s) => `\`prometheus/${s}.yml\``).join(', ')}), share the
targets by \`hashmod\` relabelling and remote-write into VictoriaMetrics at \`${vm?.url ?? ''}\`.
vmalert evaluates \`prometheus/rules/*.yml\` against it, writes recording rules and alert state back and
notifies Alertmanager; Grafana's Prometheus datasource queries VictoriaMetrics. Secrets live in
\`secrets/\` (git-ignored), never in the generated files:

\`\`\`sh
${setup}
docker compose -f docker-compose.monitoring.yml up -d
\`\`\`

Without Compose, each part runs from this folder (the files name the other parts by their Compose
service names, \`prometheus-agent-<i>:9090\` and \`alertmanager:${DEFAULT_PORTS.alertmanager}\`: make those resolve, one
agent per host, or edit them):

\`\`\`sh
victoria-metrics -storageDataPath=data/victoriametrics -httpListenAddr=:${VICTORIA_METRICS_PORT}
${agents}
(cd prometheus && ${vmalert.join(' ')})
\`\`\`

VictoriaMetrics on http://127.0.0.1:${VICTORIA_METRICS_PORT}, vmalert on http://127.0.0.1:${VMALERT_PORT}.
Images: ${[
    ...Object.values(IMAGES).filter((i) => i !== IMAGES.nodeExporter),
    ...Object.values(SCALE_IMAGES),
  ]
    .map((i) => `\`${i}\``)
    .join(', ')}. Grafana on http://127.0.0.1:3000`;
}

/** What the README says about v2 dashboard files (`grafana.dashboardSchema: 'v2'`). */
const V2_SECTION = `
## Dashboards in Grafana's v2 schema

\`grafana/dashboards-v2/*.json\` are \`dashboard.grafana.app/v2beta1\` Dashboard resources. Classic file
provisioning does not read them (it refuses v2 JSON); Grafana 12's on-prem file provisioning does, an
experimental feature behind the \`provisioning\` and \`kubernetesDashboards\` feature toggles, with
\`dashboardNewLayouts\` for the v2 schema (the Compose file enables all three). Connect the folder once:
Administration > Provisioning > Configure file provisioning, local path \`conf/provisioning/obskit\`
(where Compose mounts it; elsewhere, a path listed in \`[paths] permitted_provisioning_paths\`).
The Kubernetes ConfigMaps stay in the classic schema.
`;

/**
 * What the README says about node_exporter on Kubernetes: why `kubernetes/` has none by default, and
 * how to turn it on; or, turned on, what the objects need and what not to run beside them.
 */
function nodeExporterSection(options: DeploymentOptions): string {
  return options.kubernetes?.nodeExporter === true
    ? `
Host metrics on Kubernetes: \`kubernetes/node-exporter.yaml\` runs node_exporter ${NODE_EXPORTER_VERSION} on every node
(a DaemonSet on the host's network and PID namespaces, the host's \`/proc\`, \`/sys\` and \`/\` mounted
read-only, port ${DEFAULT_PORTS.nodeExporter} on each node), with a headless Service and a ServiceMonitor that scrapes it as job
\`node\` (the System Health host row; the host alerts with \`alerts.packs.host: true\`). Without the
Prometheus Operator, the \`node\` job of \`prometheus/prometheus.yml\` scrapes the same Service (endpoints
discovery in its namespace); let one Prometheus read only one of the two. Its namespace's
Pod Security admission must allow host namespaces and hostPath volumes (level \`privileged\`). Do not
apply it beside kube-prometheus-stack's own node-exporter: every node would be scraped twice, each host
alert would fire twice, and one of the two could not bind port ${DEFAULT_PORTS.nodeExporter}.
`
    : `
Host metrics on Kubernetes: \`kubernetes/\` has no node_exporter. kube-prometheus-stack runs its own
node-exporter DaemonSet on every node, and a second would scrape every node twice and fire each host
alert twice. In a cluster without that chart, set \`kubernetes: { nodeExporter: true }\` in the obskit
config and generate again: \`kubernetes/node-exporter.yaml\` then runs node_exporter ${NODE_EXPORTER_VERSION} on every
node, scraped as job \`node\`.
`;
}

/** The README written at the root of a generated tree. */
export function renderDeploymentReadme(
  options: DeploymentOptions,
  paths: readonly string[],
  secretFiles: readonly string[] = [],
  profile?: MonitoringProfile,
): string {
  const flags = [`--profile ${options.profile}`];
  if (options.prometheus) flags.push(`--prometheus ${options.prometheus}`);
  if (options.alertmanager) flags.push(`--alertmanager ${options.alertmanager}`);
  if (options.webhookUrl) flags.push(`--webhook-url ${options.webhookUrl}`);
  if (options.namespace) flags.push(`--namespace ${options.namespace}`);
  for (const [k, v] of Object.entries(options.kubernetesLabels ?? {})) flags.push(`--label ${k}=${v}`);
  const receiverSecrets = secretFiles.filter((f) => f !== 'grafana-admin-password');
  const secretLines = receiverSecrets.length
    ? `\n# the receivers' secrets (Slack webhook URL, PagerDuty routing key, SMTP password), one value per file:\n${receiverSecrets
        .map((f) => `printf '%s' "$VALUE" > secrets/${f}`)
        .join('\n')}`
    : '';
  const list = [...paths, 'README.md']
    .sort()
    .map((p) => `- \`${p}\``)
    .join('\n');
  const setup = `mkdir -p secrets && openssl rand -base64 24 > secrets/grafana-admin-password${secretLines}`;
  const run =
    profile?.name === 'scale'
      ? scaleRunSection(profile, setup)
      : `## Run the stack

Needs the Compose profile (\`--profile compose\`). Secrets live in \`secrets/\` (git-ignored), never in
the generated files:

\`\`\`sh
${setup}
docker compose -f docker-compose.monitoring.yml up -d
\`\`\`

Images: ${Object.values(IMAGES)
          .map((i) => `\`${i}\``)
          .join(', ')}. Grafana on http://127.0.0.1:3000`;
  return `# deployment/

Generated by \`npx obskit generate ${flags.join(' ')}\` from the typed sources in \`packages/\` and
committed, so that a review shows what changes in the files a team deploys. Do not edit by hand:
\`obskit check\` (run in CI) fails when this folder differs from what \`generate\` would write, and
\`generate\` refuses to overwrite a hand-edited file without \`--force\`. \`obskit validate\` runs
promtool and amtool over it. \`.obskit-manifest.json\` records each file's hash and the options.

${run} (user \`admin\`, password from the file above;
anonymous access and sign-up off, new users are Viewers). Secrets are never in these files: Prometheus
and Alertmanager read \`*_file\` paths, Grafana \`$__file{}\` / \`__FILE\` variables, Compose mounts
\`./secrets/*\` as Docker secrets. Kubernetes: \`kubectl apply -f kubernetes/\` with the Prometheus
operator (kube-prometheus-stack) installed. The Grafana datasources \`obskit-tempo\` and \`obskit-loki\`
(exemplar and log-to-trace links) expect Tempo and Loki at the addresses in
\`grafana/provisioning/datasources/obskit.yml\`; the stack does not run them.
${nodeExporterSection(options)}${options.grafana?.dashboardSchema === 'v2' ? V2_SECTION : ''}
## Files

${list}
`;
}
