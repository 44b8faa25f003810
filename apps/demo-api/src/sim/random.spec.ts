import { createSampler, createSeededRandom } from './random';

describe('createSeededRandom', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);
    const c = createSeededRandom(43);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, c)).not.toEqual(seqA);
    for (const x of seqA) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('createSampler', () => {
  const sampler = createSampler(createSeededRandom(7));

  it('draws log-normal values around the given median', () => {
    const values = Array.from({ length: 4001 }, () => sampler.logNormal(2, 0.5)).sort((x, y) => x - y);
    const median = values[2000];
    expect(median).toBeGreaterThan(1.8);
    expect(median).toBeLessThan(2.2);
    expect(values[0]).toBeGreaterThan(0);
  });

  it('draws weighted keys in proportion to their weights', () => {
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 4000; i++) counts[sampler.weighted({ a: 3, b: 1 })] += 1;
    expect(counts.a / 4000).toBeGreaterThan(0.7);
    expect(counts.a / 4000).toBeLessThan(0.8);
  });

  it('keeps int() within its inclusive bounds and reaches both ends', () => {
    const seen = new Set(Array.from({ length: 500 }, () => sampler.int(1, 3)));
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });
});
