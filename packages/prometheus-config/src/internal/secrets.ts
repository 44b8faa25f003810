import { PROMETHEUS_CONFIG_CODES } from '../codes.js';
import type { Problems } from './problems.js';

/**
 * Keys that would put a secret's value into a generated file. Each has a `*_file` counterpart (or an
 * `http_config` credentials file) that obskit uses instead.
 */
const LITERAL_SECRET_KEYS: Readonly<Record<string, string>> = {
  password: 'password_file',
  credentials: 'credentials_file',
  bearer_token: 'authorization.credentials_file',
  api_key: 'api_key_file',
  api_url: 'api_url_file',
  routing_key: 'routing_key_file',
  service_key: 'service_key_file',
  auth_password: 'auth_password_file',
  auth_secret: 'auth_password_file',
  smtp_auth_password: 'smtp_auth_password_file',
  smtp_auth_secret: 'smtp_auth_password_file',
  slack_api_url: 'slack_api_url_file',
  opsgenie_api_key: 'opsgenie_api_key_file',
  victorops_api_key: 'victorops_api_key_file',
  client_secret: 'client_secret_file',
  bot_token: 'bot_token_file',
  token: 'token_file',
  key: 'key_file',
};

/** Header names whose value is a credential. */
const SECRET_HEADERS = /^(authorization|proxy-authorization|x-api-key|api-key|x-auth-token|cookie)$/i;
/** Query parameters that carry a credential. */
const SECRET_QUERY = /^(token|access_token|api_key|apikey|key|secret|password|sig|signature)$/i;

/** Reports a URL that embeds a credential (user info, a token in the query, a Slack webhook path). */
export function checkUrlSecret(problems: Problems, subject: string, field: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return;
  }
  if (url.username !== '' || url.password !== '') {
    problems.add(
      PROMETHEUS_CONFIG_CODES.literalSecret,
      subject,
      `Literal secret in ${field} "${url.protocol}//***@${url.host}${url.pathname}": credentials must not be part of the URL; use a *_file field`,
    );
  }
  for (const name of url.searchParams.keys()) {
    if (SECRET_QUERY.test(name)) {
      problems.add(
        PROMETHEUS_CONFIG_CODES.literalSecret,
        subject,
        `Literal secret in ${field}: query parameter "${name}" carries a credential; use a *_file field`,
      );
    }
  }
  if (url.hostname === 'hooks.slack.com') {
    problems.add(
      PROMETHEUS_CONFIG_CODES.literalSecret,
      subject,
      `Literal secret in ${field}: a Slack webhook URL is a secret; use "api_url_file"`,
    );
  }
}

/**
 * Walks a whole configuration object and reports every key that holds a secret's value, every empty
 * `*_file` path and every credential header. Catches what TypeScript types cannot: objects built in
 * JavaScript or cast from parsed YAML.
 */
export function checkLiteralSecrets(problems: Problems, value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkLiteralSecrets(problems, item, `${path}[${i}]`));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const here = path === '' ? key : `${path}.${key}`;
    const replacement = LITERAL_SECRET_KEYS[key];
    if (replacement !== undefined && child !== undefined && !path.endsWith('labels')) {
      problems.add(
        PROMETHEUS_CONFIG_CODES.literalSecret,
        here,
        `Literal secret in "${key}": secrets must be referenced by file; use "${replacement}"`,
      );
      continue;
    }
    if (key.endsWith('_file') && (typeof child !== 'string' || child.trim() === '')) {
      problems.add(
        PROMETHEUS_CONFIG_CODES.missingSecretFile,
        here,
        `Missing file path in "${key}": must be a non-empty path to a file`,
      );
      continue;
    }
    if (key === 'headers' && child !== null && typeof child === 'object') {
      for (const header of Object.keys(child)) {
        if (SECRET_HEADERS.test(header)) {
          problems.add(
            PROMETHEUS_CONFIG_CODES.literalSecret,
            `${here}.${header}`,
            `Literal secret in header "${header}": credentials must come from "authorization.credentials_file" or "basic_auth.password_file"`,
          );
        }
      }
      continue;
    }
    if (key === 'url' && typeof child === 'string') checkUrlSecret(problems, here, key, child);
    checkLiteralSecrets(problems, child, here);
  }
}

/** Reports `basic_auth` without a password file and `authorization` without a credentials file. */
export function checkHttpAuth(problems: Problems, subject: string, http: unknown): void {
  if (http === null || typeof http !== 'object') return;
  const h = http as { basic_auth?: { username?: unknown; password_file?: unknown }; authorization?: object };
  if (h.basic_auth !== undefined) {
    if (typeof h.basic_auth.username !== 'string' || h.basic_auth.username === '') {
      problems.add(
        PROMETHEUS_CONFIG_CODES.missingField,
        subject,
        'Missing "basic_auth.username": must be a non-empty string',
      );
    }
    if (h.basic_auth.password_file === undefined) {
      problems.add(
        PROMETHEUS_CONFIG_CODES.missingSecretFile,
        subject,
        'Missing "basic_auth.password_file": basic auth needs the password in a file',
      );
    }
  }
  if (h.authorization !== undefined && !('credentials_file' in h.authorization)) {
    problems.add(
      PROMETHEUS_CONFIG_CODES.missingSecretFile,
      subject,
      'Missing "authorization.credentials_file": the token must be read from a file',
    );
  }
}
