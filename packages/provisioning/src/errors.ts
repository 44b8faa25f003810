import { ObskitError } from '@obskit/catalog';
import type { ProvisioningCode } from './codes.js';

/** An error of @obskit/provisioning (a write that failed, an unreadable manifest); its code is a {@link ProvisioningCode}. */
export class ProvisioningError extends ObskitError<ProvisioningCode> {}
