import { ObskitValidationError, type ValidationProblem } from '@obskit/catalog';
import { DEMO_CODES, type DemoCode } from './codes.js';
import type { GenAiVia } from './instrumentation/create-telemetry.js';
import { DEFAULT_DATABASE_PATH } from './server.js';

/** The demo's settings, read from the environment by {@link readConfig}. */
export interface DemoConfig {
  readonly port: number;
  readonly host: string;
  readonly load: number;
  readonly workers: number;
  readonly databasePath: string;
  readonly metricsToken?: string;
  readonly metricsBasicAuth?: string;
  readonly genAiVia: GenAiVia;
  readonly seed?: number;
  readonly timeScale: number;
  /** `DEMO_LLM_PROVIDERS`: `simulated` (in-process) or `sdk` (real SDKs against the loopback server). */
  readonly llmProviders: 'simulated' | 'sdk';
  /** Port of the loopback LLM provider server; 0 picks a free one. */
  readonly providerPort: number;
}

/**
 * Reads `PORT` (3000), `HOST` (127.0.0.1), `DEMO_LOAD` (0), `DEMO_WORKERS` (0 = no cluster),
 * `DATABASE_PATH`, `METRICS_TOKEN`, `METRICS_BASIC_AUTH`, `OBSKIT_GENAI_VIA` (metrics-core | otel),
 * `DEMO_SEED`, `DEMO_TIME_SCALE` (0.01), `DEMO_LLM_PROVIDERS` (simulated | sdk) and
 * `DEMO_PROVIDER_PORT` (0 = a free port). Reports every invalid variable at once
 * (`OBSKIT_INVALID_ENV`).
 */
export function readConfig(env: Readonly<Record<string, string | undefined>> = process.env): DemoConfig {
  const problems: ValidationProblem<DemoCode>[] = [];
  const bad = (name: string, expected: string) =>
    problems.push({
      code: DEMO_CODES.invalidEnv,
      subject: name,
      message: `Invalid ${name} "${env[name]}": expected ${expected}`,
    });
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^-?[0-9]+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      bad(name, `an integer from ${min} to ${max}`);
      return fallback;
    }
    return Number(raw);
  };
  const num = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      bad(name, `a number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const via = env['OBSKIT_GENAI_VIA'] || 'metrics-core';
  if (via !== 'metrics-core' && via !== 'otel') bad('OBSKIT_GENAI_VIA', '"metrics-core" or "otel"');
  const basic = env['METRICS_BASIC_AUTH'] || undefined;
  if (basic !== undefined && !/^[^:]+:.+$/.test(basic)) bad('METRICS_BASIC_AUTH', '"user:password"');
  const llmProviders = env['DEMO_LLM_PROVIDERS'] || 'sdk';
  if (llmProviders !== 'simulated' && llmProviders !== 'sdk')
    bad('DEMO_LLM_PROVIDERS', '"simulated" or "sdk"');
  const config: DemoConfig = {
    port: int('PORT', 3000, 0, 65535),
    host: env['HOST'] || '127.0.0.1',
    load: num('DEMO_LOAD', 0, 0, 1000),
    workers: int('DEMO_WORKERS', 0, 0, 64),
    databasePath: env['DATABASE_PATH'] || DEFAULT_DATABASE_PATH,
    metricsToken: env['METRICS_TOKEN'] || undefined,
    metricsBasicAuth: basic,
    genAiVia: via as GenAiVia,
    seed: env['DEMO_SEED'] ? int('DEMO_SEED', 0, 0, 2 ** 31 - 1) : undefined,
    timeScale: num('DEMO_TIME_SCALE', 0.01, 0, 10),
    llmProviders: llmProviders as 'simulated' | 'sdk',
    providerPort: int('DEMO_PROVIDER_PORT', 0, 0, 65535),
  };
  if (problems.length > 0)
    throw new ObskitValidationError<DemoCode>(DEMO_CODES.invalidEnv, 'Invalid environment', problems);
  return config;
}
