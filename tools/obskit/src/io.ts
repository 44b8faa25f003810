/** Where the CLI writes and what it runs in; injected so that tests capture the output. */
export interface CliIo {
  /** Results (file lists, summaries). */
  readonly out: (line: string) => void;
  /** Progress lines, warnings and errors. */
  readonly err: (line: string) => void;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The process' own stdout, stderr, working directory and environment. */
export function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    cwd: process.cwd(),
    env: process.env,
  };
}
