/**
 * Waiting for a backfilled Prometheus to finish compacting before its queries are timed.
 *
 * `promtool tsdb create-blocks-from rules` writes 2 h blocks (it has no block-duration flag), so 30
 * days of recorded series arrive as hundreds of small blocks that overlap the history's long blocks.
 * Prometheus merges them (vertical compaction) in the background from its first compaction tick, about
 * a minute after start. Timed before that, a query of a recorded series over 30 days opens hundreds of
 * blocks and shares the 2 cores with the compaction: the rule side of the comparison pays for the
 * backfill's layout, which a live Prometheus (rules written to the head with everything else) never has.
 */

/** What {@link waitForCompaction} saw. */
export interface SettleReport {
  /** Seconds waited. */
  readonly seconds: number;
  /** Blocks loaded when it returned. */
  readonly blocks: number;
  /** Compactions done while waiting (`prometheus_tsdb_compactions_total`, vertical ones included). */
  readonly compactions: number;
  /** Lowest timestamp the TSDB holds, Unix milliseconds (what retention kept). */
  readonly lowestTimestampMs: number;
  /** It returned at the time limit, not because Prometheus went idle. */
  readonly timedOut: boolean;
}

/** Options of {@link waitForCompaction}. */
export interface SettleOptions {
  /** Wait at least this long: the first compaction tick comes a minute after start. @defaultValue `75` */
  readonly minSeconds?: number;
  /** Give up after this long. @defaultValue `900` */
  readonly maxSeconds?: number;
  /** Idle = Prometheus used less than this share of one core over the last poll. @defaultValue `0.05` */
  readonly idleCpuShare?: number;
  /** Polls between checks, seconds. @defaultValue `10` */
  readonly pollSeconds?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sum of every sample of `name` (all label sets) in an exposition text; 0 when absent. */
export function metricValue(exposition: string, name: string): number {
  let total = 0;
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(name)) continue;
    let rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    if (rest[0] === '{') rest = rest.slice(rest.indexOf('}') + 1);
    const value = Number(rest.trim().split(/\s+/)[0]);
    if (Number.isFinite(value)) total += value;
  }
  return total;
}

interface TsdbSample {
  readonly atMs: number;
  readonly cpuSeconds: number;
  readonly blocks: number;
  readonly compactions: number;
  readonly lowestMs: number;
}

async function sampleTsdb(url: string): Promise<TsdbSample> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return {
    atMs: Date.now(),
    cpuSeconds: metricValue(text, 'process_cpu_seconds_total'),
    blocks: metricValue(text, 'prometheus_tsdb_blocks_loaded'),
    compactions: metricValue(text, 'prometheus_tsdb_compactions_total'),
    lowestMs: metricValue(text, 'prometheus_tsdb_lowest_timestamp'),
  };
}

/**
 * Polls Prometheus' own `/metrics` until it has passed its first compaction tick and then used less
 * than `idleCpuShare` of a core between two polls (no compaction running), or until `maxSeconds`.
 */
export async function waitForCompaction(url: string, options: SettleOptions = {}): Promise<SettleReport> {
  const minMs = (options.minSeconds ?? 75) * 1000;
  const maxMs = (options.maxSeconds ?? 900) * 1000;
  const pollMs = (options.pollSeconds ?? 10) * 1000;
  const idle = options.idleCpuShare ?? 0.05;
  const first = await sampleTsdb(url);
  let previous = first;
  for (;;) {
    await sleep(pollMs);
    const now = await sampleTsdb(url);
    const waited = now.atMs - first.atMs;
    const share = (now.cpuSeconds - previous.cpuSeconds) / ((now.atMs - previous.atMs) / 1000);
    const settled = waited >= minMs && share < idle;
    if (settled || waited >= maxMs) {
      return {
        seconds: waited / 1000,
        blocks: now.blocks,
        compactions: now.compactions - first.compactions,
        lowestTimestampMs: now.lowestMs,
        timedOut: !settled,
      };
    }
    previous = now;
  }
}
