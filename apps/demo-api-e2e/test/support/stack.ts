import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generate } from '@obskit/cli';
import { ALERT_LABELS } from '@obskit/alerts';
import { startDemo, type GenAiVia, type RunningDemo } from '@obskit/demo-api';
import {
  freePort,
  makeTempDir,
  promQuery,
  startAlertmanager,
  startNodeExporter,
  startPrometheus,
  waitFor,
  type RunningServer,
  type TempDir,
} from '@obskit/testing';
import { E2E_LOAD, e2eCostBudgetUsdPerDay, e2eRules, type E2eRules } from './rules';
import { startWebhookReceiver, type WebhookReceiver } from './webhook';

/** The app's scrape job in every generated config. */
export const APP_JOB = 'demo-api';
/** The demo's config: the e2e trees are generated from it (profile e2e, addresses on free ports). */
export const DEMO_CONFIG = join(__dirname, '../../../demo-api/obskit.config.ts');

/** demo-api + the real Prometheus (e2e tree and rules) + the real Alertmanager + a webhook receiver. */
export interface E2eStack {
  readonly demo: RunningDemo;
  readonly prometheus: RunningServer;
  readonly alertmanager: RunningServer;
  readonly webhook: WebhookReceiver;
  /** The generated e2e deployment tree. */
  readonly tree: string;
  readonly rules: E2eRules;
  /** When the demo started sending load (ms since the epoch). */
  readonly startedAt: number;
  /**
   * Writes the e2e rule files into Prometheus' `rules/` dir (which the generated prometheus.yml
   * globs) and reloads it; resolves once every group is loaded.
   */
  loadRules(): Promise<void>;
  /** Stops everything that was started; safe to call more than once and after a partial start. */
  stop(): Promise<void>;
}

/** Options of {@link startE2eStack}. */
export interface E2eStackOptions {
  readonly load?: number;
  readonly genAiVia?: GenAiVia;
}

/**
 * Starts the e2e stack on free 127.0.0.1 ports in a temp dir: `obskit generate --profile e2e` (the
 * programmatic form) for those ports, the demo in-process with load, Alertmanager sending every alert
 * to the test's webhook, and Prometheus with the e2e rules; resolves once Prometheus scraped the demo.
 * On failure everything already started is stopped before the error propagates.
 */
export async function startE2eStack(options: E2eStackOptions = {}): Promise<E2eStack> {
  const stoppers: Array<() => Promise<void>> = [];
  const stop = async () => {
    const errors: unknown[] = [];
    for (const s of stoppers.splice(0).reverse()) {
      try {
        await s();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  };
  try {
    const temp: TempDir = await makeTempDir('obskit-e2e-');
    stoppers.push(() => temp.cleanup());
    const webhook = await startWebhookReceiver();
    stoppers.push(() => webhook.close());
    // The host's node_exporter, for the System Health dashboard's Host row and the host alerts.
    const nodeExporter = await startNodeExporter();
    stoppers.push(() => nodeExporter.stop());
    const [appPort, promPort, amPort] = [await freePort(), await freePort(), await freePort()];
    const tree = join(temp.path, 'tree');
    const load = options.load ?? E2E_LOAD;
    await generate({
      config: DEMO_CONFIG,
      profile: 'e2e',
      out: tree,
      target: `127.0.0.1:${appPort}`,
      prometheus: `127.0.0.1:${promPort}`,
      alertmanager: `127.0.0.1:${amPort}`,
      nodeExporter: `127.0.0.1:${nodeExporter.port}`,
      webhookUrl: webhook.url,
      // Quiet at the demo's baseline spend at this load, exceeded by its cost-spike scenario.
      costBudgetUsdPerDay: e2eCostBudgetUsdPerDay(load),
    });
    const rules = e2eRules(tree, load);

    const demo = await startDemo({
      port: appPort,
      load,
      seed: 20_260_101,
      databasePath: join(temp.path, 'demo.sqlite'),
      genAiVia: options.genAiVia,
    });
    const startedAt = Date.now();
    stoppers.push(() => demo.stop());
    const alertmanager = await startAlertmanager({
      config: readFileSync(join(tree, 'alertmanager', 'alertmanager.yml'), 'utf8'),
      port: amPort,
    });
    stoppers.push(() => alertmanager.stop());
    const prometheus = await startPrometheus({
      config: readFileSync(join(tree, 'prometheus', 'prometheus.yml'), 'utf8'),
      port: promPort,
    });
    stoppers.push(() => prometheus.stop());
    await waitFor(
      `Prometheus to scrape ${APP_JOB} at ${demo.url}`,
      async () => (await promQuery(prometheus.url, `up{job="${APP_JOB}"} == 1`)).length === 1,
      30_000,
      250,
    );
    const loadRules = async () => {
      await mkdir(join(prometheus.dir, 'rules'), { recursive: true });
      for (const [file, content] of Object.entries(rules.files)) {
        await writeFile(join(prometheus.dir, 'rules', file), content);
      }
      const reload = await fetch(`${prometheus.url}/-/reload`, { method: 'POST' });
      if (!reload.ok) throw new Error(`Prometheus reload failed: ${reload.status} ${await reload.text()}`);
      const groups = Object.values(rules.files).reduce(
        (n, c) => n + (c.match(/^ {2}- name: /gm) ?? []).length,
        0,
      );
      await waitFor(
        `Prometheus to load ${groups} rule groups`,
        async () => {
          const body = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as {
            data: { groups: { name: string }[] };
          };
          return body.data.groups.length === groups;
        },
        30_000,
        250,
      );
    };
    return { demo, prometheus, alertmanager, webhook, tree, rules, startedAt, loadRules, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/**
 * Names of the alerts in `state`, leaving out the slow SLO burn-rate tiers (`burn_window="slow"`):
 * their windows (1d and 3d ÷60 = 24 and 72 min) outlast a run of a few minutes by design, so once a
 * scenario has burnt budget they keep firing long after it; the e2e checks the fast (paging) tiers.
 */
export async function alertNames(prometheusUrl: string, state: 'firing' | 'pending'): Promise<string[]> {
  const samples = await promQuery(prometheusUrl, `ALERTS{alertstate="${state}", ${SLOW_BURN_MATCHER}}`);
  return [...new Set(samples.map((s) => s.metric['alertname']))].sort();
}

/** Matcher that leaves out the slow burn-rate tiers (see {@link alertNames}). */
export const SLOW_BURN_MATCHER = `${ALERT_LABELS.burnWindow}!="slow"`;
