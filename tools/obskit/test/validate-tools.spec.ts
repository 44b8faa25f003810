import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeTempDir, requireBinary, type TempDir } from '@obskit/testing';
import { EXIT_CODES } from '../src/exit-codes';
import { runCli } from './support';

jest.setTimeout(180_000);

// The real binaries of both lines: 3.5.3/0.33.1 in the obskit cache, bookworm's 2.42/0.25 in /usr/bin.
const PROMTOOL_3 = requireBinary('promtool', { line: 'current' });
const AMTOOL_033 = requireBinary('amtool', { line: 'current' });
const PROMTOOL_242 = requireBinary('promtool', { line: 'oldest' });
const AMTOOL_025 = requireBinary('amtool', { line: 'oldest' });

let temp: TempDir;
let teams: string;
let agent: string;
beforeAll(async () => {
  temp = await makeTempDir('obskit-validate-tools-');
  teams = join(temp.path, 'teams');
  mkdirSync(teams);
  writeFileSync(
    join(teams, 'obskit.config.json'),
    JSON.stringify({
      services: [{ name: 'orders-api', targets: { static: ['localhost:4000'] } }],
      alerts: { packs: { http: true } },
      notifications: {
        receivers: [{ name: 'ops', msteamsv2: { webhookUrlFile: '/etc/obskit/secrets/teams-url' } }],
      },
    }),
  );
  agent = join(temp.path, 'agent');
  mkdirSync(agent);
  writeFileSync(
    join(agent, 'obskit.config.json'),
    JSON.stringify({
      services: [{ name: 'orders-api', targets: { static: ['localhost:4000'] } }],
      environments: {
        agent: { storage: { remoteWrite: [{ kind: 'generic', url: 'https://metrics.example.com/push' }] } },
      },
    }),
  );
  expect((await runCli(['generate'], { cwd: teams })).code).toBe(0);
  expect((await runCli(['generate', '--env', 'agent'], { cwd: agent })).code).toBe(0);
});
afterAll(async () => {
  await temp?.cleanup();
});

/** PATH with bookworm's 2.42/0.25 first and the obskit cache where ensure-prometheus put 3.5.3/0.33.1. */
const OLD_FIRST_ON_PATH = { ...process.env, PATH: `/usr/bin:${process.env.PATH ?? ''}` };

describe('obskit validate: which promtool and amtool', () => {
  it('picks the newest in the cache and on PATH and says which (3.5.3/0.33.1 over 2.42/0.25 first on PATH)', async () => {
    const run = await runCli(['validate'], { cwd: agent, env: OLD_FIRST_ON_PATH });
    expect(run.out).toContain(`using promtool 3.5.3 ${PROMTOOL_3}`);
    expect(run.out).toContain(`using amtool 0.33.1 ${AMTOOL_033}`);
    expect(run.out).toContain('ok    promtool check config --agent prometheus/prometheus.yml');
    expect(run.code).toBe(EXIT_CODES.ok);
  });

  it('without the cache, the newest on PATH (bookworm 2.42) is used, and the agent tree is refused by name', async () => {
    const env = {
      ...OLD_FIRST_ON_PATH,
      OBSKIT_CACHE_DIR: join(temp.path, 'no-cache'),
      PATH: dirname(PROMTOOL_242),
    };
    const run = await runCli(['validate'], { cwd: agent, env });
    expect(run.code).toBe(EXIT_CODES.missingBinary);
    expect(run.err).toBe(
      [
        `obskit: using promtool 2.42.0 (${PROMTOOL_242}, from PATH)`,
        `obskit: using amtool 0.25.0 (${AMTOOL_025}, from PATH)`,
        `obskit: error: promtool 2.42.0 at "${PROMTOOL_242}" is too old for this tree:`,
        '  the agent profile (prometheus --agent, checked with promtool check config --agent): needs promtool 3.0.0 or later',
        'Install a newer one (bash tools/scripts/ensure-prometheus in the obskit repository, or Debian/Ubuntu: sudo apt-get install -y prometheus prometheus-alertmanager; macOS: brew install prometheus alertmanager) or point --promtool / OBSKIT_PROMTOOL at it. [OBSKIT_VALIDATOR_TOO_OLD]',
      ].join('\n'),
    );
  });

  it('--amtool names an amtool too old for msteamsv2 receivers: exit 5 naming it, its version and 0.28', async () => {
    const run = await runCli(['validate', '--amtool', AMTOOL_025], { cwd: teams });
    expect(run.code).toBe(EXIT_CODES.missingBinary);
    expect(run.err).toContain(`amtool 0.25.0 at "${AMTOOL_025}" is too old for this tree:`);
    expect(run.err).toContain(
      'alertmanager/alertmanager.yml uses msteamsv2_configs: needs amtool 0.28.0 or later',
    );
  });

  it('OBSKIT_PROMTOOL / OBSKIT_AMTOOL choose the binaries; a tree without newer settings passes on 2.42/0.25', async () => {
    const env = { ...OLD_FIRST_ON_PATH, OBSKIT_PROMTOOL: PROMTOOL_242, OBSKIT_AMTOOL: AMTOOL_025 };
    const plain = join(temp.path, 'plain');
    mkdirSync(plain);
    writeFileSync(
      join(plain, 'obskit.config.json'),
      JSON.stringify({ services: [{ name: 'orders-api', targets: { static: ['localhost:4000'] } }] }),
    );
    expect((await runCli(['generate'], { cwd: plain })).code).toBe(0);
    const run = await runCli(['validate'], { cwd: plain, env });
    expect(run.out).toContain(`using promtool 2.42.0 ${PROMTOOL_242}`);
    expect(run.out).toContain(`using amtool 0.25.0 ${AMTOOL_025}`);
    expect(run.code).toBe(EXIT_CODES.ok);
  });

  it('a --promtool that is not an executable file: exit 5 naming the flag and the path', async () => {
    const run = await runCli(['validate', '--promtool', join(temp.path, 'nope')], { cwd: teams });
    expect(run.code).toBe(EXIT_CODES.missingBinary);
    expect(run.err).toBe(
      `obskit: error: Missing "promtool": --promtool names "${join(temp.path, 'nope')}", which is not an executable file [OBSKIT_MISSING_BINARY]`,
    );
  });
});
