import type { Duration } from '@obskit/catalog';
import { configDurations, defaultAlertsConfig, scaleDurations, validateConfig } from './config';

describe('alerts config', () => {
  it('finds every duration: windows, for, SLO period and tiers, job max age', () => {
    const paths = configDurations(defaultAlertsConfig).map(([path]) => path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'windows.rate',
        'windows.anomalyBaseline',
        'for.page',
        'thresholds.jobMaxAge',
        'slo.period',
        'slo.tiers[0].longWindow',
        'slo.tiers[3].shortWindow',
        'slo.tiers[2].for',
      ]),
    );
    expect(paths).not.toContain('team');
    expect(paths).not.toContain('prefix');
  });

  it('scales every duration, never below the minimum, and leaves the rest alone', () => {
    const scaled = scaleDurations(defaultAlertsConfig, { factor: 1 / 60, min: '20s' });
    expect(scaled.windows.rate).toBe('20s');
    expect(scaled.windows.anomalyBaseline).toBe('2h48m');
    expect(scaled.for.medium).toBe('20s');
    expect(scaled.slo.period).toBe('12h');
    expect(scaled.slo.tiers[0]).toEqual({
      ...defaultAlertsConfig.slo.tiers[0],
      longWindow: '1m',
      shortWindow: '20s',
      for: '20s',
    });
    expect(scaled.thresholds.jobMaxAge).toBe('6m');
    expect(scaled.thresholds.agentErrorRatio).toBe(defaultAlertsConfig.thresholds.agentErrorRatio);
    expect(scaled.team).toBe('ai-platform');
    expect(validateConfig(scaled)).toEqual([]);
  });

  it('reports every bad value at once, naming where it is', () => {
    const bad = {
      ...defaultAlertsConfig,
      prefix: 'obskit',
      runbookUrl: 'https://example.com/runbooks',
      windows: { ...defaultAlertsConfig.windows, rate: '5 min' as Duration },
      thresholds: { ...defaultAlertsConfig.thresholds, agentErrorRatio: -1 },
      slo: {
        ...defaultAlertsConfig.slo,
        objectives: { ...defaultAlertsConfig.slo.objectives, httpAvailability: 1 },
      },
    };
    expect(validateConfig(bad).map((p) => `${p.code} ${p.subject}: ${p.message}`)).toEqual([
      'OBSKIT_INVALID_DURATION config "windows.rate": Invalid duration "5 min": must be a Prometheus duration like 30s, 5m or 1h30m',
      'OBSKIT_INVALID_OBJECTIVE config "slo.objectives.httpAvailability": Invalid objective "1": must be between 0 and 1, exclusive',
      'OBSKIT_INVALID_THRESHOLD config "thresholds.agentErrorRatio": Invalid threshold "-1": must be a positive number',
      'OBSKIT_INVALID_ALERT_NAME config "prefix": Invalid alert name prefix "obskit": must be PascalCase, matching /^[A-Z][A-Za-z0-9]*$/',
      'OBSKIT_INVALID_RUNBOOK_URL config "runbookUrl": Invalid runbook URL pattern "https://example.com/runbooks": must contain "{alertname}"',
    ]);
  });
});
