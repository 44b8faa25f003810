import type { ValidationProblem } from '@obskit/catalog';
import { PROMETHEUS_CONFIG_CODES, type PrometheusConfigCode } from '../codes.js';

/** Collects validation problems; every validator reports all it finds, not just the first. */
export class Problems {
  readonly list: ValidationProblem<PrometheusConfigCode>[] = [];

  add(code: PrometheusConfigCode, subject: string, message: string): void {
    this.list.push({ code, subject, message });
  }
}

/** Reports `value` unless it is an absolute http(s) URL. */
export function checkUrl(problems: Problems, subject: string, value: unknown): void {
  let ok = false;
  if (typeof value === 'string') {
    try {
      ok = ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      ok = false;
    }
  }
  if (!ok) {
    problems.add(
      PROMETHEUS_CONFIG_CODES.url,
      subject,
      `Invalid URL "${String(value)}": must be an absolute http(s) URL`,
    );
  }
}
