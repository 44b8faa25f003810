import type { AlertOverrides, PackName } from '@obskit/alerts';
import { defineConfig } from './define-config.js';
import type { ObskitConfig } from './types.js';

// Compile-time checks (nx typecheck): the config's types are the alerts package's, not copies.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Each assignable to the other (the alerts package's types are readonly, the inferred ones are not). */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const overridesAreTheAlertsOnes: Mutual<
  NonNullable<NonNullable<ObskitConfig['alerts']>['overrides']>,
  AlertOverrides
> = true;
const packsAreTheAlertsOnes: Equal<NonNullable<ObskitConfig['services'][number]['packs']>[number], PackName> =
  true;

describe('ObskitConfig types', () => {
  it('types overrides per alert: a threshold only where the alert has one', () => {
    const config = defineConfig({
      services: [{ name: 'orders-api', targets: { static: ['localhost:4000'] } }],
      alerts: {
        overrides: {
          HttpLatencyHigh: { threshold: 0.3, for: '10m' },
          JobNotRunRecently: { threshold: '2h' },
          TargetDown: { severity: 'warning' },
          // @ts-expect-error TasksStuck compares with no threshold
          TasksStuck: { threshold: 1 },
        },
      },
    });
    expect(config.alerts?.overrides?.HttpLatencyHigh?.threshold).toBe(0.3);
    expect([overridesAreTheAlertsOnes, packsAreTheAlertsOnes]).toEqual([true, true]);
  });
});
