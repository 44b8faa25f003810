import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_METRICS, renderMetricsTable, replaceMetricsTable } from '@obskit/catalog';
import ts from 'typescript';
import * as metricsCore from '../src';

const readmePath = join(__dirname, '..', 'README.md');
/** What createMetrics registers: obskit's own metrics and prom-client's default Node.js metrics. */
const EMITTED = ALL_METRICS.filter((m) => m.source === 'obskit' || m.source === 'prom-client');

describe('README metrics table', () => {
  it('lists every metric createMetrics emits (regenerate with OBSKIT_UPDATE_GOLDEN=1)', () => {
    const readme = readFileSync(readmePath, 'utf8');
    const expected = replaceMetricsTable(readme, renderMetricsTable(EMITTED));
    if (process.env.OBSKIT_UPDATE_GOLDEN === '1' && expected !== readme) writeFileSync(readmePath, expected);
    else expect(readme).toBe(expected);
  });
});

describe('README usage example', () => {
  it('runs and prints an exposition with the recorded operation', async () => {
    const readme = readFileSync(readmePath, 'utf8');
    const source = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(source.split('\n').filter(Boolean).length).toBeLessThanOrEqual(10);
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    let printed = '';
    const done = new Promise<void>((resolve) => {
      const fakeProcess = {
        stdout: {
          write: (text: string) => {
            printed += text;
            resolve();
          },
        },
      };
      const fakeRequire = (id: string) => (id === '@obskit/metrics-core' ? metricsCore : require(id));
      new Function('require', 'process', 'exports', js)(fakeRequire, fakeProcess, {});
    });
    await done;
    expect(printed).toContain(
      'obskit_agent_operations_total{gen_ai_agent_name="planner",gen_ai_operation_name="chat",gen_ai_provider_name="openai",status="success"} 1',
    );
  });
});
