import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  existsSync,
  mkdirSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObskitError, ObskitValidationError } from '@obskit/catalog';
import { nodeFileSystem, type WriterFileSystem } from './fs';
import { MANIFEST_FILE, parseManifest } from './manifest';
import { diffGeneratedFiles, isUpToDate, writeGeneratedFiles } from './tree';
import { writeFileAtomic } from './atomic-write';

describe('writeGeneratedFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'obskit-writer-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const tree = { 'a/one.yml': 'one: 1\n', 'b/c/two.json': '{"two":2}\n' };
  const read = (p: string) => readFileSync(join(dir, p), 'utf8');

  it('writes every file and a manifest with content hashes and the generator options', async () => {
    const result = await writeGeneratedFiles(dir, tree, { generatorOptions: { profile: 'dev' } });
    expect(result.written).toEqual(['a/one.yml', 'b/c/two.json']);
    expect(read('a/one.yml')).toBe('one: 1\n');
    const manifest = parseManifest(read(MANIFEST_FILE));
    expect(manifest.options).toEqual({ profile: 'dev' });
    expect(manifest.files['a/one.yml']).toBe(
      'sha256:' + createHash('sha256').update('one: 1\n').digest('hex'),
    );
    expect(await diffGeneratedFiles(dir, tree, { generatorOptions: { profile: 'dev' } })).toEqual({
      missing: [],
      changed: [],
      stale: [],
    });
  });

  it('rewrites files it generated and leaves identical ones alone', async () => {
    await writeGeneratedFiles(dir, tree);
    const result = await writeGeneratedFiles(dir, { ...tree, 'a/one.yml': 'one: 2\n' });
    expect(result.written).toEqual(['a/one.yml']);
    expect(result.unchanged).toEqual(['b/c/two.json']);
    expect(read('a/one.yml')).toBe('one: 2\n');
  });

  it('refuses to overwrite a hand-edited file without force, and writes nothing', async () => {
    await writeGeneratedFiles(dir, tree);
    writeFileSync(join(dir, 'a/one.yml'), 'one: 1 # tuned by hand\n');
    const next = { 'a/one.yml': 'one: 3\n', 'b/c/two.json': '{"two":3}\n' };
    const error = await writeGeneratedFiles(dir, next).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObskitValidationError);
    expect((error as ObskitError).code).toBe('OBSKIT_HAND_EDITED');
    expect((error as Error).message).toContain(
      'Refusing to overwrite "a/one.yml": it differs from what obskit generated (edited by hand?); re-run with --force to overwrite',
    );
    expect(read('a/one.yml')).toBe('one: 1 # tuned by hand\n');
    expect(read('b/c/two.json')).toBe('{"two":2}\n');

    await writeGeneratedFiles(dir, next, { force: true });
    expect(read('a/one.yml')).toBe('one: 3\n');
  });

  it('refuses to overwrite a file it never wrote', async () => {
    writeFileSync(join(dir, 'README.md'), '# mine\n');
    await expect(writeGeneratedFiles(dir, { 'README.md': '# generated\n' })).rejects.toMatchObject({
      code: 'OBSKIT_HAND_EDITED',
    });
  });

  it('deletes files it no longer generates, unless they were edited', async () => {
    await writeGeneratedFiles(dir, tree);
    const result = await writeGeneratedFiles(dir, { 'a/one.yml': 'one: 1\n' });
    expect(result.removed).toEqual(['b/c/two.json']);
    expect(existsSync(join(dir, 'b/c/two.json'))).toBe(false);

    await writeGeneratedFiles(dir, tree);
    writeFileSync(join(dir, 'b/c/two.json'), '{"edited":true}\n');
    await expect(writeGeneratedFiles(dir, { 'a/one.yml': 'one: 1\n' })).rejects.toThrow(
      'Refusing to delete "b/c/two.json"',
    );
  });

  it('rejects paths outside the output directory', async () => {
    await expect(writeGeneratedFiles(dir, { '../evil.yml': 'x' })).rejects.toMatchObject({
      code: 'OBSKIT_INVALID_OUTPUT_PATH',
    });
  });

  it('rejects a manifest obskit did not write', async () => {
    writeFileSync(join(dir, MANIFEST_FILE), '{"files": 1}');
    await expect(writeGeneratedFiles(dir, tree)).rejects.toMatchObject({ code: 'OBSKIT_MANIFEST_INVALID' });
  });

  it('keeps the old file intact when the process "crashes" between temp write and rename', async () => {
    await writeGeneratedFiles(dir, tree);
    const crashing: WriterFileSystem = {
      ...nodeFileSystem,
      rename: async () => {
        throw Object.assign(new Error('EIO: simulated crash before rename'), { code: 'EIO' });
      },
    };
    const error = await writeGeneratedFiles(
      dir,
      { ...tree, 'a/one.yml': 'one: NEW\n' },
      { fs: crashing },
    ).catch((e: unknown) => e);
    expect((error as ObskitError).code).toBe('OBSKIT_WRITE_FAILED');
    expect((error as Error).message).toContain('the previous file is unchanged');
    expect(read('a/one.yml')).toBe('one: 1\n');
    expect(readdirSync(join(dir, 'a'))).toEqual(['one.yml']);
    // The manifest still describes the old content, so a later run is not blocked.
    expect(isUpToDate(await diffGeneratedFiles(dir, tree))).toBe(true);
  });

  it('cleans up temp files a killed process left behind, and the next write succeeds', async () => {
    await writeGeneratedFiles(dir, tree);
    // What a SIGKILL between write and rename leaves: a full temp file beside the old one.
    writeFileSync(join(dir, 'a/.one.yml.obskit-tmp-999-deadbeef'), 'one: half-writ');
    expect(read('a/one.yml')).toBe('one: 1\n');
    const result = await writeGeneratedFiles(dir, { ...tree, 'a/one.yml': 'one: 4\n' });
    expect(result.cleanedTempFiles).toEqual(['a/.one.yml.obskit-tmp-999-deadbeef']);
    expect(readdirSync(join(dir, 'a'))).toEqual(['one.yml']);
    expect(read('a/one.yml')).toBe('one: 4\n');
  });
});

describe('diffGeneratedFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'obskit-diff-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists missing, changed and stale files', async () => {
    await writeGeneratedFiles(dir, { 'x.yml': 'x\n', 'gone.yml': 'g\n' });
    writeFileSync(join(dir, 'x.yml'), 'x edited\n');
    const diff = await diffGeneratedFiles(dir, { 'x.yml': 'x\n', 'new/y.yml': 'y\n' });
    expect(diff).toEqual({
      missing: ['new/y.yml'],
      changed: ['.obskit-manifest.json', 'x.yml'],
      stale: ['gone.yml'],
    });
    expect(isUpToDate(diff)).toBe(false);
  });

  it('reports everything missing for an empty directory', async () => {
    mkdirSync(join(dir, 'empty'));
    const diff = await diffGeneratedFiles(join(dir, 'empty'), { 'x.yml': 'x\n' });
    expect(diff.missing).toEqual(['.obskit-manifest.json', 'x.yml']);
  });
});

describe('writeFileAtomic', () => {
  it('creates parent directories and replaces the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'obskit-atomic-'));
    try {
      const file = join(dir, 'deep/er/file.txt');
      await writeFileAtomic(file, 'first');
      await writeFileAtomic(file, 'second');
      expect(readFileSync(file, 'utf8')).toBe('second');
      expect(readdirSync(join(dir, 'deep/er'))).toEqual(['file.txt']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
