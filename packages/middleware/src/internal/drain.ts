import type { ServerResponse } from 'node:http';

/** Resolves once `res` can take more data (`drain`), or is gone (`close`). */
export function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
