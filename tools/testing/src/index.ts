export {
  INSTALL_HINT,
  LINES,
  VERSIONS,
  binaryCacheDir,
  findBinary,
  pathForLine,
  promtoolCheckMetrics,
  requireBinary,
  runBinary,
  runBinarySync,
  versionOf,
} from './binaries.js';
export type { BinaryName, FindOptions, Line, RunOptions, RunResult } from './binaries.js';
export { freePort, makeTempDir, waitFor } from './net.js';
export type { TempDir } from './net.js';
export { promQuery, startAlertmanager, startNodeExporter, startPrometheus } from './servers.js';
export type { PromSample, RunningServer, StartOptions } from './servers.js';
