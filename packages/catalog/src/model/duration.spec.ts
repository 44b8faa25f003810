import {
  DURATION_PATTERN,
  durationSeconds,
  formatDuration,
  invalidDurationMessage,
  isDuration,
  parseDuration,
  scaleDuration,
} from './duration';

const DAY = 86_400_000;

describe('the Prometheus duration grammar', () => {
  it.each([
    ['500ms', 500],
    ['15s', 15_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1m30s', 90_000],
    ['2d', 2 * DAY],
    ['30d', 30 * DAY],
    ['1w', 7 * DAY],
    ['1y', 365 * DAY],
    ['1y2w3d4h5m6s7ms', 365 * DAY + 14 * DAY + 3 * DAY + 4 * 3_600_000 + 5 * 60_000 + 6000 + 7],
    ['90m', 5_400_000],
    ['1h0m', 3_600_000],
    ['007s', 7000],
    ['0', 0],
    ['0s', 0],
    ['0h0m', 0],
  ])('reads "%s" as %d ms', (text, ms) => {
    expect(isDuration(text)).toBe(true);
    expect(DURATION_PATTERN.test(text)).toBe(true);
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['', 'empty'],
    ['5', 'a number without a unit'],
    ['1.5h', 'a fraction'],
    ['-5m', 'a sign'],
    ['+5m', 'a sign'],
    ['10 s', 'a space'],
    [' 5m', 'a leading space'],
    ['5m ', 'a trailing space'],
    ['s', 'a unit without a number'],
    ['5x', 'an unknown unit'],
    ['5sec', 'a long unit name'],
    ['1M', 'an upper-case unit'],
    ['1H', 'an upper-case unit'],
    ['1m1h', 'units out of order'],
    ['1s1m', 'units out of order'],
    ['1ms1s', 'units out of order'],
    ['5m5m', 'a unit twice'],
    ['1h 30m', 'a space between parts'],
    ['00', 'a bare number other than 0'],
    ['1us', 'a unit Prometheus does not know'],
    ['293y', 'more than int64 nanoseconds'],
    ['$__rate_interval', 'a Grafana variable'],
  ])('rejects "%s" (%s)', (text) => {
    expect(isDuration(text)).toBe(false);
    // Only the out-of-range one has the shape; its length is what is wrong.
    expect(DURATION_PATTERN.test(text)).toBe(text === '293y');
    expect(() => parseDuration(text)).toThrow(
      expect.objectContaining({
        code: 'OBSKIT_INVALID_DURATION',
        message: `Invalid duration "${text}": must be a Prometheus duration like 30s, 5m or 1h30m`,
      }),
    );
  });

  it('rejects what is not a string', () => {
    for (const value of [undefined, null, 5, {}, ['5m']]) expect(isDuration(value)).toBe(false);
  });

  it('rejects zero where a positive duration is asked for, as PromQL ranges do', () => {
    for (const zero of ['0', '0s', '0m0s']) {
      expect(isDuration(zero, { positive: true })).toBe(false);
      expect(() => parseDuration(zero, { positive: true })).toThrow(
        expect.objectContaining({
          code: 'OBSKIT_INVALID_DURATION',
          message: `Invalid duration "${zero}": must be a Prometheus duration like 30s, 5m or 1h30m, above zero`,
        }),
      );
    }
    expect(parseDuration('1ms', { positive: true })).toBe(1);
  });

  it('accepts the longest duration Prometheus does, and not one millisecond more', () => {
    expect(parseDuration('292y')).toBe(292 * 365 * DAY);
    expect(isDuration('9223372036854ms')).toBe(true);
    expect(isDuration('9223372036855ms')).toBe(false);
  });

  it('gives seconds', () => {
    expect(durationSeconds('6h')).toBe(21_600);
    expect(durationSeconds('1500ms')).toBe(1.5);
  });

  it('names the value and what is expected', () => {
    expect(invalidDurationMessage('soon')).toBe(
      'Invalid duration "soon": must be a Prometheus duration like 30s, 5m or 1h30m',
    );
    expect(invalidDurationMessage('1d1y', 'period')).toBe(
      'Invalid period "1d1y": must be a Prometheus duration like 30s, 5m or 1h30m',
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [1, '1ms'],
    [1500, '1s500ms'],
    [90_000, '1m30s'],
    [5_400_000, '1h30m'],
    [3 * DAY, '3d'],
    [7 * DAY, '1w'],
    [8 * DAY, '8d'],
    [14 * DAY, '2w'],
    [30 * DAY, '30d'],
    [90 * DAY, '90d'],
    [365 * DAY, '1y'],
    [366 * DAY, '366d'],
    [730 * DAY, '2y'],
    [DAY + 1, '1d1ms'],
  ])('prints %d ms as Prometheus does: "%s"', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('rounds to whole milliseconds', () => {
    expect(formatDuration(1000.4)).toBe('1s');
    expect(formatDuration(999.6)).toBe('1s');
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, 9_223_372_036_855])('rejects %d', (ms) => {
    expect(() => formatDuration(ms)).toThrow(
      expect.objectContaining({
        code: 'OBSKIT_INVALID_DURATION',
        message: `Invalid duration "${ms}ms": must be a length in milliseconds from 0 to 9223372036854`,
      }),
    );
  });

  it('round-trips: parse(format(ms)) is ms, and format(parse(text)) is the canonical text', () => {
    for (const ms of [1, 999, 1000, 61_001, 3_599_999, DAY - 1, 13 * DAY + 1, 400 * DAY, 9_223_372_036_854]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
    const canonical: Array<[string, string]> = [
      ['90s', '1m30s'],
      ['60m', '1h'],
      ['24h', '1d'],
      ['7d', '1w'],
      ['12w6d', '90d'],
      ['365d', '1y'],
      ['1000ms', '1s'],
      ['0', '0s'],
      ['1h30m', '1h30m'],
    ];
    for (const [text, printed] of canonical) {
      expect(formatDuration(parseDuration(text))).toBe(printed);
      expect(formatDuration(parseDuration(printed))).toBe(printed);
    }
  });
});

describe('scaleDuration', () => {
  it('multiplies, never below the floor', () => {
    expect(scaleDuration('5m', 1 / 60)).toBe('5s');
    expect(scaleDuration('1h', 1 / 60)).toBe('1m');
    expect(scaleDuration('30d', 1 / 60)).toBe('12h');
    expect(scaleDuration('1w', 2)).toBe('2w');
    expect(scaleDuration('1m', 1 / 60, { min: '4s' })).toBe('4s');
    expect(scaleDuration('1ms', 1 / 10)).toBe('1ms');
  });

  it('rejects a factor that is not positive, and a zero or invalid duration', () => {
    expect(() => scaleDuration('1m', 0)).toThrow('Invalid scale factor "0": must be a positive number');
    expect(() => scaleDuration('0s', 2)).toThrow(
      expect.objectContaining({ code: 'OBSKIT_INVALID_DURATION' }),
    );
    expect(() => scaleDuration('5 m', 2)).toThrow('Invalid duration "5 m"');
  });
});
