import { expectEncodedOnce, MATRIX } from './encoding';
import { BUILD_TIMEOUT_MS, type Bundler, ensureBuilt, startNext, type NextServer } from './next-server';

const TOKEN = 'encoding-spec-token';

describe.each<Bundler>(['turbopack', 'webpack'])('/api/metrics under next start (%s build)', (bundler) => {
  let next: NextServer;
  beforeAll(async () => {
    await ensureBuilt(bundler);
    next = await startNext(bundler, { METRICS_TOKEN: TOKEN });
  }, BUILD_TIMEOUT_MS);
  afterAll(() => next?.stop());

  it.each(MATRIX)('%s with Accept-Encoding: %s is encoded at most once and declared', (format, encoding) =>
    expectEncodedOnce(`${next.url}/api/metrics`, TOKEN, format, encoding),
  );
});
