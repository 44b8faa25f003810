import { ALERT_LABELS, anomalyRuleNames, defaultAlertsConfig } from '@obskit/alerts';
import {
  DASHBOARD_UIDS,
  buildDashboards,
  dashboardAlertNames,
  listPanelQueries,
  resolveDashboardsConfig,
  toLiveQuery,
  type DashboardKey,
} from '@obskit/dashboards';
import { SCENARIO_NAMES, type ScenarioName } from '@obskit/demo-api';
import { promQuery, promtoolCheckMetrics, waitFor } from '@obskit/testing';
import { E2E_HISTORY_BEFORE_RULES_MS } from './support/rules';
import { APP_JOB, alertNames, startE2eStack, type E2eStack } from './support/stack';

// The whole file shares one stack; every step has its own bound, and the sum stays within a few minutes.
jest.setTimeout(180_000);

/** The alerts each scenario is built for (apps/demo-api README, "Scenarios"). */
const SCENARIO_ALERTS: Readonly<Record<ScenarioName, readonly string[]>> = {
  'provider-outage': [
    'ObskitProviderOutage',
    'ObskitAgentHighErrorRate',
    'ObskitAgentHandoffFailures',
    'ObskitAgentAvailabilityErrorBudgetBurn',
  ],
  'latency-spike': ['ObskitAgentLatencyHigh', 'ObskitAgentLatencyErrorBudgetBurn', 'ObskitHttpLatencyHigh'],
  'cost-spike': ['ObskitAgentTokenUsageSpike', 'ObskitAgentCostBurnRateHigh', 'ObskitCostPerOperationHigh'],
  'queue-backlog': ['ObskitTaskQueueBacklogGrowing', 'ObskitTaskQueueCapacityForecast'],
  'error-burst': [
    'ObskitHttpHighErrorRate',
    'ObskitHttpAvailabilityErrorBudgetBurn',
    'ObskitAgentHighErrorRate',
    'ObskitTaskDeadLetters',
  ],
};

/**
 * Scenarios run in phases. The scenarios of one phase are built for disjoint alerts and do not mask
 * each other (`latency-spike` slows the agents and with them the token rate `cost-spike` raises;
 * `provider-outage` turns the slow anthropic calls into fast failures), so each alert that fires is
 * still attributed to one scenario while the whole run stays bounded.
 */
const PHASES: readonly (readonly ScenarioName[])[] = [
  ['provider-outage', 'queue-backlog'],
  ['cost-spike', 'error-burst'],
  ['latency-spike'],
];

/** Each dashboard's alert list (ALERTS of the alerts it covers), and which alerts it covers. */
const ALERT_LISTS = listPanelQueries(buildDashboards())
  .filter((q) => q.panelTitle === 'Firing and pending alerts')
  .map((q) => {
    const key = (Object.keys(DASHBOARD_UIDS) as DashboardKey[]).find(
      (k) => DASHBOARD_UIDS[k] === q.dashboardUid,
    );
    return { ...q, covers: dashboardAlertNames(resolveDashboardsConfig())[key as DashboardKey] };
  });

let stack: E2eStack;
const seenFiring = new Map<string, string[]>();

beforeAll(async () => {
  stack = await startE2eStack();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  if (seenFiring.size > 0) {
    console.log(
      `alerts seen firing in Prometheus and at the webhook, by scenario:\n${[...seenFiring]
        .map(([scenario, alerts]) => `  ${scenario}: ${alerts.join(', ')}`)
        .join('\n')}`,
    );
  }
}, 60_000);

async function scenario(method: 'POST' | 'DELETE', name: string): Promise<number> {
  return (await fetch(`${stack.demo.url}/scenarios/${name}`, { method })).status;
}

