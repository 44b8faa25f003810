// Writes <project>/test-output/jest-summary.json after every Jest run so that the totals of all
// projects can be added up (tools/scripts/test.mjs). Declared as the `test` target's output in
// nx.json, so a cache hit restores it too.
const fs = require('node:fs');
const path = require('node:path');

class JestSummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const dir = path.join(this.rootDir, 'test-output');
    fs.mkdirSync(dir, { recursive: true });
    const summary = {
      project: path.basename(this.rootDir),
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      suitesFailed: results.numFailedTestSuites,
      // Jest sets `results.success` only after the reporters' onRunComplete (it read `false` here on
      // every green run): computed as Jest then computes it, without reporter errors.
      success:
        results.numFailedTests === 0 &&
        results.numRuntimeErrorTestSuites === 0 &&
        !results.snapshot.failure &&
        !results.runExecError,
    };
    const file = path.join(dir, 'jest-summary.json');
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(summary, null, 2) + '\n');
    fs.renameSync(tmp, file);
  }
}

module.exports = JestSummaryReporter;
