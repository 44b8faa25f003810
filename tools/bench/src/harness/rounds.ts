/**
 * The order of the variants in round `round`: rotated by one each round, and reversed in every
 * other cycle of `n` rounds (AB, BA, BA, AB; ABC, BCA, CAB, CBA, ACB, BAC), so that no variant always
 * runs first, last or right after the same one.
 */
export function roundOrder<T>(variants: readonly T[], round: number): T[] {
  const n = variants.length;
  if (n === 0) return [];
  const shift = round % n;
  const rotated = [...variants.slice(shift), ...variants.slice(0, shift)];
  return Math.floor(round / n) % 2 === 1 ? rotated.reverse() : rotated;
}

/** Samples per variant, in the order they were taken. */
export type RoundSamples<K extends string, S> = Record<K, S[]>;

/**
 * Runs `measure` for every variant in `rounds` alternating rounds (see {@link roundOrder}) and
 * returns each variant's samples.
 */
export async function runAlternating<K extends string, S>(
  variants: readonly K[],
  rounds: number,
  measure: (variant: K, round: number) => Promise<S> | S,
): Promise<RoundSamples<K, S>> {
  const samples = Object.fromEntries(variants.map((v) => [v, [] as S[]])) as RoundSamples<K, S>;
  for (let round = 0; round < rounds; round++) {
    for (const variant of roundOrder(variants, round)) {
      samples[variant].push(await measure(variant, round));
    }
  }
  return samples;
}
