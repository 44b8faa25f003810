import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, makeTempDir, requireBinary, type TempDir } from '@obskit/testing';
import { loadConfig } from '@obskit/config';
import { DEPLOYMENT_PROFILES, renderDeploymentTree, type DeploymentProfile } from '@obskit/provisioning';
import { deploymentOptionsFromConfig } from '../src/config/deployment-options';
import { DEMO_CONFIG, runCli, useDemoConfig } from './support';

jest.setTimeout(300_000);

let temp: TempDir;
beforeAll(async () => {
  // The real tools, or a failure that says how to install them.
  requireBinary('promtool');
  requireBinary('amtool');
  temp = await makeTempDir('obskit-cli-');
  // The project these runs find their config in: the demo's.
  useDemoConfig(temp.path);
});
afterAll(async () => {
  await temp?.cleanup();
});

async function e2eFlags(): Promise<string[]> {
  const [app, prom, am, hook] = [await freePort(), await freePort(), await freePort(), await freePort()];
  return [
    '--target',
    `127.0.0.1:${app}`,
    '--prometheus',
    `127.0.0.1:${prom}`,
    '--alertmanager',
    `127.0.0.1:${am}`,
    '--webhook-url',
    `http://127.0.0.1:${hook}/alerts`,
  ];
}

/** A generated tree without its promtool unit tests (same for every profile; run once, for compose). */
function dropRuleTests(out: string): void {
  rmSync(join(temp.path, out, 'prometheus/tests'), { recursive: true, force: true });
}

describe.each(DEPLOYMENT_PROFILES)('obskit generate + validate, profile %s', (profile) => {
  it('writes a tree that passes the real promtool and amtool, and check finds it current', async () => {
    const out = `tree-${profile}`;
    // The demo's config has an environment per profile but e2e (whose addresses the flags give).
    const flags = profile === 'e2e' ? ['--profile', profile, ...(await e2eFlags())] : ['--env', profile];
    const gen = await runCli(['generate', '--out', out, ...flags], { cwd: temp.path });
    expect(gen.err).toContain(`obskit: rendering the ${profile} deployment tree`);
    expect(gen).toMatchObject({ code: 0, out: expect.stringMatching(/written, 0 unchanged, 0 removed$/) });
    expect(gen.out).toContain(
      profile === 'production'
        ? 'wrote     prometheus/prometheus-0.yml'
        : profile === 'scale'
          ? 'wrote     prometheus/prometheus-agent-0.yml'
          : 'wrote     prometheus/prometheus.yml',
    );
    if (profile === 'scale') {
      // Two agent shards (the default), vmalert and VictoriaMetrics in the Compose file.
      expect(gen.out).toContain('wrote     prometheus/prometheus-agent-1.yml');
      expect(gen.out).not.toContain('prometheus/prometheus.yml');
      expect(gen.out).toContain('wrote     docker-compose.monitoring.yml');
    }
    // An agent only forwards samples: no Alertmanager of its own.
    if (profile !== 'agent') expect(gen.out).toContain('wrote     alertmanager/alertmanager.yml');
    expect(gen.out).toContain('wrote     prometheus/rules/slo.rules.yml');
    expect(gen.out).toContain('wrote     kubernetes/prometheus-rule.yaml');

    const chk = await runCli(['check', '--out', out], { cwd: temp.path });
    expect(chk).toMatchObject({
      code: 0,
      out: `${out} is up to date (profile ${profile}, config ../obskit.config.ts${profile === 'e2e' ? '' : `, env ${profile}`})`,
    });

    // The rule unit tests are identical in every non-e2e tree (asserted below): promtool runs them
    // once, for compose, here through the CLI.
    if (profile === 'compose') {
      expect(gen.out).toContain('wrote     prometheus/tests/slo.test.yml');
    } else {
      dropRuleTests(out);
    }
    const val = await runCli(['validate', '--out', out], { cwd: temp.path });
    expect({ code: val.code, out: val.out }).toEqual({
      code: 0,
      out: expect.stringMatching(/ checks passed$/),
    });
    if (profile !== 'agent')
      expect(val.out).toContain('ok    amtool check-config alertmanager/alertmanager.yml');
    expect(val.out).toMatch(
      /ok {4}promtool check config (--agent )?prometheus\/prometheus(-0|-agent-0)?\.yml/,
    );
    if (profile === 'scale') {
      // Each shard is checked as what it is, an agent.
      expect(val.out).toContain('ok    promtool check config --agent prometheus/prometheus-agent-0.yml');
      expect(val.out).toContain('ok    promtool check config --agent prometheus/prometheus-agent-1.yml');
    }
    expect(val.out).toContain('ok    promtool check rules prometheus/rules/slo.rules.yml');
    expect(val.out).toContain('ok    promtool check rules kubernetes/prometheus-rule.yaml');
    expect(val.out).toContain('ok    secret scan .');
    expect(val.out).not.toContain('FAIL');
    if (profile === 'compose')
      expect(val.out).toContain('ok    promtool test rules prometheus/tests/slo.test.yml');
    if (profile === 'production') {
      // Secret and TLS files the deployment mounts are not here: the check says what stood in for them.
      expect(val.out).toContain('ok    promtool check web-config prometheus/web.yml');
      // Alertmanager serves HTTPS too: its web.yml is exporter-toolkit's, checked by promtool, not amtool
      expect(val.out).toContain('ok    promtool check web-config alertmanager/web.yml');
      expect(val.out).not.toContain('amtool check-config alertmanager/web.yml');
      expect(gen.out).toContain('wrote     alertmanager/cluster-tls.yml');
      expect(val.out).not.toContain('amtool check-config alertmanager/cluster-tls.yml');
      expect(val.out).toContain(
        'note: /etc/obskit/secrets/metrics-token is not on this machine: checked with a placeholder file',
      );
      expect(val.out).toContain('checked with a throwaway self-signed certificate');
    }
  });
});

