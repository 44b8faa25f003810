import { ObskitError } from '@obskit/catalog';
import type { DashboardsCode } from './codes.js';

/** An error of @obskit/dashboards (a dashboard without a uid, …); its code is a {@link DashboardsCode}. */
export class DashboardsError extends ObskitError<DashboardsCode> {}
