import { metricValue } from './tsdb-settle';

describe('metricValue', () => {
  const exposition = [
    '# HELP prometheus_tsdb_blocks_loaded Number of currently loaded data blocks',
    '# TYPE prometheus_tsdb_blocks_loaded gauge',
    'prometheus_tsdb_blocks_loaded 12',
    'prometheus_tsdb_lowest_timestamp 1.7649e+12',
    'prometheus_tsdb_lowest_timestamp_seconds 1.7649e+09',
    'prometheus_tsdb_compactions_total{reason="x"} 3',
    'prometheus_tsdb_compactions_total{reason="y"} 4',
  ].join('\n');

  it('reads a sample without labels, not a longer name that starts with it', () => {
    expect(metricValue(exposition, 'prometheus_tsdb_blocks_loaded')).toBe(12);
    expect(metricValue(exposition, 'prometheus_tsdb_lowest_timestamp')).toBe(1.7649e12);
  });

  it('sums every label set, and is 0 for a metric that is absent', () => {
    expect(metricValue(exposition, 'prometheus_tsdb_compactions_total')).toBe(7);
    expect(metricValue(exposition, 'process_cpu_seconds_total')).toBe(0);
  });
});
