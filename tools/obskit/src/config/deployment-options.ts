import type { ResolvedObskitConfig } from '@obskit/config';
import type { NotificationsOptions } from '@obskit/prometheus-config';
import {
  DEPLOYMENT_PROFILES,
  type DeploymentOptions,
  type DeploymentProfile,
  type DeploymentService,
} from '@obskit/provisioning';

/** Whether `name` (an environment, e.g. `compose`) is also a deployment profile. */
export function isDeploymentProfile(name: string | undefined): name is DeploymentProfile {
  return name !== undefined && (DEPLOYMENT_PROFILES as readonly string[]).includes(name);
}

/**
 * The profile a config is generated with: `--profile`, else the environment when it names a profile
 * (`--env kubernetes`, `--env agent`, `--env scale`), else `compose`.
 */
export function profileFor(profile: string | undefined, env: string | undefined): DeploymentProfile {
  if (isDeploymentProfile(profile)) return profile;
  return isDeploymentProfile(env) ? env : 'compose';
}

function services(config: ResolvedObskitConfig): DeploymentService[] {
  // A service of the config is a deployment service as written (targets, auth files, packs, run).
  return config.services;
}

function notifications(config: ResolvedObskitConfig): NotificationsOptions | undefined {
  const n = config.notifications;
  if (!n) return undefined;
  const { inhibit, ...rest } = n;
  return {
    ...rest,
    ...(inhibit === undefined
      ? {}
      : {
          inhibit:
            typeof inhibit === 'boolean'
              ? inhibit
              : inhibit.map((r) => ({
                  source_matchers: r.sourceMatchers,
                  target_matchers: r.targetMatchers,
                  ...(r.equal ? { equal: r.equal } : {}),
                })),
        }),
  };
}

/**
 * The deployment options of `config` for `profile`: services (with their packs), alerts (packs on/off,
 * per-alert overrides, runbook base URL), SLOs, notifications, storage, Grafana, the scale profile's
 * shards and VictoriaMetrics URL and the opt-in Kubernetes objects (`kubernetes.nodeExporter`) as the
 * generators take them (plain options mirroring the config), and the daily cost budget (one, or one per
 * service).
 */
export function deploymentOptionsFromConfig(
  config: ResolvedObskitConfig,
  profile: DeploymentProfile,
): DeploymentOptions {
  const n = notifications(config);
  const budget = config.costBudgetUsdPerDay;
  return {
    profile,
    services: services(config),
    ...(config.alerts ? { alerts: config.alerts } : {}),
    ...(config.slos ? { slos: config.slos } : {}),
    ...(n ? { notifications: n } : {}),
    ...(config.storage ? { storage: config.storage } : {}),
    ...(config.grafana ? { grafana: config.grafana } : {}),
    ...(config.scale ? { scale: config.scale } : {}),
    ...(config.kubernetes ? { kubernetes: config.kubernetes } : {}),
    ...(budget !== undefined ? { costBudgetUsdPerDay: budget } : {}),
  };
}
