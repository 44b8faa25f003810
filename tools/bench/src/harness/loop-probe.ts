import { performance } from 'node:perf_hooks';

/** A running event-loop block probe. */
export interface LoopProbe {
  /** Stops the probe and returns the longest gap between two ticks beyond the 1 ms period, in ms. */
  stop(): Promise<number>;
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

/**
 * Starts a 1 ms `setInterval` and records the longest time between two of its ticks, minus the
 * 1 ms period: the longest the event loop was blocked while the probe ran. `stop()` waits for one
 * more tick so that a block right before it is counted.
 */
export async function startLoopProbe(): Promise<LoopProbe> {
  let last = performance.now();
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 1);
  await tick();
  await tick();
  maxGap = 0;
  last = performance.now();
  return {
    async stop() {
      await tick();
      await tick();
      clearInterval(timer);
      return Math.max(0, maxGap - 1);
    },
  };
}

/**
 * Collects garbage when the process runs with `--expose-gc` (the bench's Nx target does), so that a
 * sample does not pay for the garbage the previous variant left behind; otherwise does nothing.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
