import * as catalog from '@obskit/catalog';
import { ALERT_LABELS, DEFAULT_BURN_TIERS, SEVERITIES } from './index';

describe('config', () => {
  it('re-exports the alerting vocabulary of the catalog under its old names', () => {
    expect(SEVERITIES).toBe(catalog.SEVERITIES);
    expect(ALERT_LABELS).toBe(catalog.ALERT_LABELS);
    expect(DEFAULT_BURN_TIERS).toBe(catalog.BURN_WINDOWS);
    expect([...SEVERITIES]).toEqual(['critical', 'warning', 'info']);
    expect([...DEFAULT_BURN_TIERS]).toEqual(['fast', 'slow']);
  });
});
