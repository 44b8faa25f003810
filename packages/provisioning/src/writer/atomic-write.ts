import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { ProvisioningError } from '../errors.js';
import { WRITER_CODES } from './errors.js';
import { nodeFileSystem, type WriterFileSystem } from './fs.js';

/** Marker in the names of temporary files, so that leftovers of a crash can be recognised. */
export const TEMP_FILE_MARKER = '.obskit-tmp-';

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** File system to use. @defaultValue `node:fs/promises` */
  readonly fs?: WriterFileSystem;
  /** Mode of a new file. @defaultValue 0o644 */
  readonly mode?: number;
}

/** Whether `name` is a temporary file left by {@link writeFileAtomic}. */
export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.includes(TEMP_FILE_MARKER);
}

/**
 * Writes `content` to `path` so that readers see either the old file or the new one, never a part:
 * the content goes to a temporary file in the same directory, is flushed to disk, then renamed over
 * `path` (rename is atomic within one file system on POSIX). When any step fails the temporary file
 * is removed and `path` is left as it was.
 *
 * @throws ProvisioningError `OBSKIT_WRITE_FAILED`, with the cause.
 */
export async function writeFileAtomic(
  path: string,
  content: string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const fs = options.fs ?? nodeFileSystem;
  const dir = dirname(path);
  const temp = join(
    dir,
    `.${basename(path)}${TEMP_FILE_MARKER}${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  try {
    await fs.mkdir(dir, { recursive: true });
    const handle = await fs.open(temp, 'wx', options.mode ?? 0o644);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new ProvisioningError(
      WRITER_CODES.writeFailed,
      `Cannot write "${path}": ${(error as Error).message}; the previous file is unchanged`,
      { cause: error },
    );
  }
}