it('writes the same rules and rule tests for every profile but e2e (at the same cost budget), whose rules are time-scaled', async () => {
  const pick = (tree: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(tree).filter(
        ([p]) => p.startsWith('prometheus/rules/') || p.startsWith('prometheus/tests/'),
      ),
    );
  const demo = (await loadConfig({ configFile: DEMO_CONFIG })).resolved;
  const options = (profile: DeploymentProfile) => deploymentOptionsFromConfig(demo, profile);
  const compose = pick(renderDeploymentTree(options('compose')));
  expect(Object.keys(compose).length).toBeGreaterThan(10);
  for (const profile of ['dev', 'kubernetes', 'production', 'scale'] as const) {
    expect(pick(renderDeploymentTree(options(profile)))).toEqual(compose);
  }
  const e2eFlagValues = await e2eFlags();
  const e2e = pick(
    renderDeploymentTree({
      ...options('e2e'),
      services: [{ ...demo.services[0], targets: { static: [e2eFlagValues[1]] } }],
      prometheus: e2eFlagValues[3],
      alertmanager: e2eFlagValues[5],
      webhookUrl: e2eFlagValues[7],
    }),
  );
  expect(Object.keys(e2e).some((p) => p.startsWith('prometheus/tests/'))).toBe(false);
  expect(e2e['prometheus/rules/slo.rules.yml']).not.toEqual(compose['prometheus/rules/slo.rules.yml']);
  expect(e2e['prometheus/rules/slo.rules.yml']).toContain('interval: 1s');
});

it('takes the daily cost budget from --cost-budget, records it for check, and the promtool cases follow it', async () => {
  const cwd = temp.path;
  const bad = await runCli(['generate', '--out', 'budget', '--cost-budget', 'lots'], { cwd });
  expect(bad).toMatchObject({
    code: 2,
    err: 'obskit: error: Invalid --cost-budget "lots": expected USD per day, a number of at least 1 [OBSKIT_USAGE]',
  });
  const gen = await runCli(
    ['generate', '--out', 'budget', '--profile', 'production', '--cost-budget', '2500'],
    {
      cwd,
    },
  );
  expect(gen.code).toBe(0);
  expect(readFileSync(join(cwd, 'budget/prometheus/rules/agents.rules.yml'), 'utf8')).toContain(
    'sum by (job) (rate(obskit_gen_ai_cost_usd_total{job="demo-api"}[15m])) * 86400 > 2500\n',
  );
  expect((await runCli(['check', '--out', 'budget'], { cwd })).code).toBe(0);
  // promtool runs the agents cases (fires at 3.6x, quiet at 0.72x the budget); the others are budget-free
  for (const file of readdirSync(join(cwd, 'budget/prometheus/tests'))) {
    if (file !== 'agents.test.yml') rmSync(join(cwd, 'budget/prometheus/tests', file));
  }
  const val = await runCli(['validate', '--out', 'budget'], { cwd });
  expect(val.out).toContain('ok    promtool test rules prometheus/tests/agents.test.yml');
  expect(val.code).toBe(0);
});

