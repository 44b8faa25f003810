export {
  INSTALL_HINT,
  findBinary,
  promtoolCheckMetrics,
  requireBinary,
  runBinary,
  runBinarySync,
} from './binaries.js';
export type { BinaryName, FindOptions, RunOptions, RunResult } from './binaries.js';
export { freePort, makeTempDir, waitFor } from './net.js';
export type { TempDir } from './net.js';
export { promQuery, startAlertmanager, startPrometheus } from './servers.js';
export type { PromSample, RunningServer, StartOptions } from './servers.js';
