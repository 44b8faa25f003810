import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { dump, load } from 'js-yaml';

/** A copy of a tree's prometheus/ directory that the local promtool can check. */
export interface PromtoolCopy {
  /** Temp dir to remove afterwards. */
  readonly root: string;
  /** The copied prometheus/ directory. */
  readonly dir: string;
  /** What was changed in each copied file (by file name) and why, one line each. */
  readonly notes: Readonly<Record<string, readonly string[]>>;
}

const TLS_KEYS = new Set(['cert_file', 'key_file']);

function selfSignedPair(dir: string): { cert: string; key: string } | undefined {
  const cert = join(dir, 'placeholder.crt');
  const key = join(dir, 'placeholder.key');
  const result = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
    ],
    { stdio: 'ignore' },
  );
  return result.status === 0 ? { cert, key } : undefined;
}

/**
 * Copies `prometheusDir` into a temp dir and adapts the copy to this machine, without changing what
 * is checked otherwise: referenced `*_file` paths that do not exist here (secrets and TLS files the
 * deployment mounts) point to placeholders (a fresh self-signed pair for TLS); when the local
 * promtool was built without Kubernetes service discovery (Debian), `kubernetes_sd_configs` become
 * `file_sd_configs`. Every change is listed in `notes`.
 */
export function preparePromtoolCopy(
  prometheusDir: string,
  options: { readonly kubernetesSd: boolean },
): PromtoolCopy {
  const root = mkdtempSync(join(tmpdir(), 'obskit-validate-'));
  const dir = join(root, 'prometheus');
  cpSync(prometheusDir, dir, { recursive: true });
  const placeholders = join(root, 'placeholders');
  mkdirSync(placeholders);
  let notes = new Set<string>();
  const notesByFile: Record<string, string[]> = {};
  let pair: { cert: string; key: string } | undefined | null = null;

  const adapt = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(adapt);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'kubernetes_sd_configs' && !options.kubernetesSd) {
        out.file_sd_configs = [{ files: ['targets/*.json'] }];
        notes.add(
          'this promtool has no Kubernetes service discovery (Debian build): kubernetes_sd_configs checked as file_sd_configs',
        );
      } else if (
        typeof value === 'string' &&
        key.endsWith('_file') &&
        value.startsWith('/') &&
        !existsSync(value)
      ) {
        if (TLS_KEYS.has(key)) {
          if (pair === null) pair = selfSignedPair(placeholders);
          if (pair) {
            out[key] = key === 'cert_file' ? pair.cert : pair.key;
            notes.add(`${value} is not on this machine: checked with a throwaway self-signed certificate`);
            continue;
          }
        }
        const placeholder = join(placeholders, basename(value));
        writeFileSync(placeholder, 'placeholder\n');
        out[key] = placeholder;
        notes.add(`${value} is not on this machine: checked with a placeholder file`);
      } else {
        out[key] = adapt(value);
      }
    }
    return out;
  };

  for (const name of readdirSync(dir)) {
    if (!/\.ya?ml$/.test(name)) continue;
    const file = join(dir, name);
    notes = new Set<string>();
    const adapted = adapt(load(readFileSync(file, 'utf8')));
    writeFileSync(file, dump(adapted, { lineWidth: -1, noRefs: true }));
    notesByFile[name] = [...notes].sort();
  }
  return { root, dir, notes: notesByFile };
}

/** Whether the promtool at `promtool` understands `kubernetes_sd_configs`. */
export function promtoolHasKubernetesSd(promtool: string): boolean {
  const root = mkdtempSync(join(tmpdir(), 'obskit-probe-'));
  const file = join(root, 'probe.yml');
  writeFileSync(
    file,
    'scrape_configs:\n  - job_name: probe\n    kubernetes_sd_configs:\n      - role: pod\n',
  );
  const result = spawnSync(promtool, ['check', 'config', '--syntax-only', file], { encoding: 'utf8' });
  rmSync(root, { recursive: true, force: true });
  return result.status === 0;
}
