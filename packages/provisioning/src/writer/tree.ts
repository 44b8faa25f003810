import { isAbsolute, join, normalize, sep } from 'node:path';
import { ObskitValidationError, type ValidationProblem } from '@obskit/catalog';
import { isTempFileName, writeFileAtomic } from './atomic-write.js';
import type { ProvisioningCode } from '../codes.js';
import { HandEditedError, WRITER_CODES } from './errors.js';
import { nodeFileSystem, readIfExists, type WriterFileSystem } from './fs.js';
import { hashContent } from './hash.js';
import { MANIFEST_FILE, buildManifest, parseManifest, renderManifest, type Manifest } from './manifest.js';

/** A generated tree: relative path (with `/`) → file content. */
export type GeneratedFiles = Readonly<Record<string, string>>;

/** Options of {@link writeGeneratedFiles}. */
export interface WriteGeneratedFilesOptions {
  /** Overwrite (and delete) files even when they were edited by hand. @defaultValue false */
  readonly force?: boolean;
  /** Recorded in the manifest, so that `obskit check` can regenerate the same tree. */
  readonly generatorOptions?: Readonly<Record<string, unknown>>;
  /** File system to use. @defaultValue `node:fs/promises` */
  readonly fs?: WriterFileSystem;
}

/** What {@link writeGeneratedFiles} did, by relative path. */
export interface WriteGeneratedFilesResult {
  readonly written: readonly string[];
  readonly unchanged: readonly string[];
  /** Files of the previous manifest that are no longer generated, and were deleted. */
  readonly removed: readonly string[];
  /** Temporary files left by an interrupted earlier run, and deleted. */
  readonly cleanedTempFiles: readonly string[];
}

/** How a directory differs from what would be generated, by relative path. */
export interface GeneratedFilesDiff {
  /** Would be created. */
  readonly missing: readonly string[];
  /** Exist with other content. */
  readonly changed: readonly string[];
  /** Were generated before (listed in the manifest on disk) but no longer are, and still exist. */
  readonly stale: readonly string[];
}

function checkPaths(files: GeneratedFiles): void {
  const problems: ValidationProblem<ProvisioningCode>[] = [];
  for (const path of Object.keys(files)) {
    const n = normalize(path);
    if (isAbsolute(path) || n.startsWith('..') || n.includes(`${sep}..${sep}`) || path === MANIFEST_FILE) {
      problems.push({
        code: WRITER_CODES.invalidPath,
        subject: path,
        message: `Invalid output path "${path}": must be relative, inside the output directory, and not "${MANIFEST_FILE}"`,
      });
    }
  }
  if (problems.length > 0) {
    throw new ObskitValidationError<ProvisioningCode>(
      WRITER_CODES.invalidPath,
      'Invalid generated tree',
      problems,
    );
  }
}

async function readManifest(fs: WriterFileSystem, outDir: string): Promise<Manifest | undefined> {
  const text = await readIfExists(fs, join(outDir, MANIFEST_FILE));
  return text === undefined ? undefined : parseManifest(text, join(outDir, MANIFEST_FILE));
}

/** Reads the manifest of a generated tree; `undefined` when `outDir` has none. */
export async function readGeneratedManifest(
  outDir: string,
  options: { readonly fs?: WriterFileSystem } = {},
): Promise<Manifest | undefined> {
  return readManifest(options.fs ?? nodeFileSystem, outDir);
}

async function findTempFiles(
  fs: WriterFileSystem,
  outDir: string,
  dirs: Iterable<string>,
): Promise<string[]> {
  const found: string[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await fs.readdir(join(outDir, dir));
    } catch {
      continue;
    }
    for (const name of names) if (isTempFileName(name)) found.push(dir === '' ? name : `${dir}/${name}`);
  }
  return found.sort();
}

function dirsOf(paths: Iterable<string>): Set<string> {
  const dirs = new Set<string>(['']);
  for (const p of paths) {
    const i = p.lastIndexOf('/');
    dirs.add(i < 0 ? '' : p.slice(0, i));
  }
  return dirs;
}

/**
 * Writes a generated tree into `outDir`: each file atomically (temp + rename), then a manifest
 * (`.obskit-manifest.json`) with the content hash of every file. Before writing anything it refuses —
 * listing every such file — when a file to be replaced or deleted differs both from what obskit wrote
 * last time (by the manifest's hash) and from the new content, i.e. it was edited by hand or obskit
 * never wrote it; `force` overrides that. Files generated before but not any more are deleted.
 *
 * @throws HandEditedError `OBSKIT_HAND_EDITED`; ProvisioningError `OBSKIT_WRITE_FAILED`,
 *   `OBSKIT_MANIFEST_INVALID` (without `force`).
 */
