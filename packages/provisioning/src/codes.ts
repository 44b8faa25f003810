import { WRITER_CODES } from './writer/errors.js';

/**
 * Every code @obskit/provisioning's errors carry and its validation problems report: each builder's
 * check (an `ObskitValidationError` of @obskit/catalog listing every problem) and the file writer's
 * {@link WRITER_CODES}. {@link ProvisioningError} carries one of them.
 */
export const PROVISIONING_CODES = {
  ...WRITER_CODES,
  /** `buildComposeFile`, `checkPinnedImage`: an invalid Compose stack or an image not pinned to a version. */
  invalidCompose: 'OBSKIT_INVALID_COMPOSE',
  /** The Kubernetes builders: an invalid object name, namespace, label, duration or selector. */
  invalidKubernetes: 'OBSKIT_INVALID_KUBERNETES',
  /** `checkSecretRef`: a secret reference that names neither an environment variable nor a file. */
  invalidSecretRef: 'OBSKIT_INVALID_SECRET_REF',
  /** `buildGrafanaDatasources`: an invalid datasource (URL, uid, secret reference). */
  invalidDatasources: 'OBSKIT_INVALID_DATASOURCES',
  /** `buildDashboardProviders`: an invalid dashboard folder. */
  invalidDashboardProviders: 'OBSKIT_INVALID_DASHBOARD_PROVIDERS',
  /** `assertValidDeploymentOptions`: invalid deployment options. */
  invalidDeploymentOptions: 'OBSKIT_INVALID_DEPLOYMENT_OPTIONS',
} as const;

/** One of {@link PROVISIONING_CODES}. */
export type ProvisioningCode = (typeof PROVISIONING_CODES)[keyof typeof PROVISIONING_CODES];
