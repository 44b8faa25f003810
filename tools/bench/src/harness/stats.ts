/** Median of a non-empty sample; `NaN` for an empty one. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `value / baseline`, `NaN` when the baseline is 0 or not finite. */
export function ratio(value: number, baseline: number): number {
  return baseline !== 0 && Number.isFinite(baseline) ? value / baseline : Number.NaN;
}

/** Formats a number with a fixed count of significant decimals for the tables. */
export function fmt(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toFixed(decimals);
}

/** Formats a ratio as `0.97×`. */
export function fmtRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a';
}

/**
 * Median of the per-round ratios `values[i] / baselines[i]`: rounds that ran under different
 * machine load are compared within themselves, which steadies ratios on a shared machine.
 */
export function pairedRatio(values: readonly number[], baselines: readonly number[]): number {
  const n = Math.min(values.length, baselines.length);
  return median(Array.from({ length: n }, (_, i) => ratio(values[i], baselines[i])).filter(Number.isFinite));
}