describe('obskit generate / check on edited files', () => {
  it('check lists the edited file and exits 1; generate refuses without --force (exit 3)', async () => {
    const cwd = temp.path;
    expect((await runCli(['generate', '--out', 'edited'], { cwd })).code).toBe(0);
    const file = join(cwd, 'edited/prometheus/prometheus.yml');
    const edited = readFileSync(file, 'utf8').replace('scrape_interval: 15s', 'scrape_interval: 5s');
    writeFileSync(file, edited);

    const chk = await runCli(['check', '--out', 'edited'], { cwd });
    expect(chk).toEqual({
      code: 1,
      out: [
        'edited differs from what obskit generate would write (profile compose, config ../obskit.config.ts):',
        '  changed   prometheus/prometheus.yml',
        'Run: npx obskit generate --out edited --config obskit.config.ts --profile compose',
      ].join('\n'),
      err: expect.any(String),
    });

    const gen = await runCli(['generate', '--out', 'edited'], { cwd });
    expect(gen.code).toBe(3);
    expect(gen.err).toContain(
      'prometheus/prometheus.yml: Refusing to overwrite "prometheus/prometheus.yml": it differs from what obskit generated (edited by hand?); re-run with --force to overwrite [OBSKIT_HAND_EDITED]',
    );
    expect(readFileSync(file, 'utf8')).toBe(edited);

    const forced = await runCli(['generate', '--out', 'edited', '--force'], { cwd });
    expect(forced).toMatchObject({
      code: 0,
      out: expect.stringContaining('wrote     prometheus/prometheus.yml'),
    });
    expect((await runCli(['check', '--out', 'edited'], { cwd })).code).toBe(0);
  });

  it('check regenerates with the options the manifest recorded', async () => {
    const cwd = temp.path;
    const flags = await e2eFlags();
    expect(
      (await runCli(['generate', '--out', 'recorded', '--profile', 'e2e', ...flags], { cwd })).code,
    ).toBe(0);
    const manifest = JSON.parse(readFileSync(join(cwd, 'recorded/.obskit-manifest.json'), 'utf8'));
    expect(manifest.options).toEqual({
      profile: 'e2e',
      config: '../obskit.config.ts',
      target: flags[1],
      prometheus: flags[3],
      alertmanager: flags[5],
      webhookUrl: flags[7],
    });
    expect(readFileSync(join(cwd, 'recorded/prometheus/prometheus.yml'), 'utf8')).toContain(`- ${flags[1]}`);
    expect((await runCli(['check', '--out', 'recorded'], { cwd })).code).toBe(0);
    // A flag overrides the manifest, and then the tree is out of date.
    const other = await runCli(['check', '--out', 'recorded', '--target', '127.0.0.1:1'], { cwd });
    expect(other.code).toBe(1);
    expect(other.out).toContain('  changed   prometheus/prometheus.yml');
  });

  it('check on an empty directory lists every file as missing', async () => {
    const run = await runCli(['check', '--out', 'nothing-here'], { cwd: temp.path });
    expect(run.code).toBe(1);
    expect(run.out).toContain('  missing   prometheus/prometheus.yml');
    expect(run.out).toContain('  missing   .obskit-manifest.json');
  });
});

