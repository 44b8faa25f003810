import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { workspaceRoot } from './workspace';

/** Lints `source` as if it were the file at `filePath`, with the workspace's real ESLint config. */
function lint(filePath: string, source: string): { status: number | null; output: string } {
  const result = spawnSync(
    process.execPath,
    [
      join(workspaceRoot, 'node_modules/eslint/bin/eslint.js'),
      '--no-warn-ignored',
      '--stdin',
      '--stdin-filename',
      filePath,
    ],
    { cwd: workspaceRoot, input: source, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } },
  );
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('module boundaries (@nx/enforce-module-boundaries)', () => {
  jest.setTimeout(60_000);

  it('rejects prom-client and express in a config-layer package', () => {
    const { status, output } = lint(
      'packages/prometheus-config/src/forbidden.ts',
      "import express from 'express';\nimport { Registry } from 'prom-client';\nexport const x = [express, Registry];\n",
    );
    expect(status).toBe(1);
    expect(output).toContain('A project tagged with "layer:config" is not allowed to import "express"');
    expect(output).toContain('A project tagged with "layer:config" is not allowed to import "prom-client"');
  });

  it('rejects a runtime package importing a config package', () => {
    const { status, output } = lint(
      'packages/metrics-core/src/forbidden.ts',
      "import { renderDashboards } from '@obskit/dashboards';\nexport const x = renderDashboards;\n",
    );
    expect(status).toBe(1);
    expect(output).toContain('A project tagged with "layer:runtime" can only depend on libs tagged with');
  });

  it('rejects any third-party import in the data layer', () => {
    const { status, output } = lint(
      'packages/catalog/src/forbidden.ts',
      "import yaml from 'js-yaml';\nexport const x = yaml;\n",
    );
    expect(status).toBe(1);
    expect(output).toContain('A project tagged with "layer:data" is not allowed to import "js-yaml"');
  });

  it('rejects a library importing an app', () => {
    // A library outside the demo's dependency closure (the demo's obskit.config.ts reaches the config,
    // alerts, promql and catalog packages), so the boundary rule speaks rather than the cycle check.
    const { status, output } = lint(
      'packages/dashboards/src/forbidden.ts',
      "import * as demo from '@obskit/demo-api';\nexport const x = demo;\n",
    );
    expect(status).toBe(1);
    expect(output).toContain(
      'A project tagged with "type:lib" can only depend on libs tagged with "type:lib"',
    );
  });

  it('accepts an allowed import (config package using the catalog)', () => {
    const { status, output } = lint(
      'packages/alerts/src/allowed.ts',
      "import * as catalog from '@obskit/catalog';\nexport const x = catalog;\n",
    );
    expect(output).not.toContain('enforce-module-boundaries');
    expect(status).toBe(0);
  });
});
