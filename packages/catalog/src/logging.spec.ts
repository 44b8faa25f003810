import { createLogOnce, type ObskitLogger } from './logging';

function recordingLogger(): ObskitLogger & { warnings: Array<[string, unknown]> } {
  const warnings: Array<[string, unknown]> = [];
  return { warnings, warn: (message, meta) => warnings.push([message, meta]), error: () => undefined };
}

describe('createLogOnce', () => {
  it('warns the first time a key is seen and stays silent for it afterwards', () => {
    const logger = recordingLogger();
    const warnOnce = createLogOnce(logger);
    warnOnce('timeout:a', 'collector "a" timed out', { metric: 'a' });
    warnOnce('timeout:a', 'collector "a" timed out again', { metric: 'a' });
    warnOnce('timeout:b', 'collector "b" timed out');
    expect(logger.warnings).toEqual([
      ['collector "a" timed out', { metric: 'a' }],
      ['collector "b" timed out', undefined],
    ]);
  });

  it('logs at most maxDistinct keys, so distinct problems cannot grow memory', () => {
    const logger = recordingLogger();
    const warnOnce = createLogOnce(logger, 2);
    for (const key of ['a', 'b', 'c', 'a']) warnOnce(key, `problem ${key}`);
    expect(logger.warnings.map(([m]) => m)).toEqual(['problem a', 'problem b']);
  });

  it('never throws, even when the logger does', () => {
    const warnOnce = createLogOnce({
      warn: () => {
        throw new Error('logger down');
      },
      error: () => undefined,
    });
    expect(() => warnOnce('k', 'message')).not.toThrow();
  });
});
