/** Help text of each command, printed by `obskit <command> --help`. */
export const HELP = {
  main: `obskit — generate, check and validate the Prometheus, Alertmanager, Grafana, Compose and
Kubernetes files of an obskit deployment.

Usage: obskit <command> [options]

Commands:
  init       write a commented obskit.config.ts for this project
  generate   write the deployment tree (default: deployment/) from obskit.config.ts
  check      exit 1 when the tree differs from what generate would write (CI)
  validate   run promtool and amtool over the tree; exit 1 on any problem
  up         run your services, Prometheus, Alertmanager (and Grafana) natively on free ports

Options for every command:
  -h, --help       show help for the command
  -v, --verbose    print stack traces of errors

Every command but init reads obskit.config.ts (.mts, .mjs, .js, .cjs, .json): --config FILE, else the
one found in the current directory or a parent (check and validate: else the one the tree's manifest
records). Without one they exit 2: create it with obskit init or pass --config.

Exit codes: 0 ok, 1 check/validate failed, 2 usage or no config, 3 hand-edited file (generate --force),
4 invalid configuration, 5 promtool/amtool missing or too old, 74 write failed, 70 internal error.`,
  init: `Usage: obskit init [--name NAME] [--port PORT] [--metrics-path PATH] [--force]

Writes a commented obskit.config.ts for the project in the current directory: one service scraped at
localhost:PORT/PATH, with the alert packs, SLOs, notifications and environments shown as comments.
Refuses to replace an existing config unless --force. Then: npx obskit generate.

Options:
  --name NAME           the service's name, its job label (default: the package.json name)
  --port PORT           the port it listens on (default: 3000)
  --metrics-path PATH   its metrics endpoint (default: /metrics)
  --force               replace an existing obskit.config.*`,
  generate: `Usage: obskit generate [--config FILE] [--env ENV] [--out DIR] [--profile PROFILE] [options]

Writes prometheus/prometheus.yml, prometheus/rules/*.yml, prometheus/tests/*.yml,
alertmanager/alertmanager.yml, grafana/provisioning/{datasources,dashboards}/*.yml,
grafana/dashboards/*.json (grafana.dashboardSchema 'v2': Grafana's v2beta1 resources in
grafana/dashboards-v2/), docker-compose.monitoring.yml and kubernetes/*.yaml, each atomically, and
a manifest (.obskit-manifest.json) with their hashes, the config file and the environment. Refuses to
overwrite a file edited by hand. The services, alerts, SLOs and notifications come from obskit.config.ts
(.mts, .mjs, .js, .cjs, .json), found in the current directory or a parent; an invalid config exits 4
and writes nothing, no config exits 2 (create one with obskit init, or pass --config).

Options:
  --config FILE           the config file (default: found upward from the current directory)
  --env ENV               dev | compose | kubernetes | production | agent | scale: merge that
                          environment of the config over its base; also the profile when it names one
  --out DIR               output directory (default: deployment)
  --profile PROFILE       dev | compose | kubernetes | production | e2e | agent | scale
                          (default: --env, else compose); e2e needs --target, --prometheus,
                          --alertmanager and --webhook-url; scale writes one prometheus/<shard>.yml
                          per agent shard, the config's scale.shards (default 2), writing into
                          VictoriaMetrics (scale.victoriaMetricsUrl), and vmalert in the Compose file
  --target HOST:PORT      scrape the config's only service at this address instead (e.g. a free port)
  --prometheus HOST:PORT  address Prometheus scrapes itself at (dev, compose, e2e)
  --alertmanager HOST:PORT  Alertmanager address (dev, compose, e2e)
  --webhook-url URL       send every alert to this webhook receiver (e2e, tests)
  --namespace NAME        Kubernetes namespace (default: monitoring)
  --label KEY=VALUE       extra label on Kubernetes objects, repeatable
                          (e.g. --label release=kube-prometheus-stack)
  --cost-budget USD       daily GenAI budget of ObskitAgentCostBurnRateHigh (default: the config's
                          costBudgetUsdPerDay, else 100)
  --force                 overwrite files edited by hand
  -v, --verbose           print stack traces of errors`,
  check: `Usage: obskit check [--out DIR]

Regenerates the tree in memory with the options recorded in DIR/.obskit-manifest.json (or the
flags given) and compares it with DIR. Lists every missing, changed or stale file and exits 1 when
there is any. CI runs it on deployment/.

Options:
  --out DIR            directory to check (default: deployment)
  --config FILE        --env ENV: override the config and environment the manifest records
  --profile PROFILE    and the other generate options: override what the manifest records
  -v, --verbose        print stack traces of errors`,
  validate: `Usage: obskit validate [--out DIR] [--promtool FILE] [--amtool FILE]

Runs the real tools over a generated tree: promtool check config, promtool check rules,
promtool test rules, promtool check web-config (when there is a web.yml) and amtool check-config,
and scans the tree for secrets written out in clear. Prints each file with its problem and exits 1
when any check fails, 5 when promtool or amtool is missing or too old for the tree (agent and scale
profiles and Prometheus 3 settings: promtool 3.0; msteamsv2 receivers: amtool 0.28).

Uses the newest promtool and amtool found in the obskit binary cache (~/.cache/obskit/bin, filled by
tools/scripts/ensure-prometheus; $OBSKIT_CACHE_DIR/bin) and on PATH, and prints which ones it used.

First loads and checks the config (found upward, or --config FILE), exiting 4 when it is invalid.

Options:
  --out DIR       directory to validate (default: deployment)
  --config FILE   the config file (default: found upward from the current directory)
  --env ENV       the environment of the config to check
  --promtool FILE run this promtool (default: $OBSKIT_PROMTOOL, else the newest found)
  --amtool FILE   run this amtool (default: $OBSKIT_AMTOOL, else the newest found)
  -v, --verbose   print stack traces of errors`,
  up: `Usage: obskit up [--config FILE] [--env ENV] [--state-dir DIR] [--target HOST:PORT] [options]

Runs the local stack natively on free 127.0.0.1 ports: each service of the config (found upward, or
--config FILE; its dev environment unless --env names another) from its run.command (in run.cwd,
with run.env, PORT and HOST set; on run.port or the port of its static target), or only scraped at
its static target. Beside them the real Prometheus and Alertmanager, and Grafana
when a grafana or grafana-server binary is on PATH. Generates the dev deployment tree for those ports
into DIR/deployment, shows progress while waiting for every service to be ready and for Prometheus'
first scrape of each, prints the URLs, and stops everything on Ctrl-C (SIGINT) or SIGTERM. When
Prometheus cannot scrape a service it says why (e.g. "server returned HTTP status 404 Not Found" for
a wrong metrics path). Missing binaries are named with the command that installs them; the Compose
stack is the alternative:
  npx obskit generate --profile compose && docker compose -f deployment/docker-compose.monitoring.yml up

Options:
  --config FILE         the config file (default: found upward from the current directory)
  --env ENV             the environment of the config to merge (default: dev when the config has it)
  --state-dir DIR       configs, data and logs (default: .obskit)
  --target HOST:PORT    scrape the config's only service, already running there, instead of starting it
  --timeout SECONDS     how long each service may take to become ready (default: 60)
  --no-prometheus       do not run Prometheus
  --no-alertmanager     do not run Alertmanager
  --no-grafana          do not run Grafana even when it is installed
  -v, --verbose         print stack traces of errors

Exit codes: 0 stopped by Ctrl-C/SIGTERM, 1 a service failed to start or died, 2 no config,
5 prometheus/alertmanager missing.`,
} as const;
