#!/usr/bin/env node
// `npm run api:update`: builds every publishable package, regenerates its API report
// (<package>/api/<name>.api.md) with api-extractor from the built dist/index.d.ts and writes the reports
// that changed. Review the diff and commit it; tools/workspace/src/api-reports.spec.ts fails until then.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const root = new URL('../..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');

/** `tsc -b` of the given tsconfig files (their references too, incrementally); exits when it fails. */
function build(tsconfigs) {
  const result = spawnSync(process.execPath, [tsc, '-b', ...tsconfigs], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('api-report: the build failed (see above); fix it, or run `npx nx run-many -t build`');
    process.exit(result.status ?? 1);
  }
}

build(['tools/workspace/tsconfig.lib.json']);
const { generateApiReports, publishableProjects, writeApiReports } = require('../workspace/dist/index.js');
const projects = publishableProjects();
// --force: a full, not an incremental, build. tsc prints an inferred union (a zod enum's members) in
// the order it met them, which after an incremental build can differ from CI's clean build.
build(['--force', ...projects.map((p) => `${p.dir}/tsconfig.lib.json`)]);

const reports = generateApiReports(projects);
for (const report of reports) {
  for (const problem of report.problems) console.error(`api-report: ${report.packageName}: ${problem}`);
}
const changed = writeApiReports(reports);
console.log(
  changed.length === 0
    ? `api-report: all ${reports.length} reports are up to date`
    : `api-report: updated ${changed.join(', ')}; review the diff and commit it`,
);
process.exit(reports.some((r) => r.problems.length > 0) ? 1 : 0);
