import { acceptsGzip, negotiateFormat } from './negotiate';

describe('negotiateFormat', () => {
  it.each([
    // what Prometheus 2.x sends by default
    [
      'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1',
      'openmetrics',
    ],
    // Prometheus 3.x with escaping parameters
    [
      'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1',
      'openmetrics',
    ],
    // Prometheus with scrape_protocols: [PrometheusText0.0.4]
    ['text/plain;version=0.0.4;q=0.5,*/*;q=0.1', 'text'],
    // protobuf first, which is not served here
    [
      'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3,*/*;q=0.2',
      'text',
    ],
    ['application/openmetrics-text', 'openmetrics'],
    ['application/openmetrics-text; version=0.0.1', 'openmetrics'],
    ['application/openmetrics-text; version=2.0.0', 'text'],
    ['application/openmetrics-text;q=0', 'text'],
    ['text/plain;q=0.9, application/openmetrics-text;q=0.8', 'text'],
    ['text/plain;q=0.5, application/openmetrics-text;q=0.9', 'openmetrics'],
    ['application/openmetrics-text;q=0.5, text/plain;q=0.5', 'openmetrics'],
    ['text/plain;q=0.5, application/openmetrics-text;q=0.5', 'text'],
    ['*/*', 'text'],
    ['text/html,application/xhtml+xml', 'text'],
    ['application/json', 'text'],
    ['', 'text'],
  ])('Accept %p → %s', (accept, expected) => {
    expect(negotiateFormat(accept)).toBe(expected);
  });

  it('serves text when there is no Accept header', () => {
    expect(negotiateFormat(undefined)).toBe('text');
    expect(negotiateFormat(null)).toBe('text');
  });
});

describe('acceptsGzip', () => {
  it.each([
    ['gzip', true],
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    ['*', true],
    ['identity', false],
    ['gzip;q=0', false],
    ['*;q=0.5, gzip;q=0', false],
    ['deflate', false],
    ['', false],
  ])('Accept-Encoding %p → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});
