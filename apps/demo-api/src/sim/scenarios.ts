/**
 * Failure scenarios the demo can switch on, each built to move specific metrics so that specific
 * alerts fire:
 * - `provider-outage`: every call to the outage provider fails with `error_type="server_error"`.
 * - `latency-spike`: GenAI operation durations ×10.
 * - `cost-spike`: token usage ×20 on the expensive models.
 * - `queue-backlog`: tasks are enqueued much faster than the workers drain them; depth grows.
 * - `error-burst`: some HTTP routes answer 5xx and agents raise errors.
 */
export const SCENARIO_NAMES = [
  'provider-outage',
  'latency-spike',
  'cost-spike',
  'queue-backlog',
  'error-burst',
] as const;

/** One of {@link SCENARIO_NAMES}. */
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** The provider that `provider-outage` takes down. */
export const OUTAGE_PROVIDER = 'anthropic';
/** Factor `latency-spike` applies to GenAI durations. */
export const LATENCY_SPIKE_FACTOR = 10;
/** Factor `cost-spike` applies to the token usage of expensive models. */
export const COST_SPIKE_FACTOR = 20;

/** Whether `value` names a scenario. */
export function isScenarioName(value: string): value is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(value);
}

/** A scenario that is on, and since when. */
export interface ActiveScenario {
  readonly name: ScenarioName;
  /** Unix time in milliseconds. */
  readonly since: number;
}

/** The switchboard of scenarios; the simulation reads it on every operation. */
export interface ScenarioState {
  isActive(name: ScenarioName): boolean;
  list(): ActiveScenario[];
  /** Turns a scenario on; returns false when it already was. */
  activate(name: ScenarioName): boolean;
  /** Turns a scenario off; returns false when it was not on. */
  deactivate(name: ScenarioName): boolean;
  /** Called after every change (cluster workers broadcast it to their siblings). */
  onChange(listener: (name: ScenarioName, active: boolean) => void): () => void;
}

/** Creates an empty {@link ScenarioState}. `now` is injectable for tests. */
export function createScenarioState(now: () => number = Date.now): ScenarioState {
  const active = new Map<ScenarioName, number>();
  const listeners = new Set<(name: ScenarioName, active: boolean) => void>();
  const notify = (name: ScenarioName, on: boolean): void => {
    for (const listener of listeners) listener(name, on);
  };
  return {
    isActive: (name) => active.has(name),
    list: () => [...active].map(([name, since]) => ({ name, since })),
    activate(name) {
      if (active.has(name)) return false;
      active.set(name, now());
      notify(name, true);
      return true;
    },
    deactivate(name) {
      if (!active.delete(name)) return false;
      notify(name, false);
      return true;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
