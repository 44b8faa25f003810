import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { MIDDLEWARE_CODES } from '../codes.js';
import { MiddlewareError } from '../errors.js';

/** Credentials and client restrictions of the `/metrics` endpoint. */
export interface MetricsAuthOptions {
  /** Bearer token. @defaultValue `METRICS_TOKEN`, or the content of the file named by `METRICS_TOKEN_FILE` */
  readonly bearerToken?: string;
  /**
   * Basic-auth credentials, as `user:pass` or an object.
   * @defaultValue `METRICS_BASIC_AUTH`, or the content of the file named by `METRICS_BASIC_AUTH_FILE`
   */
  readonly basicAuth?: string | { readonly username: string; readonly password: string };
  /** Client IPs or CIDR ranges allowed to scrape (checked in addition to credentials). @defaultValue any */
  readonly allowedIps?: readonly string[];
  /**
   * Serve without credentials on purpose, also in production (`auth: false` is short for
   * `{ open: true }`); `allowedIps` still applies. @defaultValue `false`
   */
  readonly open?: boolean;
}

/** What {@link createMetricsAuth} needs from a request. */
export interface AuthRequest {
  /** The `Authorization` header. */
  readonly authorization?: string | null;
  /**
   * The client's IP address as the host server knows it (Node's socket peer, Express `req.ip`);
   * unknown for Fetch `Request` objects unless the host passes it. In development mode an unknown
   * address is refused: a `Host` or `X-Forwarded-For` header is the client's word, not the host's.
   */
  readonly clientIp?: string;
}

/** The decision of {@link MetricsAuth.check}. */
export type AuthDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 401; readonly challenges: readonly string[] }
  | {
      readonly ok: false;
      readonly status: 403;
      readonly reason: 'ip_not_allowed' | 'not_loopback' | 'client_unknown' | 'auth_not_configured';
    };

/** How the endpoint is protected, after options and environment are resolved. */
export type AuthMode = 'credentials' | 'open' | 'loopback' | 'refuse';

/** A resolved authoriser of scrape requests. */
export interface MetricsAuth {
  readonly mode: AuthMode;
  check(request: AuthRequest): AuthDecision;
}

/** Options of {@link createMetricsAuth}. */
export interface CreateMetricsAuthOptions {
  /** Credentials, or `false` to serve without credentials on purpose (even in production). */
  readonly auth?: MetricsAuthOptions | false;
  /** Environment to read `METRICS_*` and `NODE_ENV` from. @defaultValue `process.env` */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Compares two secrets in constant time by comparing their fixed-length SHA-256 digests. */
export function secretsEqual(provided: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(provided), expected);
}

function readSecret(
  env: Readonly<Record<string, string | undefined>>,
  name: 'METRICS_TOKEN' | 'METRICS_BASIC_AUTH',
): string | undefined {
  const file = env[`${name}_FILE`];
  if (file) {
    try {
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (cause) {
      throw new MiddlewareError(
        MIDDLEWARE_CODES.metricsAuthConfig,
        `Invalid ${name}_FILE "${file}": must name a readable file`,
        { cause },
      );
    }
  }
  const value = env[name];
  return value ? value : undefined;
}

function basicString(value: string | { username: string; password: string }, source: string): string {
  const joined = typeof value === 'string' ? value : `${value.username}:${value.password}`;
  if (joined.indexOf(':') < 1) {
    throw new MiddlewareError(
      MIDDLEWARE_CODES.metricsAuthConfig,
      `Invalid ${source} "${joined.replace(/:.*/, ':***')}": must be "user:password" with a non-empty user`,
    );
  }
  return joined;
}

/** Strips the IPv4-mapped IPv6 prefix so that `::ffff:127.0.0.1` is seen as `127.0.0.1`. */
export function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

function isLoopback(ip: string): boolean {
  const family = isIP(ip);
  return family !== 0 && LOOPBACK.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

function buildAllowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  const bad: string[] = [];
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (family === 0) bad.push(entry);
    else if (prefix === undefined) list.addAddress(address, type);
    else {
      const bits = Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) bad.push(entry);
      else list.addSubnet(address, bits, type);
    }
  }
  if (bad.length > 0) {
    throw new MiddlewareError(
      MIDDLEWARE_CODES.metricsAuthConfig,
      `Invalid allowedIps ${bad.map((b) => `"${b}"`).join(', ')}: must be IP addresses or CIDR ranges such as "10.0.0.0/8"`,
    );
  }
  return list;
}

