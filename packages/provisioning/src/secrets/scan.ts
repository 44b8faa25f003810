import { loadAll } from 'js-yaml';

/** A value in a generated file that looks like a secret written out in clear. */
export interface LiteralSecret {
  /** Relative path of the file. */
  readonly file: string;
  /** Dotted path of the key inside the document, or `text` for a pattern match in the raw text. */
  readonly where: string;
  /** Why it was flagged. */
  readonly reason: string;
}

/** Keys whose value is a secret (Prometheus, Alertmanager, Grafana, Compose, Kubernetes spellings). */
const SECRET_KEY =
  /(pass(word|wd)?|secret|token|api_?key|apikey|auth_?key|routing_key|service_key|private_?key|credentials|webhook_url|^url_?secret)$/i;
/** Keys that name where a secret lives, not the secret. */
const REFERENCE_KEY = /(_file|File|__FILE|_path|Path|_env|Env|_secret_name|_ref|Ref|HeaderName\d*)$/;
/** Values that refer to a secret rather than hold it. */
const REFERENCE_VALUE = [
  /^\$__(file|env)\{[^}]+\}$/, // Grafana
  /^(Bearer |Basic )?\$__(file|env)\{[^}]+\}$/,
  /^\$\{[A-Za-z_][A-Za-z0-9_]*(:?[-?][^}]*)?\}$/, // Compose / shell interpolation
  /^\/run\/secrets\/[\w.-]+$/,
  /^\/etc\/[\w./-]+$/,
];
/** Shapes of well-known credentials, wherever they appear. */
const SECRET_PATTERNS: readonly { readonly pattern: RegExp; readonly reason: string }[] = [
  { pattern: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/, reason: 'a Slack webhook URL' },
  { pattern: /\bxox[abpors]-[A-Za-z0-9-]{10,}/, reason: 'a Slack token' },
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, reason: 'a private key' },
  { pattern: /\bAKIA[0-9A-Z]{16}\b/, reason: 'an AWS access key id' },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/, reason: 'a GitHub token' },
  { pattern: /\bsk-[A-Za-z0-9_-]{20,}/, reason: 'an API key (sk-...)' },
  { pattern: /\bglsa_[A-Za-z0-9_]{20,}/, reason: 'a Grafana service-account token' },
  { pattern: /:\/\/[^/\s:@]+:[^/\s@$]+@/, reason: 'credentials in a URL' },
];

function isReference(value: string): boolean {
  return REFERENCE_VALUE.some((r) => r.test(value.trim()));
}

function checkString(key: string | undefined, value: string, where: string, onSecret: Report): void {
  if (
    key !== undefined &&
    value.trim() !== '' &&
    SECRET_KEY.test(key) &&
    !REFERENCE_KEY.test(key) &&
    !isReference(value)
  ) {
    onSecret(
      where,
      `key "${key}" holds a literal value; use a *_file, $__file{}, $__env{} or \${ENV} reference`,
    );
  }
  // A Compose `environment` list entry `NAME=value`.
  const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(value);
  if (assignment) {
    const [, name, v] = assignment;
    if (SECRET_KEY.test(name) && !REFERENCE_KEY.test(name) && v !== '' && !isReference(v)) {
      onSecret(where, `variable "${name}" holds a literal value`);
    }
  }
}

type Report = (where: string, reason: string) => void;

function walk(node: unknown, path: string, key: string | undefined, onSecret: Report): void {
  if (typeof node === 'string') checkString(key, node, path, onSecret);
  else if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${path}[${i}]`, undefined, onSecret));
  else if (node !== null && typeof node === 'object') {
    for (const [k, value] of Object.entries(node as Record<string, unknown>)) {
      walk(value, path === '' ? k : `${path}.${k}`, k, onSecret);
    }
  }
}

/**
 * Scans a generated tree for secrets written out in clear: values of secret-like keys (`password`,
 * `api_key`, `routing_key`, `token`, ...) that are not references to a file or an environment
 * variable, and text shaped like well-known credentials (Slack webhooks, private keys, cloud keys).
 * YAML and JSON files are parsed; other files are scanned as text.
 */
export function findLiteralSecrets(files: Readonly<Record<string, string>>): LiteralSecret[] {
  const found: LiteralSecret[] = [];
  for (const file of Object.keys(files).sort()) {
    const text = files[file];
    for (const { pattern, reason } of SECRET_PATTERNS) {
      if (pattern.test(text)) found.push({ file, where: 'text', reason: `looks like ${reason}` });
    }
    let docs: unknown[] = [];
    try {
      if (/\.json$/.test(file)) docs = [JSON.parse(text)];
      else if (/\.ya?ml$/.test(file)) docs = loadAll(text);
    } catch {
      docs = []; // not parseable: the pattern scan above still ran
    }
    docs.forEach((doc, i) =>
      walk(doc, docs.length > 1 ? `[${i}]` : '', undefined, (where, reason) =>
        found.push({ file, where, reason }),
      ),
    );
  }
  return found;
}