describe('obskit validate failures', () => {
  it('names the file and the problem amtool found (exit 1)', async () => {
    const cwd = temp.path;
    expect((await runCli(['generate', '--out', 'broken'], { cwd })).code).toBe(0);
    const file = join(cwd, 'broken/alertmanager/alertmanager.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^( {2}receiver:) slack$/m, '$1 nobody'));
    dropRuleTests('broken');
    const run = await runCli(['validate', '--out', 'broken'], { cwd });
    expect(run.code).toBe(1);
    expect(run.out).toContain('FAIL  amtool check-config alertmanager/alertmanager.yml');
    expect(run.out).toMatch(/undefined receiver "nobody"/);
    expect(run.out).toMatch(/1 of \d+ checks failed$/);
  });

  it('flags a secret written out in clear', async () => {
    const cwd = temp.path;
    expect((await runCli(['generate', '--out', 'leaky'], { cwd })).code).toBe(0);
    const file = join(cwd, 'leaky/alertmanager/alertmanager.yml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'smtp_auth_password_file: /run/secrets/smtp-password',
        'smtp_auth_password: hunter2',
      ),
    );
    const run = await runCli(['validate', '--out', 'leaky'], { cwd });
    expect(run.code).toBe(1);
    expect(run.out).toContain('FAIL  secret scan alertmanager/alertmanager.yml');
    expect(run.out).toContain('global.smtp_auth_password: key "smtp_auth_password" holds a literal value');
  });

  it('exits 5 with the install command when promtool is neither in the obskit cache nor on PATH', async () => {
    const cwd = temp.path;
    expect((await runCli(['generate', '--out', 'nopath'], { cwd })).code).toBe(0);
    const cache = join(temp.path, 'no-cache');
    const run = await runCli(['validate', '--out', 'nopath'], {
      cwd,
      env: { PATH: '/nonexistent', OBSKIT_CACHE_DIR: cache },
    });
    expect(run).toEqual({
      code: 5,
      out: 'ok    config obskit.config.ts',
      err: `obskit: error: Missing "promtool": not in the obskit binary cache (${join(cache, 'bin')}) nor on PATH, and OBSKIT_PROMTOOL is not set. Install it with: Debian/Ubuntu: sudo apt-get install -y prometheus prometheus-alertmanager; macOS: brew install prometheus alertmanager [OBSKIT_MISSING_BINARY]`,
    });
  });

  it('without a config (none given, found or recorded): exit 2 saying to run obskit init or pass --config', async () => {
    const other = await makeTempDir('obskit-cli-bare-');
    const bare = other.path;
    for (const command of ['generate', 'check', 'validate', 'up']) {
      const run = await runCli([command], { cwd: bare });
      expect(run).toEqual({
        code: 2,
        out: '',
        err: `obskit: error: No obskit.config.ts (or .mts/.mjs/.js/.cjs/.json) in ${bare} or any parent directory: create obskit.config.ts with \`npx obskit init --name <service> --port <port>\`, or pass --config FILE [OBSKIT_CONFIG_NOT_FOUND]`,
      });
    }
    expect(readdirSync(bare)).toEqual([]);
    await other.cleanup();
  });

  it('refuses a directory that is not a generated tree', async () => {
    const run = await runCli(['validate', '--out', 'missing-dir'], { cwd: temp.path });
    expect(run.code).toBe(4);
    expect(run.err).toContain('no prometheus/ or alertmanager/ in it; run obskit generate first');
  });
});

describe('the HA pair', () => {
  it('differs only in the replica label', async () => {
    const cwd = temp.path;
    expect((await runCli(['generate', '--out', 'ha', '--profile', 'production'], { cwd })).code).toBe(0);
    const a = readFileSync(join(cwd, 'ha/prometheus/prometheus-0.yml'), 'utf8').split('\n');
    const b = readFileSync(join(cwd, 'ha/prometheus/prometheus-1.yml'), 'utf8').split('\n');
    expect(a.length).toBe(b.length);
    const differing = a.map((line, i) => [line, b[i]]).filter(([x, y]) => x !== y);
    expect(differing).toEqual([['    replica: prometheus-0', '    replica: prometheus-1']]);
  });
});

describe('bin/obskit.js', () => {
  it('runs from the repository root like npx obskit, with its exit status', () => {
    const bin = join(__dirname, '../bin/obskit.js');
    expect(existsSync(join(__dirname, '../dist/main.js'))).toBe(true);
    const help = spawnSync(process.execPath, [bin, 'generate', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: obskit generate/);
    const bad = spawnSync(process.execPath, [bin, 'nope'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Unknown command "nope"');
  });
});
