import { DURATION_PATTERN, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['15s', 15_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1h', 3_600_000],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
    ['1y', 31_536_000_000],
    ['0', 0],
  ])('parses "%s" to %d ms', (value, ms) => {
    expect(parseDuration(value)).toBe(ms);
  });

  it.each(['', '15', '1.5s', '10 s', '-1s', 's', '1s1m', '5sec', '1M'])('rejects "%s"', (value) => {
    expect(parseDuration(value)).toBeUndefined();
  });

  it('uses the Prometheus duration grammar', () => {
    expect(DURATION_PATTERN.source).toBe(
      '^((\\d+)y)?((\\d+)w)?((\\d+)d)?((\\d+)h)?((\\d+)m)?((\\d+)s)?((\\d+)ms)?$',
    );
  });
});
