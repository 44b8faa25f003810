import { randomUUID } from 'node:crypto';
import type { DemoDatabase } from '../db/database.js';
import type { DemoTelemetry } from '../instrumentation/telemetry.js';
import type { Sampler } from '../sim/random.js';

/** Product features counted in `obskit_feature_usage_total`. */
export const FEATURES = [
  'planning',
  'research',
  'code_generation',
  'code_review',
  'streaming',
  'task_queue',
] as const;
/** One of {@link FEATURES}. */
export type Feature = (typeof FEATURES)[number];

/** The demo's A/B experiment and its variants. */
export const EXPERIMENT = { name: 'planner_prompt_v2', variants: ['control', 'treatment'] } as const;

/** A user session. */
export interface Session {
  readonly id: string;
  readonly variant: (typeof EXPERIMENT.variants)[number];
  readonly startedAt: string;
  readonly endedAt: string | null;
}

interface SessionRow {
  id: string;
  started_at: number;
  last_seen_at: number;
  ended_at: number | null;
}

/** Sessions, feature usage and the experiment. */
export interface SessionService {
  start(): Session;
  /** Marks the session seen; unknown or ended ids return undefined. */
  touch(id: string): Session | undefined;
  end(id: string): Session | undefined;
  /** Ends the sessions idle for longer than `idleMs`; returns how many. */
  reapIdle(idleMs: number): number;
  featureUsed(feature: Feature): void;
  /** Attributes a conversion to the session's variant, with a variant-specific probability. */
  maybeConvert(id: string): void;
}

/** Options of {@link createSessionService}. */
export interface SessionServiceOptions {
  readonly db: DemoDatabase;
  readonly telemetry: DemoTelemetry;
  readonly sampler: Sampler;
  readonly now?: () => number;
}

const variantOf = (id: string): Session['variant'] =>
  EXPERIMENT.variants[parseInt(id.replace(/-/g, '').slice(-2), 16) % EXPERIMENT.variants.length];

/** Creates the {@link SessionService} over the demo database. */
export function createSessionService(options: SessionServiceOptions): SessionService {
  const { db, telemetry, sampler } = options;
  const now = options.now ?? Date.now;
  const toSession = (row: SessionRow): Session => ({
    id: row.id,
    variant: variantOf(row.id),
    startedAt: new Date(row.started_at).toISOString(),
    endedAt: row.ended_at === null ? null : new Date(row.ended_at).toISOString(),
  });
  const find = (id: string): SessionRow | undefined =>
    db.get<SessionRow>(
      { operation: 'SELECT', collection: 'sessions' },
      'SELECT * FROM sessions WHERE id = ?',
      [id],
    );
  const endRow = (row: SessionRow): void => {
    const t = now();
    db.run({ operation: 'UPDATE', collection: 'sessions' }, 'UPDATE sessions SET ended_at = ? WHERE id = ?', [
      t,
      row.id,
    ]);
    row.ended_at = t;
    telemetry.sessionEnded((t - row.started_at) / 1000);
  };
  return {
    start() {
      const id = randomUUID();
      const t = now();
      db.run(
        { operation: 'INSERT', collection: 'sessions' },
        'INSERT INTO sessions (id, started_at, last_seen_at) VALUES (?, ?, ?)',
        [id, t, t],
      );
      telemetry.sessionStarted();
      const session = toSession({ id, started_at: t, last_seen_at: t, ended_at: null });
      telemetry.experimentExposure(EXPERIMENT.name, session.variant);
      return session;
    },
    touch(id) {
      const row = find(id);
      if (!row || row.ended_at !== null) return undefined;
      db.run(
        { operation: 'UPDATE', collection: 'sessions' },
        'UPDATE sessions SET last_seen_at = ? WHERE id = ?',
        [now(), id],
      );
      return toSession(row);
    },
    end(id) {
      const row = find(id);
      if (!row) return undefined;
      if (row.ended_at === null) endRow(row);
      return toSession(row);
    },
    reapIdle(idleMs) {
      const rows = db.all<SessionRow>(
        { operation: 'SELECT', collection: 'sessions' },
        'SELECT * FROM sessions WHERE ended_at IS NULL AND last_seen_at < ?',
        [now() - idleMs],
      );
      for (const row of rows) endRow(row);
      return rows.length;
    },
    featureUsed: (feature) => telemetry.featureUsed(feature),
    maybeConvert(id) {
      const variant = variantOf(id);
      if (sampler.chance(variant === 'treatment' ? 0.12 : 0.08)) {
        telemetry.experimentConversion(EXPERIMENT.name, variant);
      }
    },
  };
}
