import { METRICS } from '@obskit/catalog';
import type { DomainInstruments } from './instruments.js';

/** Business helpers: sessions, feature use, experiments and availability inputs. */
export interface BusinessHelpers {
  sessionStarted(): void;
  /** A session ended; its length is recorded when given. */
  sessionEnded(durationSeconds?: number): void;
  featureUsed(feature: string): void;
  /** A user saw `variant` of `experiment`. */
  exposure(experiment: string, variant: string): void;
  /** A conversion attributed to `variant` of `experiment`. */
  conversion(experiment: string, variant: string, count?: number): void;
  /** A business operation finished, as the input of availability SLOs. */
  operation(name: string, outcome: 'success' | 'failure'): void;
}

/** Builds the business helpers over the catalog's business metrics on any {@link DomainInstruments}. */
export function createBusinessHelpers(ins: DomainInstruments): BusinessHelpers {
  const b = METRICS.business;
  const active = ins.gauge(b.sessionsActive);
  const started = ins.counter(b.sessionsStarted);
  const duration = ins.histogram(b.sessionDuration);
  const features = ins.counter(b.featureUsage);
  const exposures = ins.counter(b.experimentExposures);
  const conversions = ins.counter(b.experimentConversions);
  const operations = ins.counter(b.operations);
  return {
    sessionStarted() {
      started.inc();
      active.inc();
    },
    sessionEnded(durationSeconds) {
      active.dec();
      if (durationSeconds !== undefined) duration.observe({}, durationSeconds);
    },
    featureUsed: (feature) => features.inc({ feature }),
    exposure: (experiment, variant) => exposures.inc({ experiment, variant }),
    conversion: (experiment, variant, count) => conversions.inc({ experiment, variant }, count),
    operation: (name, outcome) => operations.inc({ operation: name, outcome }),
  };
}
