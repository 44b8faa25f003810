import { createHash } from 'node:crypto';
import { createMetricsAuth, normalizeIp, secretsEqual } from './auth';

const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;

describe('createMetricsAuth', () => {
  it.each([
    [{ env: {} }, 'loopback'],
    [{ env: { NODE_ENV: 'development' } }, 'loopback'],
    [{ env: { NODE_ENV: 'production' } }, 'refuse'],
    [{ env: { NODE_ENV: 'production' }, auth: false as const }, 'open'],
    [{ env: { NODE_ENV: 'production', METRICS_TOKEN: 't' } }, 'credentials'],
    [{ env: { METRICS_BASIC_AUTH: 'u:p' } }, 'credentials'],
    [{ env: { METRICS_TOKEN: 't' }, auth: false as const }, 'open'],
    [{ env: {}, auth: { basicAuth: { username: 'u', password: 'p' } } }, 'credentials'],
  ])('%j → %s', (options, mode) => {
    expect(createMetricsAuth(options).mode).toBe(mode);
  });

  it('accepts either configured scheme and nothing else', () => {
    const auth = createMetricsAuth({ env: {}, auth: { bearerToken: 'tok', basicAuth: 'user:pa:ss' } });
    expect(auth.check({ authorization: 'Bearer tok' })).toEqual({ ok: true });
    expect(auth.check({ authorization: basic('user:pa:ss') })).toEqual({ ok: true });
    expect(auth.check({ authorization: basic('user:pa') })).toEqual({
      ok: false,
      status: 401,
      challenges: ['Bearer realm="metrics"', 'Basic realm="metrics", charset="UTF-8"'],
    });
    expect(auth.check({})).toMatchObject({ ok: false, status: 401 });
  });

  it('in loopback mode, serves loopback client addresses and refuses others or an unknown one', () => {
    const auth = createMetricsAuth({ env: {} });
    expect(auth.check({ clientIp: '127.0.0.5' }).ok).toBe(true);
    expect(auth.check({ clientIp: '::ffff:127.0.0.1' }).ok).toBe(true);
    expect(auth.check({ clientIp: '::1' }).ok).toBe(true);
    expect(auth.check({ clientIp: '192.168.0.2' })).toEqual({
      ok: false,
      status: 403,
      reason: 'not_loopback',
    });
    expect(auth.check({})).toEqual({ ok: false, status: 403, reason: 'client_unknown' });
  });

  it('checks allowedIps with IPv4 and IPv6 ranges before anything else', () => {
    const auth = createMetricsAuth({
      env: {},
      auth: { allowedIps: ['10.0.0.0/8', 'fd00::/8', '192.0.2.7'] },
    });
    expect(auth.mode).toBe('loopback');
    expect(auth.check({ clientIp: '10.2.3.4' })).toEqual({ ok: false, status: 403, reason: 'not_loopback' });
    expect(auth.check({ clientIp: '::ffff:192.0.2.7' }).ok).toBe(false);
    expect(auth.check({ clientIp: '127.0.0.1' })).toEqual({
      ok: false,
      status: 403,
      reason: 'ip_not_allowed',
    });
    const open = createMetricsAuth({
      env: {},
      auth: { open: true, allowedIps: ['10.0.0.0/8', 'fd00::/8', '192.0.2.7'] },
    });
    expect(open.mode).toBe('open');
    expect(open.check({ clientIp: 'fd12::1' }).ok).toBe(true);
    expect(open.check({ clientIp: '::ffff:192.0.2.7' }).ok).toBe(true);
    expect(open.check({ clientIp: '10.255.0.1' }).ok).toBe(true);
    expect(open.check({ clientIp: '11.0.0.1' })).toEqual({
      ok: false,
      status: 403,
      reason: 'ip_not_allowed',
    });
    expect(open.check({}).ok).toBe(false);
  });

  it('rejects an empty bearer token', () => {
    expect(() => createMetricsAuth({ env: {}, auth: { bearerToken: '' } })).toThrow(
      expect.objectContaining({
        code: 'OBSKIT_METRICS_AUTH_CONFIG',
        message: 'Invalid bearer token "": must not be empty',
      }),
    );
  });
});

describe('secretsEqual and normalizeIp', () => {
  it('compares digests of any length', () => {
    const expected = createHash('sha256').update('secret').digest();
    expect(secretsEqual('secret', expected)).toBe(true);
    expect(secretsEqual('secreT', expected)).toBe(false);
    expect(secretsEqual('', expected)).toBe(false);
    expect(secretsEqual('secret'.repeat(1000), expected)).toBe(false);
  });

  it('strips the IPv4-mapped prefix only', () => {
    expect(normalizeIp('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(normalizeIp('::ffff:abcd')).toBe('::ffff:abcd');
    expect(normalizeIp('2001:db8::1')).toBe('2001:db8::1');
  });
});
