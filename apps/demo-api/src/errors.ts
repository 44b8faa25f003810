import { ObskitError } from '@obskit/catalog';
import type { DemoCode } from './codes.js';

/** An error of the demo (a refused request, an unknown model, …); its code is a {@link DemoCode}. */
export class DemoError extends ObskitError<DemoCode> {}
