import type { ValidationProblem } from '@obskit/catalog';
import { PROVISIONING_CODES, type ProvisioningCode } from '../codes.js';

/**
 * A secret Grafana reads at start-up, never its value: `{ file }` renders `$__file{path}` (a mounted
 * Docker/Kubernetes secret), `{ env }` renders `$__env{NAME}`.
 * https://grafana.com/docs/grafana/latest/administration/provisioning/#using-environment-variables
 */
export type SecretRef = { readonly file: string } | { readonly env: string };

/** Stable code of an invalid secret reference. */
export const INVALID_SECRET_REF = PROVISIONING_CODES.invalidSecretRef;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Renders a {@link SecretRef} as Grafana's `$__file{}` / `$__env{}` expansion. */
export function renderSecretRef(ref: SecretRef): string {
  return 'file' in ref ? `$__file{${ref.file}}` : `$__env{${ref.env}}`;
}

/** Problems of a secret reference (absolute file path, valid environment variable name). */
export function checkSecretRef(ref: SecretRef, subject: string): ValidationProblem<ProvisioningCode>[] {
  if ('file' in ref) {
    return ref.file.startsWith('/') && !/[{}\s]/.test(ref.file)
      ? []
      : [
          {
            code: INVALID_SECRET_REF,
            subject,
            message: `Invalid secret file "${ref.file}": must be an absolute path without spaces or braces`,
          },
        ];
  }
  return ENV_NAME.test(ref.env)
    ? []
    : [
        {
          code: INVALID_SECRET_REF,
          subject,
          message: `Invalid secret environment variable "${ref.env}": must match ${ENV_NAME}`,
        },
      ];
}
