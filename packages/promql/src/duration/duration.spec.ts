import { formatDuration, isDuration, parseDuration, scaleDuration } from './duration';

describe('durations', () => {
  it('parses Prometheus durations into milliseconds', () => {
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1w')).toBe(604_800_000);
    expect(parseDuration('250ms')).toBe(250);
  });

  it('rejects what Prometheus rejects, naming the value', () => {
    for (const bad of ['', '5', '5x', '1m1h', '0s', '-5m', '1.5h']) {
      expect(isDuration(bad)).toBe(false);
      expect(() => parseDuration(bad)).toThrow(
        expect.objectContaining({
          code: 'OBSKIT_INVALID_DURATION',
          message: `Invalid duration "${bad}": must be a Prometheus duration like 30s, 5m or 1h30m`,
        }),
      );
    }
  });

  it('formats milliseconds as the shortest duration', () => {
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(3 * 24 * 3600_000)).toBe('3d');
    expect(formatDuration(30 * 24 * 3600_000)).toBe('4w2d');
    expect(formatDuration(1500)).toBe('1s500ms');
  });

  it('scales durations with a floor', () => {
    expect(scaleDuration('5m', 1 / 60)).toBe('5s');
    expect(scaleDuration('1h', 1 / 60)).toBe('1m');
    expect(scaleDuration('30d', 1 / 60)).toBe('12h');
    expect(scaleDuration('1m', 1 / 60, { min: '4s' })).toBe('4s');
    expect(() => scaleDuration('1m', 0)).toThrow('Invalid scale factor "0": must be a positive number');
  });
});
