import { createServer, type Server } from 'node:http';
import { METRICS } from '@obskit/catalog';
import { freePort, promQuery, startPrometheus, waitFor, type RunningServer } from '@obskit/testing';
import { buildRuleGroups } from '../src/build';
import { defaultAlertsConfig, scaleDurations } from '../src/config';
import { renderRuleFiles } from '../src/render';
import { buildDefaultSlos } from '../src/slo/slos';

jest.setTimeout(180_000);

const { genai, agent } = METRICS;

/** A target whose anthropic calls and agent operations all fail; openai is healthy. */
function exposition(scrape: number): string {
  const ops = `${genai.clientOperationDuration.name}_count`;
  return [
    `# TYPE ${genai.clientOperationDuration.name} histogram`,
    `${ops}{gen_ai_provider_name="anthropic",error_type="server_error"} ${scrape * 10}`,
    `${ops}{gen_ai_provider_name="openai"} ${scrape * 10}`,
    `# TYPE ${agent.operations.name} counter`,
    `${agent.operations.name}{gen_ai_agent_name="planner",status="error"} ${scrape * 5}`,
    `${agent.operations.name}{gen_ai_agent_name="planner",status="success"} 0`,
    '',
  ].join('\n');
}

let target: Server;
let prometheus: RunningServer | undefined;

afterAll(async () => {
  await prometheus?.stop();
  await new Promise((resolve) => target?.close(resolve));
});

describe('scaled rules against a live Prometheus', () => {
  it('fire within a minute when durations are divided by 60 (e2e profile)', async () => {
    let scrapes = 0;
    target = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(exposition(++scrapes));
    });
    const port = await freePort();
    await new Promise<void>((resolve) => target.listen(port, '127.0.0.1', resolve));

    const config = scaleDurations(defaultAlertsConfig, { factor: 1 / 60, min: '4s' });
    const slos = buildDefaultSlos(config).filter((s) => s.name === 'agent-availability');
    const groups = buildRuleGroups(config, { packs: ['agents'], slos });
    const files = Object.fromEntries(
      Object.entries(renderRuleFiles(groups)).map(([f, c]) => [`rules/${f}`, c]),
    );
    prometheus = await startPrometheus({
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: ['rules/*.yml'],
        scrape_configs: [{ job_name: 'demo', static_configs: [{ targets: [`127.0.0.1:${port}`] }] }],
      },
      files,
    });

    const url = prometheus.url;
    const firing = await waitFor(
      'ObskitProviderOutage and the fast SLO burn tier to fire',
      async () => {
        const alerts = await promQuery(url, 'ALERTS{alertstate="firing"}');
        const names = alerts.map((a) => a.metric.alertname);
        return names.includes('ObskitProviderOutage') &&
          names.includes('ObskitAgentAvailabilityErrorBudgetBurn')
          ? alerts
          : undefined;
      },
      60_000,
      1000,
    );
    expect(firing.filter((a) => a.metric.alertname === 'ObskitProviderOutage').map((a) => a.metric)).toEqual([
      {
        __name__: 'ALERTS',
        alertname: 'ObskitProviderOutage',
        alertstate: 'firing',
        gen_ai_provider_name: 'anthropic',
        job: 'demo',
        severity: 'critical',
        team: 'ai-platform',
      },
    ]);
    const burn = firing.filter((a) => a.metric.alertname === 'ObskitAgentAvailabilityErrorBudgetBurn');
    expect(burn.map((a) => [a.metric.severity, a.metric.burn_window, a.metric.slo])).toContainEqual([
      'critical',
      'fast',
      'agent-availability',
    ]);
  });
});
