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
 * (`--env kubernetes`), else `compose`.
 */
export function profileFor(profile: string | undefined, env: string | undefined): DeploymentProfile {
  if (isDeploymentProfile(profile)) return profile;
  return isDeploymentProfile(env) ? env : 'compose';
}

function services(config: ResolvedObskitConfig): DeploymentService[] {
  // `packs` is the rules' business; everything else of a service is the generators' as written.
  return config.services.map(({ packs: _packs, ...service }) => service);
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
 * The deployment options of `config` for `profile`: services, notifications, storage and Grafana as the
 * generators take them (plain options mirroring the config), and a single daily cost budget.
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
    ...(n ? { notifications: n } : {}),
    ...(config.storage ? { storage: config.storage } : {}),
    ...(config.grafana ? { grafana: config.grafana } : {}),
    ...(typeof budget === 'number' ? { costBudgetUsdPerDay: budget } : {}),
  };
}
