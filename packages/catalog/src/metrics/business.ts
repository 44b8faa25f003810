import { BUCKETS } from '../model/buckets.js';
import { defineMetric } from '../model/types.js';

/** Business metrics: sessions, feature usage, experiments and availability inputs. */
export const businessMetrics = {
  sessionsActive: defineMetric({
    name: 'obskit_user_sessions_active',
    type: 'gauge',
    help: 'User sessions open right now, as a count.',
    unit: 'count',
    family: 'business',
    labels: [],
  }),
  sessionsStarted: defineMetric({
    name: 'obskit_user_sessions_started_total',
    type: 'counter',
    help: 'User sessions started, counted once per session.',
    unit: 'count',
    family: 'business',
    labels: [],
  }),
  sessionDuration: defineMetric({
    name: 'obskit_user_session_duration_seconds',
    type: 'histogram',
    help: 'Length of ended user sessions, in seconds.',
    unit: 'seconds',
    family: 'business',
    labels: [],
    buckets: BUCKETS.sessionDuration,
  }),
  featureUsage: defineMetric({
    name: 'obskit_feature_usage_total',
    type: 'counter',
    help: 'Uses of a product feature, counted once per use.',
    unit: 'count',
    family: 'business',
    labels: ['feature'],
  }),
  experimentExposures: defineMetric({
    name: 'obskit_experiment_exposures_total',
    type: 'counter',
    help: 'Users exposed to an experiment variant, counted once per exposure.',
    unit: 'count',
    family: 'business',
    labels: ['experiment', 'variant'],
  }),
  experimentConversions: defineMetric({
    name: 'obskit_experiment_conversions_total',
    type: 'counter',
    help: 'Conversions attributed to an experiment variant, counted once per conversion.',
    unit: 'count',
    family: 'business',
    labels: ['experiment', 'variant'],
  }),
  operations: defineMetric({
    name: 'obskit_business_operations_total',
    type: 'counter',
    help: 'Business operations by outcome, counted once per operation, as the input of availability SLOs.',
    unit: 'count',
    family: 'business',
    labels: ['operation', 'outcome'],
  }),
} as const;
