import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathForLine } from '@obskit/testing';
import { main } from '../src/main';
import type { CliIo } from '../src/io';

/** What one run of the CLI printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * The environment the CLI runs in by default: PATH leads to the current line's binaries (Prometheus
 * 3.5.3, promtool, Alertmanager 0.33.1, amtool, node_exporter), as on a user's machine.
 */
export const CURRENT_ENV: Record<string, string | undefined> = {
  ...process.env,
  PATH: pathForLine('current'),
};

/** Runs the CLI in-process, as a user would from `cwd` (default env: {@link CURRENT_ENV}), capturing its output. */
export async function runCli(
  argv: readonly string[],
  options: { readonly cwd: string; readonly env?: Record<string, string | undefined> },
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    cwd: options.cwd,
    env: options.env ?? CURRENT_ENV,
  };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The demo's config (apps/demo-api/obskit.config.ts): what deployment/ is generated from. */
export const DEMO_CONFIG = resolve(__dirname, '../../../apps/demo-api/obskit.config.ts');

/** Writes `dir/obskit.config.ts` re-exporting the demo's config: `dir` is then a project the CLI finds it in. */
export function useDemoConfig(dir: string): void {
  writeFileSync(join(dir, 'obskit.config.ts'), `export { default } from ${JSON.stringify(DEMO_CONFIG)};\n`);
}