/**
 * Resolves how `/metrics` is protected and returns a checker for requests.
 *
 * - Credentials from options, else from `METRICS_TOKEN[_FILE]` / `METRICS_BASIC_AUTH[_FILE]`: every
 *   request must carry a matching `Authorization: Bearer` or `Basic` header (compared in constant
 *   time over SHA-256 digests); otherwise 401 with `WWW-Authenticate`.
 * - `auth: false` or `{ open: true }`: open on purpose.
 * - No credentials and `NODE_ENV=production`: every request is refused with 403 (fail closed).
 * - No credentials otherwise (development): open to loopback clients only; a request whose client
 *   address the host does not provide is refused (`client_unknown`).
 *
 * `allowedIps` is checked first in every mode. Throws {@link MiddlewareError} `OBSKIT_METRICS_AUTH_CONFIG`
 * on unreadable secret files, malformed basic credentials or allow-list entries.
 */
export function createMetricsAuth(options: CreateMetricsAuthOptions = {}): MetricsAuth {
  const env = options.env ?? process.env;
  const auth: MetricsAuthOptions | undefined = options.auth === false ? { open: true } : options.auth;
  const open = auth?.open === true;
  const allowList = auth && auth.allowedIps?.length ? buildAllowList(auth.allowedIps) : undefined;

  let token: Buffer | undefined;
  let basic: Buffer | undefined;
  if (!open) {
    const tokenValue = auth?.bearerToken ?? readSecret(env, 'METRICS_TOKEN');
    if (tokenValue !== undefined) {
      if (tokenValue.length === 0) {
        throw new MiddlewareError(
          MIDDLEWARE_CODES.metricsAuthConfig,
          'Invalid bearer token "": must not be empty',
        );
      }
      token = digest(tokenValue);
    }
    const basicValue =
      auth?.basicAuth !== undefined
        ? basicString(auth.basicAuth, 'basicAuth')
        : (() => {
            const raw = readSecret(env, 'METRICS_BASIC_AUTH');
            return raw === undefined ? undefined : basicString(raw, 'METRICS_BASIC_AUTH');
          })();
    if (basicValue !== undefined) basic = digest(basicValue);
  }

  const mode: AuthMode = open
    ? 'open'
    : token || basic
      ? 'credentials'
      : env.NODE_ENV === 'production'
        ? 'refuse'
        : 'loopback';

  const challenges: string[] = [];
  if (token) challenges.push('Bearer realm="metrics"');
  if (basic) challenges.push('Basic realm="metrics", charset="UTF-8"');
  const unauthorized: AuthDecision = { ok: false, status: 401, challenges };
  const ok: AuthDecision = { ok: true };

  function checkCredentials(authorization: string | null | undefined): boolean {
    if (!authorization) return false;
    const space = authorization.indexOf(' ');
    if (space === -1) return false;
    const scheme = authorization.slice(0, space).toLowerCase();
    const value = authorization.slice(space + 1).trim();
    if (scheme === 'bearer' && token) return secretsEqual(value, token);
    if (scheme === 'basic' && basic)
      return secretsEqual(Buffer.from(value, 'base64').toString('utf8'), basic);
    return false;
  }

  return {
    mode,
    check(request) {
      const ip = request.clientIp ? normalizeIp(request.clientIp) : undefined;
      if (allowList) {
        const family = ip ? isIP(ip) : 0;
        if (!ip || family === 0 || !allowList.check(ip, family === 4 ? 'ipv4' : 'ipv6')) {
          return { ok: false, status: 403, reason: 'ip_not_allowed' };
        }
      }
      switch (mode) {
        case 'open':
          return ok;
        case 'refuse':
          return { ok: false, status: 403, reason: 'auth_not_configured' };
        case 'loopback': {
          if (!ip) return { ok: false, status: 403, reason: 'client_unknown' };
          return isLoopback(ip) ? ok : { ok: false, status: 403, reason: 'not_loopback' };
        }
        default:
          return checkCredentials(request.authorization) ? ok : unauthorized;
      }
    },
  };
}
