import * as fsPromises from 'node:fs/promises';

/** The open file handle the writer needs: write, flush to disk, close. */
export interface WriterFileHandle {
  writeFile(data: string, encoding: 'utf8'): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The file-system calls the writer makes, shaped like `node:fs/promises` (which is the default).
 * Injected so that a test can make `rename` fail and prove the old file survives.
 */
export interface WriterFileSystem {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  open(path: string, flags: 'wx', mode?: number): Promise<WriterFileHandle>;
  rename(from: string, to: string): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  rm(path: string, options: { force: true }): Promise<void>;
  readdir(path: string): Promise<string[]>;
}

/** The real file system. */
export const nodeFileSystem: WriterFileSystem = {
  readFile: (path, encoding) => fsPromises.readFile(path, encoding),
  open: (path, flags, mode) => fsPromises.open(path, flags, mode),
  rename: (from, to) => fsPromises.rename(from, to),
  mkdir: (path, options) => fsPromises.mkdir(path, options),
  rm: (path, options) => fsPromises.rm(path, options),
  readdir: (path) => fsPromises.readdir(path),
};

/** Content of `path`, or `undefined` when it does not exist. */
export async function readIfExists(fs: WriterFileSystem, path: string): Promise<string | undefined> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