export async function writeGeneratedFiles(
  outDir: string,
  files: GeneratedFiles,
  options: WriteGeneratedFilesOptions = {},
): Promise<WriteGeneratedFilesResult> {
  const fs = options.fs ?? nodeFileSystem;
  const force = options.force ?? false;
  checkPaths(files);

  let previous: Manifest | undefined;
  try {
    previous = await readManifest(fs, outDir);
  } catch (error) {
    if (!force) throw error;
  }
  const previousHashes = previous?.files ?? {};

  const toWrite: string[] = [];
  const unchanged: string[] = [];
  const toRemove: string[] = [];
  const problems: ValidationProblem<typeof WRITER_CODES.handEdited>[] = [];
  const handEdited = (path: string, what: string) =>
    problems.push({
      code: WRITER_CODES.handEdited,
      subject: path,
      message: `Refusing to ${what} "${path}": it differs from what obskit generated (edited by hand?); re-run with --force to overwrite`,
    });

  for (const path of Object.keys(files).sort()) {
    const onDisk = await readIfExists(fs, join(outDir, path));
    if (onDisk === undefined) toWrite.push(path);
    else if (onDisk === files[path]) unchanged.push(path);
    else if (previousHashes[path] === hashContent(onDisk) || force) toWrite.push(path);
    else handEdited(path, 'overwrite');
  }
  for (const path of Object.keys(previousHashes).sort()) {
    if (path in files) continue;
    const onDisk = await readIfExists(fs, join(outDir, path));
    if (onDisk === undefined) continue;
    if (previousHashes[path] === hashContent(onDisk) || force) toRemove.push(path);
    else handEdited(path, 'delete');
  }
  if (problems.length > 0) {
    throw new HandEditedError(outDir, problems);
  }

  const cleanedTempFiles = await findTempFiles(fs, outDir, dirsOf([...Object.keys(files), ...toRemove]));
  for (const temp of cleanedTempFiles) await fs.rm(join(outDir, temp), { force: true });

  for (const path of toWrite) await writeFileAtomic(join(outDir, path), files[path], { fs });
  for (const path of toRemove) await fs.rm(join(outDir, path), { force: true });
  const manifest = renderManifest(buildManifest(files, options.generatorOptions));
  if ((await readIfExists(fs, join(outDir, MANIFEST_FILE))) !== manifest) {
    await writeFileAtomic(join(outDir, MANIFEST_FILE), manifest, { fs });
  }
  return { written: toWrite, unchanged, removed: toRemove, cleanedTempFiles };
}

/**
 * Compares `outDir` with the tree that would be generated (manifest included), without writing.
 * Used by `obskit check`.
 */
export async function diffGeneratedFiles(
  outDir: string,
  files: GeneratedFiles,
  options: {
    readonly generatorOptions?: Readonly<Record<string, unknown>>;
    readonly fs?: WriterFileSystem;
  } = {},
): Promise<GeneratedFilesDiff> {
  const fs = options.fs ?? nodeFileSystem;
  checkPaths(files);
  const expected: Record<string, string> = {
    ...files,
    [MANIFEST_FILE]: renderManifest(buildManifest(files, options.generatorOptions)),
  };
  const missing: string[] = [];
  const changed: string[] = [];
  for (const path of Object.keys(expected).sort()) {
    const onDisk = await readIfExists(fs, join(outDir, path));
    if (onDisk === undefined) missing.push(path);
    else if (onDisk !== expected[path]) changed.push(path);
  }
  const stale: string[] = [];
  let previous: Manifest | undefined;
  try {
    previous = await readManifest(fs, outDir);
  } catch {
    previous = undefined; // an unreadable manifest already shows up as "changed"
  }
  for (const path of Object.keys(previous?.files ?? {}).sort()) {
    if (!(path in expected) && (await readIfExists(fs, join(outDir, path))) !== undefined) stale.push(path);
  }
  return { missing, changed, stale };
}

/** Whether a {@link GeneratedFilesDiff} found no difference. */
export function isUpToDate(diff: GeneratedFilesDiff): boolean {
  return diff.missing.length + diff.changed.length + diff.stale.length === 0;
}
