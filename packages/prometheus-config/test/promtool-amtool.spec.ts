import { dump } from 'js-yaml';
import { join } from 'node:path';
import { LINES, makeTempDir, type Line, type TempDir } from '@obskit/testing';
import {
  PROFILE_NAMES,
  buildStaticScrapeConfig,
  validateAlertmanagerConfig,
  validatePrometheusConfig,
  type AlertmanagerConfig,
  type PrometheusConfig,
} from '../src/index';
import { check, optionsFor, put, renderProfile } from './support';

jest.setTimeout(60_000);

let temp: TempDir;
beforeAll(async () => {
  temp = await makeTempDir('obskit-prometheus-config-');
});
afterAll(async () => {
  await temp.cleanup();
});

/**
 * Debian's Prometheus is built without Kubernetes service discovery, so its promtool rejects
 * `kubernetes_sd_configs` as an unknown field. When that is the case, the kubernetes profile is
 * checked with each Kubernetes SD block swapped for a file_sd block: everything else (relabelling,
 * alerting, limits, rule files) still goes through the real promtool.
 */
async function promtoolKnowsKubernetesSd(line: Line): Promise<boolean> {
  const file = await put(
    temp.path,
    `probe/${line}/k8s.yml`,
    dump({ scrape_configs: [{ job_name: 'k', kubernetes_sd_configs: [{ role: 'pod' }] }] }),
  );
  const result = await check('promtool', ['check', 'config', file], line);
  if (result.code !== 0 && !result.output.includes('field kubernetes_sd_configs not found')) {
    throw new Error(`unexpected promtool answer to the Kubernetes SD probe:\n${result.output}`);
  }
  return result.code === 0;
}

function withoutKubernetesSd<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutKubernetesSd) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) =>
      key === 'kubernetes_sd_configs'
        ? ['file_sd_configs', [{ files: ['targets/*.json'] }]]
        : [key, withoutKubernetesSd(child)],
    ),
  ) as T;
}

// Every profile is checked by both lines' tools: promtool/amtool 2.42/0.25 (oldest) and 3.5.3/0.33.1.
describe.each(LINES.flatMap((line) => PROFILE_NAMES.map((name) => [name, line] as const)))(
  'profile %s through the real promtool and amtool (%s line)',
  (name, line) => {
    it('passes promtool check config, check web-config and amtool check-config', async () => {
      const dir = join(temp.path, line, name);
      const transform =
        name === 'kubernetes' && !(await promtoolKnowsKubernetesSd(line)) ? withoutKubernetesSd : undefined;
      const rendered = await renderProfile(name, dir, optionsFor(name, dir), transform);
      // production: an HA pair; scale: two agent shards (its default); every other profile: one server.
      expect(rendered.prometheus.length).toBe(name === 'production' || name === 'scale' ? 2 : 1);
      for (const file of rendered.prometheus) {
        const args = ['check', 'config', ...(rendered.profile.mode === 'agent' ? ['--agent'] : []), file];
        const result = await check('promtool', args, line);
        expect({ file, ...result }).toEqual({ file, code: 0, output: expect.stringContaining('SUCCESS') });
        if (rendered.profile.mode === 'server') expect(result.output).toContain('1 rules found');
      }
      // production: Prometheus' and Alertmanager's (the same exporter-toolkit format)
      expect([rendered.web !== undefined, rendered.alertmanagerWeb !== undefined]).toEqual([
        name === 'production',
        name === 'production',
      ]);
      for (const web of [rendered.web, rendered.alertmanagerWeb]) {
        if (web === undefined) continue;
        expect(await check('promtool', ['check', 'web-config', web], line)).toEqual({
          code: 0,
          output: expect.stringContaining('SUCCESS'),
        });
      }
      if (name === 'agent') {
        expect(rendered.alertmanager).toBeUndefined();
      } else {
        const result = await check('amtool', ['check-config', String(rendered.alertmanager)], line);
        expect(result).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });
        expect(result.output).toMatch(/\d+ inhibit rules/);
      }
    });
  },
);

// The opt-in node job (the node_exporter DaemonSet's Service, discovered without the operator).
describe.each(LINES)(
  'the kubernetes profile with nodeExporter through the real promtool (%s line)',
  (line) => {
    it('passes promtool check config with its node job', async () => {
      const dir = join(temp.path, line, 'kubernetes-node-exporter');
      const transform = (await promtoolKnowsKubernetesSd(line)) ? undefined : withoutKubernetesSd;
      const options = optionsFor('kubernetes', dir, { nodeExporter: { namespace: 'obs' } });
      const rendered = await renderProfile('kubernetes', dir, options, transform);
      expect(rendered.profile.prometheus[0].config.scrape_configs?.map((c) => c.job_name)).toContain('node');
      const result = await check('promtool', ['check', 'config', rendered.prometheus[0]], line);
      expect(result).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });
    });
  },
);

describe.each(LINES)('the TypeScript validation agrees with the real tools (%s line)', (line) => {
  const job = (name: string, extra: object = {}) => ({
    ...buildStaticScrapeConfig(name, ['127.0.0.1:3000']),
    ...extra,
  });

  it.each<[string, PrometheusConfig, string, RegExp]>([
    [
      'duplicate job names',
      { scrape_configs: [job('api'), job('api')] },
      'OBSKIT_DUPLICATE_JOB_NAME',
      /found multiple scrape configs with job name "api"/,
    ],
    [
      'a scrape timeout longer than the interval',
      { scrape_configs: [job('api', { scrape_interval: '5s', scrape_timeout: '10s' })] },
      'OBSKIT_SCRAPE_TIMEOUT_EXCEEDS_INTERVAL',
      /scrape timeout greater than scrape interval/,
    ],
    [
      'a bad duration',
      { global: { scrape_interval: '15 s' }, scrape_configs: [job('api')] },
      'OBSKIT_INVALID_DURATION',
      /not a valid duration string|unknown unit " s" in duration "15 s"/,
    ],
  ])('both reject %s', async (_what, config, code, promtoolSays) => {
    expect(validatePrometheusConfig(config).map((p) => p.code)).toEqual([code]);
    const file = await put(temp.path, `bad/${line}/${code}.yml`, dump(config));
    const result = await check('promtool', ['check', 'config', file], line);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(promtoolSays);
  });

  it('both reject a route to an unknown receiver', async () => {
    const config: AlertmanagerConfig = {
      route: { receiver: 'a', routes: [{ receiver: 'pager', matchers: ['severity="critical"'] }] },
      receivers: [{ name: 'a' }],
    };
    expect(validateAlertmanagerConfig(config).map((p) => p.code)).toEqual(['OBSKIT_UNKNOWN_RECEIVER']);
    const file = await put(temp.path, `bad/${line}/alertmanager.yml`, dump(config));
    const result = await check('amtool', ['check-config', file], line);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('undefined receiver "pager"');
  });
});
