import { spawn } from 'node:child_process';

/** What a command printed and how it ended. */
export interface Ran {
  readonly command: string;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment of a user's shell: this process's, without the `npm_*` variables that `npm test` /
 * Nx set for the monorepo (they would point the user's npm at this repository's config and workspace).
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && key !== 'INIT_CWD') env[key] = value;
  }
  return {
    ...env,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    // third-party packages come from the npm cache when they are there, the registry otherwise
    npm_config_prefer_offline: 'true',
    ...extra,
  };
}

/** Runs one shell command line in `cwd` as a user types it; never rejects on a non-zero exit. */
export function sh(command: string, cwd: string, env: NodeJS.ProcessEnv = userEnv()): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('error', reject);
    child.once('close', (code) => resolve({ command, code, stdout, stderr }));
  });
}

/** `ran` as a failure message: the command, its exit code and everything it printed. */
export function describeRun(ran: Ran): string {
  return `$ ${ran.command}\nexit ${ran.code}\n--- stdout\n${ran.stdout}\n--- stderr\n${ran.stderr}`;
}
