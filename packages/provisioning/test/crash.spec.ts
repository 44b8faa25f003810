import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGeneratedFiles } from '../src/index';

jest.setTimeout(60_000);

/**
 * A real crash: a child process writes the new content to the temp file, then is killed (SIGKILL)
 * while it waits to rename (kept alive meanwhile, so it cannot exit on its own before the kill). It uses the built package, as the CLI does.
 */
const CHILD = `
const { writeGeneratedFiles, nodeFileSystem } = require(${JSON.stringify(join(__dirname, '../dist/index.js'))});
const [dir] = process.argv.slice(1);
// a pending promise alone does not keep the process alive: the interval does, until the kill
const stuck = { ...nodeFileSystem, rename: () => { setInterval(() => {}, 60_000); process.stdout.write('renaming\\n'); return new Promise(() => {}); } };
writeGeneratedFiles(dir, { 'a/one.yml': 'one: NEW\\n' }, { fs: stuck });
`;

describe('a process killed between temp write and rename', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'obskit-crash-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves the old file intact, and the next run cleans up and writes', async () => {
    expect(existsSync(join(__dirname, '../dist/index.js'))).toBe(true);
    await writeGeneratedFiles(dir, { 'a/one.yml': 'one: OLD\n' });

    const child = spawn(process.execPath, ['-e', CHILD, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('renaming') && resolve());
      child.once('exit', (code) => reject(new Error(`child exited (${code}) before the rename`)));
    });
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    expect(readFileSync(join(dir, 'a/one.yml'), 'utf8')).toBe('one: OLD\n');
    const leftovers = readdirSync(join(dir, 'a')).filter((n) => n !== 'one.yml');
    expect(leftovers).toEqual([expect.stringMatching(/^\.one\.yml\.obskit-tmp-\d+-[0-9a-f]{8}$/)]);
    expect(readFileSync(join(dir, 'a', leftovers[0]), 'utf8')).toBe('one: NEW\n');

    const result = await writeGeneratedFiles(dir, { 'a/one.yml': 'one: NEW\n' });
    expect(result.cleanedTempFiles).toEqual([`a/${leftovers[0]}`]);
    expect(readdirSync(join(dir, 'a'))).toEqual(['one.yml']);
    expect(readFileSync(join(dir, 'a/one.yml'), 'utf8')).toBe('one: NEW\n');
  });
});
