#!/usr/bin/env node
// `npm test`: everything CI checks, in order, then one line `tests: N passed, N failed, N skipped`
// totalled over every Jest project. Exits non-zero when any step failed or no test passed.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const env = {
  ...process.env,
  NX_NO_CLOUD: 'true',
  NX_DAEMON: process.env.CI ? 'false' : process.env.NX_DAEMON,
};
const projectDirs = ['packages', 'apps', 'tools'].flatMap((group) => {
  const dir = join(root, group);
  return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
});

for (const dir of projectDirs) rmSync(join(dir, 'test-output', 'jest-summary.json'), { force: true });

const steps = [
  ['format', ['nx', 'format:check', '--all']],
  ['sync', ['nx', 'sync:check']],
  [
    'projects (lint, typecheck, build, test, check, validate; the failed tasks are listed above)',
    [
      'nx',
      'run-many',
      '-t',
      'lint',
      'typecheck',
      'build',
      'test',
      'check',
      'validate',
      '--outputStyle=static',
    ],
  ],
];
const failedSteps = [];
for (const [name, args] of steps) {
  console.log(`\n> ${name}: npx ${args.join(' ')}`);
  const result = spawnSync('npx', args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) failedSteps.push(name);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const dir of projectDirs) {
  if (!existsSync(join(dir, 'jest.config.cjs'))) continue;
  const file = join(dir, 'test-output', 'jest-summary.json');
  if (!existsSync(file)) {
    missing.push(dir.slice(root.length));
    continue;
  }
  const summary = JSON.parse(readFileSync(file, 'utf8'));
  passed += summary.passed;
  failed += summary.failed;
  skipped += summary.skipped;
}

if (missing.length > 0) console.log(`\nno Jest results from: ${missing.join(', ')}`);
if (failedSteps.length > 0) console.log(`\nfailed steps: ${failedSteps.join(', ')}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps.length > 0 || failed > 0 || passed === 0 || missing.length > 0 ? 1 : 0);
