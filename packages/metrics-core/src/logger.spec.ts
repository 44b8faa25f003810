import { createStderrLogger, noopLogger } from './logger';

describe('createStderrLogger (the default logger)', () => {
  let writes: string[];
  let spy: jest.SpyInstance;
  beforeEach(() => {
    writes = [];
    spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
  });
  afterEach(() => spy.mockRestore());

  it('writes each distinct problem once, with its details', () => {
    const logger = createStderrLogger({});
    logger.warn('obskit: /metrics refused: no credentials', { clientIp: '10.0.0.1' });
    logger.warn('obskit: /metrics refused: no credentials', { clientIp: '10.0.0.2' });
    logger.error('obskit: collector failed', { error: new Error('boom') });
    expect(writes).toEqual([
      '[obskit] warn: obskit: /metrics refused: no credentials {"clientIp":"10.0.0.1"}\n',
      '[obskit] error: obskit: collector failed {"error":"boom"}\n',
    ]);
  });

  it('is silenced by OBSKIT_LOG=silent', () => {
    expect(createStderrLogger({ OBSKIT_LOG: 'silent' })).toBe(noopLogger);
  });
});
