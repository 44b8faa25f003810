import { ObskitValidationError } from '@obskit/catalog';
import type { PrometheusConfigCode } from './codes.js';

/**
 * An error of @obskit/prometheus-config: an invalid prometheus.yml, alertmanager.yml, web.yml, gossip
 * TLS file or profile option. Lists every problem at once (an `ObskitValidationError` of
 * @obskit/catalog); its code is a {@link PrometheusConfigCode}.
 */
export class PrometheusConfigError extends ObskitValidationError<PrometheusConfigCode> {}
