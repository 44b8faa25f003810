import { ALERT_LABELS, SEVERITIES } from './alerting';
import { LABELS } from './labels';

describe('alerting vocabulary', () => {
  it('gives the severity label exactly the severities, most urgent first', () => {
    expect(LABELS.severity.bound).toEqual({ kind: 'enum', values: ['critical', 'warning', 'info'] });
    expect([...SEVERITIES]).toEqual(['critical', 'warning', 'info']);
  });

  it('names the labels Alertmanager matches on', () => {
    expect(ALERT_LABELS).toEqual({
      severity: 'severity',
      alertname: 'alertname',
      team: 'team',
      slo: 'slo',
      burnWindow: 'burn_window',
      longWindow: 'long_window',
    });
    expect(Object.keys(LABELS)).toEqual(
      expect.arrayContaining([ALERT_LABELS.severity, ALERT_LABELS.alertname]),
    );
  });
});
