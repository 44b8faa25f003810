import { PrometheusConfigError } from '../errors.js';
import { PROMETHEUS_CONFIG_CODES } from '../codes.js';
import { buildAgentProfile, type AgentProfileOptions } from './agent.js';
import { buildComposeProfile, type ComposeProfileOptions } from './compose.js';
import { buildDevProfile, type DevProfileOptions } from './dev.js';
import { buildE2eProfile, type E2eProfileOptions } from './e2e.js';
import { buildKubernetesProfile, type KubernetesProfileOptions } from './kubernetes.js';
import { buildProductionProfile, type ProductionProfileOptions } from './production.js';
import { buildScaleProfile, type ScaleProfileOptions } from './scale.js';
import { PROFILE_NAMES, type MonitoringProfile, type ProfileName } from './types.js';

/** The options type of each profile. */
export interface ProfileOptionsByName {
  readonly dev: DevProfileOptions;
  readonly compose: ComposeProfileOptions;
  readonly kubernetes: KubernetesProfileOptions;
  readonly production: ProductionProfileOptions;
  readonly e2e: E2eProfileOptions;
  readonly agent: AgentProfileOptions;
  readonly scale: ScaleProfileOptions;
}

/** The options of any profile (what a caller holding a {@link ProfileName} passes). */
export type MonitoringProfileOptions = ProfileOptionsByName[ProfileName];

const BUILDERS: { readonly [N in ProfileName]: (options: ProfileOptionsByName[N]) => MonitoringProfile } = {
  dev: buildDevProfile,
  compose: buildComposeProfile,
  kubernetes: buildKubernetesProfile,
  production: buildProductionProfile,
  e2e: buildE2eProfile,
  agent: buildAgentProfile,
  scale: buildScaleProfile,
};

/**
 * Builds the Prometheus, Alertmanager and web configuration of one profile (each has its own module
 * and options type: {@link buildDevProfile}, {@link buildComposeProfile}, {@link buildKubernetesProfile},
 * {@link buildProductionProfile}, {@link buildE2eProfile}, {@link buildAgentProfile}). The services to
 * scrape come from `options.services`; no profile scrapes an application by default.
 * @throws PrometheusConfigError `OBSKIT_UNKNOWN_PROFILE` for another name, `OBSKIT_MISSING_FIELD` for missing e2e/agent options
 * @example buildMonitoringProfile('compose', { services: [{ name: 'orders-api', targets: { static: ['orders-api:4000'] } }] })
 */
export function buildMonitoringProfile<N extends ProfileName>(
  name: N,
  options: ProfileOptionsByName[N] = {} as ProfileOptionsByName[N],
): MonitoringProfile {
  const builder = (BUILDERS as Record<string, (o: MonitoringProfileOptions) => MonitoringProfile>)[name];
  if (builder === undefined) {
    throw new PrometheusConfigError(PROMETHEUS_CONFIG_CODES.profile, 'Invalid profile', [
      {
        code: PROMETHEUS_CONFIG_CODES.profile,
        subject: 'profile',
        message: `Unknown profile "${String(name)}": must be one of ${PROFILE_NAMES.join(', ')}`,
      },
    ]);
  }
  return builder(options);
}

export { PROFILE_NAMES };
export type { MonitoringProfile, ProfileName };
