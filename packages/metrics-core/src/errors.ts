import { ObskitError } from '@obskit/catalog';
import type { MetricsCoreCode } from './codes.js';

/** An error of @obskit/metrics-core (a metric registered twice, an unknown catalog metric, …); its code is a {@link MetricsCoreCode}. */
export class MetricsCoreError extends ObskitError<MetricsCoreCode> {}
