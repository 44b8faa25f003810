import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@obskit/config';
import { makeTempDir, type TempDir } from '@obskit/testing';
import { upServicesFromConfig } from './up-command';

let temp: TempDir;
beforeAll(async () => {
  temp = await makeTempDir('obskit-up-command-');
});
afterAll(async () => {
  await temp?.cleanup();
});

describe('upServicesFromConfig', () => {
  it('takes relative run.cwd, auth and tlsCaFile paths from the config file, and keeps absolute ones', async () => {
    const file = join(temp.path, 'obskit.config.mjs');
    writeFileSync(
      file,
      `export default {
  services: [
    {
      name: 'token-api',
      targets: { static: ['127.0.0.1:4000'] },
      auth: { bearerTokenFile: 'secrets/token' },
      tlsCaFile: './tls/ca.pem',
      run: { command: 'node app.js', cwd: 'app' },
    },
    {
      name: 'basic-api',
      targets: { static: ['127.0.0.1:4001'] },
      auth: { basicAuth: { username: 'prometheus', passwordFile: '/etc/obskit/password' } },
    },
  ],
};
`,
    );
    const services = upServicesFromConfig(await loadConfig({ configFile: file }));
    expect(services).toEqual([
      {
        name: 'token-api',
        auth: { bearerTokenFile: join(temp.path, 'secrets/token') },
        tlsCaFile: join(temp.path, 'tls/ca.pem'),
        run: { command: 'node app.js', cwd: join(temp.path, 'app'), port: 4000 },
      },
      {
        name: 'basic-api',
        auth: { basicAuth: { username: 'prometheus', passwordFile: '/etc/obskit/password' } },
        target: '127.0.0.1:4001',
      },
    ]);
  });
});
