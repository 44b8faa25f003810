export {
  BEFORE_AFTER_TITLE,
  FULL_PROFILE,
  parseBenchArgs,
  QUICK_PROFILE,
  readPreviousResults,
  runBench,
  SUITES,
} from './bench.js';
export type {
  BenchArgs,
  BenchOptions,
  BenchProfile,
  BenchRun,
  PreviousResultsFile,
  SuiteId,
} from './bench.js';
export { goalChange, parsePreviousResults, renderBeforeAfter } from './harness/before-after.js';
export type { BeforeAfterOptions, PreviousGoal, PreviousResults } from './harness/before-after.js';
export { readMachineInfo } from './harness/machine.js';
export type { MachineInfo } from './harness/machine.js';
export { collectGarbage, startLoopProbe } from './harness/loop-probe.js';
export type { LoopProbe } from './harness/loop-probe.js';
export { renderResults, writeResults } from './harness/results.js';
export type { RenderResultsOptions } from './harness/results.js';
export { roundOrder, runAlternating } from './harness/rounds.js';
export type { RoundSamples } from './harness/rounds.js';
export { fmt, fmtRatio, median, ratio } from './harness/stats.js';
export { renderTable } from './harness/table.js';
export type { GoalCheck, SuiteResult, Table } from './harness/table.js';
