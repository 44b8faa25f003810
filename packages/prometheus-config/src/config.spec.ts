import { LABELS } from '@obskit/catalog';
import { ALERT_LABELS, SEVERITIES } from './config';

describe('config', () => {
  it('uses the severities of the catalog label, most urgent first', () => {
    const bound = LABELS.severity.bound;
    expect(bound.kind).toBe('enum');
    expect(bound.kind === 'enum' ? [...bound.values] : []).toEqual([...SEVERITIES]);
  });

  it('matches on label names the catalog defines', () => {
    expect(Object.keys(LABELS)).toEqual(
      expect.arrayContaining([ALERT_LABELS.severity, ALERT_LABELS.alertname]),
    );
  });
});
