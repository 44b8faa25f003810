import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One object's verdict from the model packages: `error` is null when the object is valid. */
export interface ModelVerdict {
  readonly kind: string;
  readonly name: string;
  readonly error: string | null;
}

/**
 * Validates objects with kubernetes-models (Kubernetes' own OpenAPI schemas) and
 * @kubernetes-models/prometheus-operator (the operator's CRD schemas), through their `.validate()`.
 * Both packages are ESM-only, so the check runs in a child Node process.
 */
export function validateWithModels(objects: readonly unknown[]): ModelVerdict[] {
  const dir = mkdtempSync(join(tmpdir(), 'obskit-k8s-'));
  try {
    const file = join(dir, 'objects.json');
    writeFileSync(file, JSON.stringify(objects));
    const out = execFileSync(process.execPath, [join(__dirname, 'kubernetes-models.mjs'), file], {
      cwd: __dirname,
      encoding: 'utf8',
    });
    return JSON.parse(out) as ModelVerdict[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
