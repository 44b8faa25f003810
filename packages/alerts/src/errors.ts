import { ObskitValidationError } from '@obskit/catalog';
import type { AlertsCode } from './codes.js';

/**
 * An error of @obskit/alerts: an invalid alerts config, rule definition, SLO or per-service option.
 * Lists every problem at once (an `ObskitValidationError` of @obskit/catalog); its code is an
 * {@link AlertsCode}.
 */
export class AlertsError extends ObskitValidationError<AlertsCode> {}
