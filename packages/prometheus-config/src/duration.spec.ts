import { isDuration } from '@obskit/catalog';
import { checkDuration, parseDuration } from './duration';
import { Problems } from './internal/problems';

describe('parseDuration (deprecated: the catalog grammar, without throwing)', () => {
  it.each([
    ['15s', 15_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1y', 31_536_000_000],
    ['0', 0],
    ['0s', 0],
  ])('parses "%s" to %d ms', (value, ms) => {
    expect(parseDuration(value)).toBe(ms);
  });

  it.each(['', '15', '1.5s', '10 s', '-1s', 's', '1s1m', '5sec', '1M'])(
    'gives undefined for "%s"',
    (value) => {
      expect(isDuration(value)).toBe(false);
      expect(parseDuration(value)).toBeUndefined();
    },
  );
});

describe('checkDuration', () => {
  it('reports an invalid duration with its field, and gives the length of a valid one', () => {
    const problems = new Problems();
    expect(checkDuration(problems, 'global', 'scrape_interval', '15s')).toBe(15_000);
    expect(checkDuration(problems, 'global', 'scrape_timeout', undefined)).toBeUndefined();
    expect(checkDuration(problems, 'global', 'evaluation_interval', '1m1h')).toBeUndefined();
    expect(problems.list).toEqual([
      {
        code: 'OBSKIT_INVALID_DURATION',
        subject: 'global',
        message:
          'Invalid duration "1m1h" in evaluation_interval: must be a Prometheus duration like 30s, 5m or 1h30m',
      },
    ]);
  });
});
