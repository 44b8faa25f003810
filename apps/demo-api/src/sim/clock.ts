/**
 * Simulated time. Operations draw realistic durations (seconds) and report those; the process only
 * waits `duration × timeScale` of wall-clock time, so the demo is lively and tests are quick while
 * the metrics keep realistic values.
 */
export interface SimClock {
  /** Wall-clock factor applied to simulated waits; 0 means do not wait at all. */
  readonly timeScale: number;
  /** Waits for `seconds` of simulated time. */
  sleep(seconds: number): Promise<void>;
}

/** Creates a {@link SimClock}. @defaultValue timeScale 0.01 */
export function createSimClock(timeScale = 0.01): SimClock {
  return {
    timeScale,
    sleep: (seconds) =>
      timeScale <= 0 || seconds <= 0
        ? Promise.resolve()
        : new Promise((resolve) => setTimeout(resolve, seconds * timeScale * 1000)),
  };
}
