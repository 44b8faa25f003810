export { main } from './main.js';
export { EXIT_CODES, exitCodeOf } from './exit-codes.js';
export { CLI_CODES } from './codes.js';
export type { CliCode } from './codes.js';
export { CliError } from './errors.js';
export type { ExitCode } from './exit-codes.js';
export { HELP } from './help.js';
export { processIo } from './io.js';
export type { CliIo } from './io.js';
export { check, generate, manifestOptionsOf } from './generate.js';
export type {
  CheckOptions,
  CheckResult,
  CliDeploymentOptions,
  ConfigSource,
  GenerateOptions,
  GenerateResult,
} from './generate.js';
export { defineConfig } from '@obskit/config';
export type {
  EnvironmentName,
  ObskitConfig,
  ResolvedObskitConfig,
  ServiceConfig,
  SloConfig,
} from '@obskit/config';
export { INIT_FILE_NAME, init, jobNameOf, renderInitConfig } from './config/init.js';
export type { InitOptions, InitResult } from './config/init.js';
export { deploymentOptionsFromConfig, profileFor } from './config/deployment-options.js';
export {
  INSTALL_COMMANDS,
  findExecutable,
  requireExecutable,
  toolRequirements,
  validate,
} from './validate.js';
export type {
  FoundTool,
  ToolName,
  ToolRequirement,
  ValidateOptions,
  ValidateResult,
  ValidationStep,
} from './validate.js';
export { COMPOSE_HINT, GRAFANA_HINT, MONITORING_SERVICES, up } from './commands/up.js';
export type { RunningStack, StackExit, StackService, UpOptions, UpService } from './commands/up.js';
export { UP_FLAGS, printStack, processStopSignals, runUpCommand } from './commands/up-command.js';
export type { StopSignalSource } from './commands/up-command.js';
