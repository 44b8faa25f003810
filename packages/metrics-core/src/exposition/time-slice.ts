import { performance } from 'node:perf_hooks';

/** Splits long work into slices of wall-clock time with a turn of the event loop between them. */
export interface TimeSlicer {
  /** Whether the current slice is used up, i.e. the work should hand the event loop a turn. */
  due(): boolean;
  /** Lets the event loop run what is pending (due timers, I/O), then starts a new slice. */
  pause(): Promise<void>;
}

/**
 * Resolves after the event loop went once through its timers and I/O. One `setImmediate` is not
 * enough: called from an I/O callback it runs in the same turn of the loop, before the timers; a
 * second one, queued while the first runs, waits for the next turn.
 */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

/**
 * Creates a {@link TimeSlicer} whose slices last `sliceMs` of wall-clock time. Elapsed time rather
 * than an amount of work decides, so the slices stay short on a loaded machine, where the same work
 * takes longer; `0` yields at every check.
 *
 * @param sliceMs - how long a slice may last, in milliseconds.
 * @param clock - monotonic time in milliseconds. @defaultValue `performance.now`
 */
export function createTimeSlicer(sliceMs: number, clock: () => number = () => performance.now()): TimeSlicer {
  let sliceStart = clock();
  return {
    due: () => clock() - sliceStart >= sliceMs,
    async pause() {
      await nextTurn();
      sliceStart = clock();
    },
  };
}
