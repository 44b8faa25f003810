import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { findReadmes, programsOf, readmeBlocks, type ReadmeBlock } from './readme-blocks';

// Every ```ts/```js block of every README (root, packages/*, tools/*, apps/*), as a user copies it:
// type-checked in one program against the built packages, then run unless marked
// `<!-- readme-check: no-run (reason) -->`.
const found: ReadmeBlock[] = findReadmes().flatMap((readme) => readmeBlocks(readme));
const programs = programsOf(found);
const runnable = programs.filter((b) => b.mode === 'run');
// inside the workspace, so that imports of @obskit/* resolve to the built packages as a user's would
const dir = join(__dirname, '..', 'test-output', `readme-blocks-${process.pid}`);
const nameOf = (b: ReadmeBlock): string => `${b.readme.replace(/[/.]/g, '_')}_L${b.line}`;
const sourceOf = (b: ReadmeBlock): string => join(dir, `${nameOf(b)}.${b.lang}`);
const emittedOf = (b: ReadmeBlock): string => join(dir, 'out', `${nameOf(b)}.js`);
const BLOCK_TIMEOUT_MS = 60_000;
const PARALLEL = 3;

let problems: string[] = [];
const results = new Map<ReadmeBlock, { code: number | null; output: string }>();

function runBlock(b: ReadmeBlock): Promise<{ code: number | null; output: string }> {
  // Each block in a directory of its own: blocks run in parallel, and two that write `deployment/`
  // (the provisioning and the CLI README) would otherwise race over the same files.
  const cwd = join(dir, 'cwd', nameOf(b));
  mkdirSync(cwd, { recursive: true });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [emittedOf(b)], {
      cwd,
      env: { ...process.env, NODE_ENV: 'development', OBSKIT_LOG: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c));
    child.stderr.on('data', (c: Buffer) => (output += c));
    // a block that starts a server must stop it: one still running here fails
    const timer = setTimeout(() => child.kill('SIGKILL'), BLOCK_TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

beforeAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'out'), { recursive: true });
  // README blocks are ES modules, as in a `"type": "module"` project (top-level await)
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(dir, 'out', 'package.json'), '{ "type": "module" }\n');
  for (const b of programs) writeFileSync(sourceOf(b), `${b.code}\nexport {};\n`);
  // a Next.js app's `@/` alias: the blocks captioned with their file (`lib/metrics.ts`) form the app
  for (const b of programs.filter((x) => x.caption)) {
    mkdirSync(dirname(join(dir, 'next-app', b.caption!)), { recursive: true });
    writeFileSync(join(dir, 'next-app', b.caption!), `${b.code}\nexport {};\n`);
  }
  const program = ts.createProgram(programs.map(sourceOf), {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    allowJs: true,
    types: ['node'],
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    outDir: join(dir, 'out'),
    rootDir: dir,
    paths: { '@/*': [join(dir, 'next-app', '*')] },
  });
  problems = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file)
    .map((d) => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${d.file!.fileName.slice(dir.length + 1)}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  program.emit();
  const queue = [...runnable];
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      for (let b = queue.shift(); b; b = queue.shift()) results.set(b, await runBlock(b));
    }),
  );
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README code blocks', () => {
  it('finds the blocks of every README', () => {
    console.log(
      `README blocks: ${found.length} found, ${found.filter((b) => b.lang === 'ts').length} TypeScript (type-checked), ${runnable.length} programs run`,
    );
    expect(found.length).toBeGreaterThan(0);
  });

  it('every block type-checks against the built packages', () => {
    expect(problems).toEqual([]);
  });

  it.each(runnable.map((b) => [`${b.readme}:${b.line}`, b] as const))('%s runs to exit 0', (_name, b) => {
    const result = results.get(b)!;
    if (result.code !== 0)
      throw new Error(`${b.readme}:${b.line} exited with ${result.code}:\n${result.output}`);
  });
});
