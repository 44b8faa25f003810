import { CliError } from '../errors.js';
/** One scrape target of a job as Prometheus reports it (`/api/v1/targets`). */
export interface TargetHealth {
  readonly scrapeUrl: string;
  readonly health: 'up' | 'down' | 'unknown';
  /** Why the last scrape failed (`''` when it did not), in Prometheus' words. */
  readonly lastError: string;
}

/**
 * The active targets of `job` on the Prometheus at `prometheusUrl`.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#targets
 */
export async function jobTargets(prometheusUrl: string, job: string): Promise<TargetHealth[]> {
  const response = await fetch(`${prometheusUrl}/api/v1/targets?state=active`, {
    signal: AbortSignal.timeout(2_000),
  });
  const body = (await response.json()) as {
    data?: {
      activeTargets?: {
        labels?: Record<string, string>;
        scrapeUrl: string;
        health: string;
        lastError: string;
      }[];
    };
  };
  return (body.data?.activeTargets ?? [])
    .filter((t) => t.labels?.job === job)
    .map((t) => ({
      scrapeUrl: t.scrapeUrl,
      health: t.health === 'up' || t.health === 'down' ? t.health : 'unknown',
      lastError: t.lastError ?? '',
    }));
}

/**
 * A scrape error that waiting will not fix: the app answered, with a 4xx status (wrong metrics path,
 * missing or wrong credentials). Connection refused and timeouts are not: the app may still be starting.
 */
export function isDefinitiveScrapeError(lastError: string): boolean {
  return /server returned HTTP status 4\d\d/.test(lastError);
}

/** `job: url: error` lines of the targets that are not up, for an error message. */
export function describeTargets(job: string, targets: readonly TargetHealth[]): string {
  if (targets.length === 0) return `Prometheus has no target of job "${job}" (check its scrape config)`;
  return targets
    .filter((t) => t.health !== 'up')
    .map((t) => `${job} ${t.scrapeUrl}: ${t.lastError || 'not scraped yet'}`)
    .join('\n');
}

/**
 * Resolves true once every target of `job` is up; throws `OBSKIT_STACK_FAILED` naming the target and
 * Prometheus' error as soon as one fails in a way that waiting will not fix.
 */
export async function jobScraped(prometheusUrl: string, job: string): Promise<boolean> {
  const targets = await jobTargets(prometheusUrl, job);
  const broken = targets.filter((t) => t.health === 'down' && isDefinitiveScrapeError(t.lastError));
  if (broken.length > 0) {
    throw new CliError(
      'OBSKIT_STACK_FAILED',
      `Prometheus cannot scrape ${job}:\n${describeTargets(job, broken)}`,
    );
  }
  return targets.length > 0 && targets.every((t) => t.health === 'up');
}
