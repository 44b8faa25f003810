import { compareSync } from 'bcryptjs';
import { load } from 'js-yaml';
import { renderWebConfig } from '../render';
import { BCRYPT_HASH_PATTERN, buildWebConfig, hashWebPassword, validateWebConfig } from './web-config';

describe('web config', () => {
  it('hashes passwords with bcrypt at the requested cost', () => {
    const hash = hashWebPassword('correct horse', 4);
    expect(hash).toMatch(BCRYPT_HASH_PATTERN);
    expect(hash.startsWith('$2b$04$')).toBe(true);
    expect(compareSync('correct horse', hash)).toBe(true);
    expect(compareSync('wrong', hash)).toBe(false);
  });

  it('renders TLS, security headers and users', () => {
    const hash = hashWebPassword('pw', 4);
    const yaml = renderWebConfig(
      buildWebConfig({
        tls: { certFile: 'tls/cert.pem', keyFile: 'tls/key.pem' },
        users: { prometheus: hash },
      }),
    );
    expect(load(yaml)).toEqual({
      tls_server_config: { cert_file: 'tls/cert.pem', key_file: 'tls/key.pem', min_version: 'TLS12' },
      http_server_config: {
        headers: {
          'X-Content-Type-Options': 'nosniff',
          'X-Frame-Options': 'deny',
          'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
        },
      },
      basic_auth_users: { prometheus: hash },
    });
  });

  it('rejects a plain password in place of a bcrypt hash, without echoing it', () => {
    const problems = validateWebConfig(buildWebConfig({ users: { admin: 'hunter2' } }));
    expect(problems).toEqual([
      {
        code: 'OBSKIT_INVALID_BCRYPT_HASH',
        subject: 'basic_auth_users.admin',
        message: expect.stringMatching(/^Invalid password hash for user "admin": must be a bcrypt hash/),
      },
    ]);
    expect(JSON.stringify(problems)).not.toContain('hunter2');
    expect(() => renderWebConfig(buildWebConfig({ users: { admin: 'hunter2' } }))).toThrow(
      expect.objectContaining({ code: 'OBSKIT_INVALID_BCRYPT_HASH' }),
    );
  });
});
