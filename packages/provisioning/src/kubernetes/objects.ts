import { throwIfProblems, type ValidationProblem } from '@obskit/catalog';
import { PROVISIONING_CODES, type ProvisioningCode } from '../codes.js';

/** Stable code of invalid Kubernetes object input. */
export const INVALID_KUBERNETES = PROVISIONING_CODES.invalidKubernetes;

/** Standard Kubernetes object metadata, as obskit writes it. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A Kubernetes object, as plain data. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Labels every object obskit writes carries. */
export const MANAGED_BY_LABELS = { 'app.kubernetes.io/managed-by': 'obskit' } as const;

/** Problems of an object name (DNS-1123 subdomain, at most 253 characters). */
export function checkObjectName(name: string, subject: string): ValidationProblem<ProvisioningCode>[] {
  return DNS_1123_SUBDOMAIN.test(name) && name.length <= 253
    ? []
    : [
        {
          code: INVALID_KUBERNETES,
          subject,
          message: `Invalid object name "${name}": must be a DNS-1123 subdomain (lower-case letters, digits, "-", "."; at most 253 characters)`,
        },
      ];
}

/** Problems of a namespace (DNS-1123 label, at most 63 characters). */
export function checkNamespace(namespace: string, subject: string): ValidationProblem<ProvisioningCode>[] {
  return DNS_1123_LABEL.test(namespace) && namespace.length <= 63
    ? []
    : [
        {
          code: INVALID_KUBERNETES,
          subject,
          message: `Invalid namespace "${namespace}": must be a DNS-1123 label (lower-case letters, digits, "-"; at most 63 characters)`,
        },
      ];
}

/**
 * Problems of a label set: keys `[prefix/]name` with a DNS subdomain prefix and a name of at most 63
 * characters; values of at most 63 characters.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 */
export function checkLabels(
  labels: Readonly<Record<string, string>>,
  subject: string,
): ValidationProblem<ProvisioningCode>[] {
  const problems: ValidationProblem<ProvisioningCode>[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const slash = key.lastIndexOf('/');
    const prefix = slash < 0 ? undefined : key.slice(0, slash);
    const name = slash < 0 ? key : key.slice(slash + 1);
    const prefixOk = prefix === undefined || (DNS_1123_SUBDOMAIN.test(prefix) && prefix.length <= 253);
    if (!prefixOk || !LABEL_NAME.test(name) || name.length > 63) {
      problems.push({
        code: INVALID_KUBERNETES,
        subject,
        message: `Invalid label key "${key}": must be [DNS-subdomain prefix/]name, name matching ${LABEL_NAME} and at most 63 characters`,
      });
    }
    if (typeof value !== 'string' || !LABEL_VALUE.test(value) || value.length > 63) {
      problems.push({
        code: INVALID_KUBERNETES,
        subject,
        message: `Invalid label value "${value}" of "${key}": must match ${LABEL_VALUE} and have at most 63 characters`,
      });
    }
  }
  return problems;
}

/** Throws when there are problems; a shared tail of the builders. */
export function throwIfKubernetesProblems(
  what: string,
  problems: readonly ValidationProblem<ProvisioningCode>[],
): void {
  throwIfProblems<ProvisioningCode>(INVALID_KUBERNETES, what, problems);
}
