import type { ValidationProblem } from '@obskit/catalog';

/** Collects validation problems; every validator reports all it finds, not just the first. */
export class Problems {
  readonly list: ValidationProblem[] = [];

  add(code: string, subject: string, message: string): void {
    this.list.push({ code, subject, message });
  }
}
