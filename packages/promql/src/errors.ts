import { ObskitError } from '@obskit/catalog';
import type { PromqlCode } from './codes.js';

/** An error of @obskit/promql (an invalid window, quantile or grouping passed to a builder, …); its code is a {@link PromqlCode}. */
export class PromqlError extends ObskitError<PromqlCode> {}