describe('demo-api + generated e2e tree on the real Prometheus and Alertmanager', () => {
  it('has every scenario of the demo in exactly one phase, and every expected alert among the rules', () => {
    expect(PHASES.flat().sort()).toEqual([...SCENARIO_NAMES].sort());
    // One alert list per dashboard, each covering alerts: the phases check what they show.
    expect(ALERT_LISTS.map((l) => [l.dashboardUid, l.covers.length > 0])).toEqual(
      Object.values(DASHBOARD_UIDS).map((uid) => [uid, true]),
    );
    const ruleAlerts = new Set(
      stack.rules.groups.flatMap((g) => g.rules.flatMap((r) => ('alert' in r ? [r.alert] : []))),
    );
    for (const phase of PHASES) {
      const alerts = phase.flatMap((s) => SCENARIO_ALERTS[s]);
      expect(new Set(alerts).size).toBe(alerts.length);
      for (const alert of alerts) expect(ruleAlerts).toContain(alert);
    }
  });

  it('serves a scrape that `promtool check metrics` accepts without a word', async () => {
    const response = await fetch(`${stack.demo.url}/metrics`, { headers: { accept: 'text/plain' } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('# TYPE gen_ai_client_operation_duration_seconds histogram');
    expect(await promtoolCheckMetrics(text)).toEqual({ code: 0, output: '' });
  });

  it('loads the e2e rules once Prometheus has history, and fires no alert while no scenario is on', async () => {
    const wait = E2E_HISTORY_BEFORE_RULES_MS - (Date.now() - stack.startedAt);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await stack.loadRules();
    // Longer than any `for` of the e2e rules (20 s): whatever is pending after the load would fire meanwhile.
    const watchUntil = Date.now() + 25_000;
    while (Date.now() < watchUntil) {
      expect(await alertNames(stack.prometheus.url, 'firing')).toEqual([]);
      await new Promise((r) => setTimeout(r, 2_000));
    }
    expect(stack.webhook.alerts()).toEqual([]);
  }, 150_000);

  it.each(PHASES.map((p) => [p.join(' + '), p] as const))(
    'scenario %s: the alerts it is built for fire in Prometheus, reach the webhook through Alertmanager, and clear once it is deleted',
    async (_title, phase) => {
      const expected = phase.flatMap((s) => SCENARIO_ALERTS[s]);
      // A clean start: nothing left firing from an earlier phase.
      let before: string[] = [];
      await waitFor(
        'no alert firing before the scenario',
        async () => (before = await alertNames(stack.prometheus.url, 'firing')).length === 0,
        90_000,
        1_000,
      ).catch(() => undefined);
      expect({ firingBeforeTheScenario: before }).toEqual({ firingBeforeTheScenario: [] });
      const from = stack.webhook.alerts().length;
      const notified = (status: 'firing' | 'resolved') =>
        new Set(
          stack.webhook
            .alerts()
            .slice(from)
            .filter((a) => a.status === status && a.labels[ALERT_LABELS.burnWindow] !== 'slow')
            .map((a) => a.labels['alertname']),
        );
      for (const name of phase) expect(await scenario('POST', name)).toBe(201);
      // "Reached firing" at any poll: a spike-over-baseline alert fires while the baseline catches up, then resolves.
      const seen = new Set<string>();
      // What each dashboard's alert list shows meanwhile (its panel query, variables at All).
      const listed = new Map<string, Set<string>>(
        ALERT_LISTS.map((l) => [l.dashboardUid, new Set<string>()]),
      );
      const pollLists = async () => {
        for (const l of ALERT_LISTS) {
          for (const s of await promQuery(stack.prometheus.url, toLiveQuery(l.expr)))
            listed.get(l.dashboardUid)?.add(s.metric['alertname']);
        }
      };
      const notListed = () =>
        ALERT_LISTS.flatMap((l) =>
          expected
            .filter((a) => l.covers.includes(a) && !listed.get(l.dashboardUid)?.has(a))
            .map((a) => `${l.dashboardTitle}: ${a}`),
        );
      let firing: string[] = [];
      try {
        await waitFor(
          `${expected.join(', ')} to fire and reach the webhook`,
          async () => {
            firing = await alertNames(stack.prometheus.url, 'firing');
            for (const a of firing) seen.add(a);
            await pollLists();
            const atWebhook = notified('firing');
            return expected.every((a) => seen.has(a) && atWebhook.has(a)) && notListed().length === 0;
          },
          120_000,
          1_000,
        ).catch(() => undefined);
        const atWebhook = notified('firing');
        expect({
          missingInPrometheus: expected.filter((a) => !seen.has(a)),
          missingAtWebhook: expected.filter((a) => !atWebhook.has(a)),
          // Every dashboard that covers an expected alert listed it in its "Firing and pending alerts".
          missingOnDashboards: notListed(),
        }).toEqual({
          missingInPrometheus: [],
          missingAtWebhook: [],
          missingOnDashboards: [],
        });
        for (const name of phase) seenFiring.set(name, [...SCENARIO_ALERTS[name]]);
        const extra = [...seen].filter((a) => !expected.includes(a));
        if (extra.length > 0) seenFiring.set(`${phase.join(' + ')} (also firing)`, extra);
      } finally {
        for (const name of phase) await scenario('DELETE', name);
      }
      let still: string[] = [];
      await waitFor(
        `${expected.join(', ')} to clear and be resolved at the webhook`,
        async () => {
          still = await alertNames(stack.prometheus.url, 'firing');
          const resolved = notified('resolved');
          return expected.every((a) => !still.includes(a) && resolved.has(a));
        },
        120_000,
        1_000,
      ).catch(() => undefined);
      const resolved = notified('resolved');
      expect({
        stillFiring: expected.filter((a) => still.includes(a)),
        notResolvedAtWebhook: expected.filter((a) => !resolved.has(a)),
      }).toEqual({ stillFiring: [], notResolvedAtWebhook: [] });
    },
    300_000,
  );

  it('evaluates every recording rule to data', async () => {
    const body = (await (await fetch(`${stack.prometheus.url}/api/v1/rules?type=record`)).json()) as {
      data: { groups: { name: string; rules: { name: string; health: string; lastError?: string }[] }[] };
    };
    // The dashboards' z-scores read the default-config z-score rules, which record only after half a
    // week of baseline (84 hourly samples): never within this run. history.e2e.spec.ts proves them on
    // a backfilled week.
    const needsAWeek = new Set(Object.values(anomalyRuleNames(defaultAlertsConfig)).map((n) => n.zscore));
    const records = [...new Set(body.data.groups.flatMap((g) => g.rules.map((r) => r.name)))]
      .filter((r) => !needsAWeek.has(r))
      .sort();
    expect(records.length).toBeGreaterThan(20);
    const broken = body.data.groups.flatMap((g) => g.rules.filter((r) => r.health === 'err'));
    expect(broken).toEqual([]);
    let empty: string[] = records;
    await waitFor(
      'every recording rule to yield data',
      async () => {
        const still: string[] = [];
        for (const record of empty) {
          if ((await promQuery(stack.prometheus.url, record)).length === 0) still.push(record);
        }
        empty = still;
        return empty.length === 0;
      },
      60_000,
      2_000,
    ).catch(() => undefined);
    console.log(`recording rules with data: ${records.length - empty.length}/${records.length}`);
    expect(empty).toEqual([]);
  }, 90_000);

  // The demo's agents call its loopback providers through the real SDKs and @obskit/genai, and their
  // tools through a real MCP client and server measured by its MCP adapter, so the streaming,
  // prompt-cache, rate-limit and MCP panels have data. One panel stays empty by design: the demo
  // prices every model it calls (unpriced tokens is an event-only counter); history.e2e.spec.ts
  // asserts its query on a backfilled week that holds an unpriced model.
  // The alert lists show ALERTS, which exist only while an alert is pending or firing: the scenario
  // phases above assert that each dashboard's list shows the alerts its scenario fires (Business
  // Metrics' through `cost-spike`'s ObskitCostPerOperationHigh). The anomaly
  // z-scores need half a week of baseline: history.e2e.spec.ts asserts their panel queries.
  const ALLOWED_EMPTY = new Set([
    'Unpriced tokens',
    'Firing and pending alerts',
    'Model call p95 z-score',
    'Token usage z-score',
    'Cost rate z-score',
  ]);

  it('answers every dashboard panel query with data (Grafana variables substituted)', async () => {
    const queries = listPanelQueries(buildDashboards()).map((q) => ({
      ...q,
      live: toLiveQuery(q.expr, { rateInterval: '1m', interval: '15s', range: '5m', dropOffsets: true }),
    }));
    expect(queries.length).toBeGreaterThan(30);
    let missing = queries;
    const errors = new Map<string, string>();
    await waitFor(
      'every panel query to return data',
      async () => {
        const still: typeof queries = [];
        for (const q of missing) {
          try {
            if ((await promQuery(stack.prometheus.url, q.live)).length === 0) still.push(q);
          } catch (error) {
            errors.set(q.live, (error as Error).message);
            still.push(q);
          }
        }
        missing = still;
        return missing.every((q) => ALLOWED_EMPTY.has(q.panelTitle) && !errors.has(q.live));
      },
      60_000,
      2_000,
    ).catch(() => undefined);
    console.log(`dashboard panel queries with data: ${queries.length - missing.length}/${queries.length}`);
    expect(
      missing
        .filter((q) => !ALLOWED_EMPTY.has(q.panelTitle) || errors.has(q.live))
        .map(
          (q) =>
            `${q.dashboardUid} / ${q.panelTitle} / ${q.refId}: ${q.live}${errors.has(q.live) ? ` (${errors.get(q.live)})` : ''}`,
        ),
    ).toEqual([]);
  }, 90_000);

  it('clears every alert once no scenario is on', async () => {
    let firing: string[] = [];
    await waitFor(
      'every alert to clear',
      async () => (firing = await alertNames(stack.prometheus.url, 'firing')).length === 0,
      120_000,
      1_000,
    ).catch(() => undefined);
    expect(firing).toEqual([]);
  }, 150_000);

  // A scrape may time out when this 2-core machine is busy with other CI tasks (the 1 s timeout of the
  // e2e profile is tight); any other failure (an error status, a broken exposition, a refused
  // connection) is the endpoint's fault. Raw samples of `up` and `scrape_duration_seconds` share the
  // scrape's timestamp: a failed scrape that took less than the timeout did not time out. The share
  // bar is 90 %: a clean CI machine measured 96 %, one loaded by other work 77 % (all timeouts).
  it('keeps the target up (no scrape failed but by timing out, at least 90 % of the 1 s scrapes succeeded)', async () => {
    const raw = async (expr: string): Promise<[number, string][]> => {
      const result = (await promQuery(stack.prometheus.url, `${expr}{job="${APP_JOB}"}[15m]`)) as unknown as {
        values: [number, string][];
      }[];
      return result[0]?.values ?? [];
    };
    const up = await raw('up');
    const durations = new Map((await raw('scrape_duration_seconds')).map(([at, v]) => [at, Number(v)]));
    const failed = up.filter(([, v]) => v !== '1');
    const notTimeouts = failed
      .filter(([at]) => (durations.get(at) ?? 0) < 0.9)
      .map(([at]) => `${new Date(at * 1000).toISOString()} after ${durations.get(at) ?? '?'} s`);
    const share = (up.length - failed.length) / up.length;
    console.log(
      `scrapes of ${APP_JOB}: ${up.length}, failed ${failed.length} (share of successful ${share.toFixed(4)}), ` +
        `of which not by the 1 s timeout: ${notTimeouts.length}`,
    );
    expect(up.length).toBeGreaterThan(300);
    expect(notTimeouts).toEqual([]);
    expect(share).toBeGreaterThanOrEqual(0.9);
  });
});
