import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, delimiter, join, relative, resolve } from 'node:path';
import { dump, load } from 'js-yaml';
import { MANIFEST_FILE, findLiteralSecrets, parseManifest } from '@obskit/provisioning';
import { preparePromtoolCopy, promtoolHasKubernetesSd } from './internal/promtool-copy.js';
import {
  INSTALL_COMMANDS,
  assertToolMeets,
  findTool,
  type FoundTool,
  type ToolRequirement,
} from './internal/tool-binaries.js';
import { CliError } from './errors.js';

export type { FoundTool, ToolName, ToolRequirement } from './internal/tool-binaries.js';

export { INSTALL_COMMANDS } from './internal/tool-binaries.js';

/** Finds an executable on PATH; `undefined` when absent. */
export function findExecutable(
  name: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Absolute path of `name` on PATH. @throws CliError `OBSKIT_MISSING_BINARY` naming the install command. */
export function requireExecutable(name: string, env?: Readonly<Record<string, string | undefined>>): string {
  const file = findExecutable(name, env);
  if (!file) {
    throw new CliError(
      'OBSKIT_MISSING_BINARY',
      `Missing "${name}": not found on PATH. Install it with: ${INSTALL_COMMANDS}`,
    );
  }
  return file;
}

/** One check that {@link validate} ran. */
export interface ValidationStep {
  /** The command line, with paths relative to the tree, e.g. `promtool check config prometheus/prometheus.yml`. */
  readonly command: string;
  /** The file checked, relative to the tree. */
  readonly file: string;
  readonly ok: boolean;
  /** What the tool printed (trimmed), the problem when it failed. */
  readonly output: string;
  /** How the check was adapted to this machine (placeholders for absent secret files, ...). */
  readonly notes: readonly string[];
}

/** Options of {@link validate}. */
export interface ValidateOptions {
  /** @defaultValue `'deployment'` */
  readonly out?: string;
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly onProgress?: (line: string) => void;
  /** Run `promtool test rules` on prometheus/tests. @defaultValue true */
  readonly ruleTests?: boolean;
  /** How many checks run at once (at most 4). @defaultValue the number of CPUs */
  readonly concurrency?: number;
  /**
   * The promtool to run (`--promtool`). @defaultValue `$OBSKIT_PROMTOOL`, else the newest promtool in
   * the obskit binary cache (`~/.cache/obskit/bin/<name>-<version>/`) and on PATH
   */
  readonly promtool?: string;
  /** The amtool to run (`--amtool`). @defaultValue `$OBSKIT_AMTOOL`, else the newest amtool found as for promtool */
  readonly amtool?: string;
}

/** Result of {@link validate}. */
export interface ValidateResult {
  readonly out: string;
  readonly ok: boolean;
  readonly steps: readonly ValidationStep[];
  /** The promtool and amtool that ran, with their versions. */
  readonly tools: readonly FoundTool[];
}

/** Keys of prometheus.yml that Prometheus 2.x (and its promtool) rejects. */
const PROMETHEUS_3_KEYS = [
  'fallback_scrape_protocol',
  'always_scrape_classic_histograms',
  'convert_classic_histograms_to_nhcb',
] as const;

/**
 * What the tree at `out` needs of promtool and amtool: Prometheus 3 for the agent and scale profiles (the servers
 * start with `--agent`, 3.0's flag; checked with `promtool check config --agent`) and for the
 * Prometheus-3-only keys of prometheus*.yml; Alertmanager 0.28 for `msteamsv2_configs`.
 */
export function toolRequirements(out: string): ToolRequirement[] {
  const requirements: ToolRequirement[] = [];
  const profile = manifestProfile(out);
  if (isAgentProfile(profile)) {
    requirements.push({
      tool: 'promtool',
      minimum: '3.0.0',
      reason: `the ${profile} profile (prometheus --agent, checked with promtool check config --agent)`,
    });
  }
  for (const file of yamlFiles(join(out, 'prometheus'))) {
    const name = file.slice(out.length + 1);
    if (!/^prometheus\/prometheus.*\.ya?ml$/.test(name)) continue;
    const text = readFileSync(file, 'utf8');
    for (const key of PROMETHEUS_3_KEYS) {
      if (new RegExp(`^\\s*-?\\s*${key}:`, 'm').test(text))
        requirements.push({ tool: 'promtool', minimum: '3.0.0', reason: `${name} sets ${key}` });
    }
  }
  for (const file of yamlFiles(join(out, 'alertmanager'))) {
    if (/^\s*-?\s*msteamsv2_configs:/m.test(readFileSync(file, 'utf8'))) {
      requirements.push({
        tool: 'amtool',
        minimum: '0.28.0',
        reason: `${file.slice(out.length + 1)} uses msteamsv2_configs`,
      });
    }
  }
  return requirements;
}

function run(
  file: string,
  args: readonly string[],
  cwd: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, output: output.trim() }));
  });
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/**
 * The generated files of `out` (those its manifest lists), or every file but `secrets/` without a
 * manifest: the operator's own secret files, next to the tree, are not generated output.
 */
function generatedFiles(out: string): Record<string, string> {
  const manifestPath = join(out, MANIFEST_FILE);
  if (!existsSync(manifestPath)) {
    const all = readTree(out);
    for (const path of Object.keys(all)) if (path.startsWith('secrets/')) delete all[path];
    return all;
  }
  const manifest = parseManifest(readFileSync(manifestPath, 'utf8'), manifestPath);
  const files: Record<string, string> = {};
  for (const path of Object.keys(manifest.files)) {
    if (existsSync(join(out, path))) files[path] = readFileSync(join(out, path), 'utf8');
  }
  return files;
}

/** The profiles whose Prometheus servers run in agent mode: `agent` and the `scale` profile's shards. */
function isAgentProfile(profile: string | undefined): boolean {
  return profile === 'agent' || profile === 'scale';
}

/** The profile the manifest of `out` records, if any (an agent's config is checked with `--agent`). */
function manifestProfile(out: string): string | undefined {
  const manifestPath = join(out, MANIFEST_FILE);
  if (!existsSync(manifestPath)) return undefined;
  const profile = parseManifest(readFileSync(manifestPath, 'utf8'), manifestPath).options['profile'];
  return typeof profile === 'string' ? profile : undefined;
}

function readTree(root: string, dir = root, files: Record<string, string> = {}): Record<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) readTree(root, path, files);
    else if (entry.isFile()) files[relative(root, path).split('\\').join('/')] = readFileSync(path, 'utf8');
  }
  return files;
}

/**
 * Runs the real promtool and amtool over a generated tree: `promtool check config` on every
 * prometheus*.yml, `promtool check web-config` on prometheus/web.yml and alertmanager/web.yml, `promtool check rules` on
 * prometheus/rules and on the groups of kubernetes/prometheus-rule.yaml, `promtool test rules` on
 * prometheus/tests, `amtool check-config` on the other alertmanager/*.yml (not the gossip TLS file
 * cluster-tls.yml, which no tool checks); then scans every file for secrets
 * written out in clear. The programmatic form
 * of `obskit validate`.
 *
 * Which promtool and amtool: see {@link ValidateOptions.promtool}; each is reported through `onProgress`
 * and in the result.
 *
 * @throws CliError `OBSKIT_MISSING_BINARY` when promtool or amtool is not found;
 *   `OBSKIT_VALIDATOR_TOO_OLD` when one is older than the tree needs ({@link toolRequirements});
 *   `OBSKIT_INVALID_OUTPUT_DIR` when `out` has no prometheus/ or alertmanager/ directory.
 */
export async function validate(options: ValidateOptions = {}): Promise<ValidateResult> {
  const out = resolve(options.cwd ?? process.cwd(), options.out ?? 'deployment');
  if (!existsSync(join(out, 'prometheus')) && !existsSync(join(out, 'alertmanager'))) {
    throw new CliError(
      'OBSKIT_INVALID_OUTPUT_DIR',
      `Invalid directory "${out}": no prometheus/ or alertmanager/ in it; run obskit generate first`,
    );
  }
  const tools = findTools(out, options);
  const [promtool, amtool] = tools.map((t) => t.file);
  const promDir = join(out, 'prometheus');
  const agent = isAgentProfile(manifestProfile(out));
  const copy = existsSync(promDir)
    ? preparePromtoolCopy(promDir, { kubernetesSd: promtoolHasKubernetesSd(promtool) })
    : undefined;
  // Alertmanager's web.yml (production) is exporter-toolkit's format: promtool checks it, amtool
  // check-config would reject it; the copy stands in for its TLS files like Prometheus'.
  const amDir = join(out, 'alertmanager');
  const amCopy = yamlFiles(amDir).some((f) => isWebConfig(basename(f)))
    ? preparePromtoolCopy(amDir, { kubernetesSd: true })
    : undefined;
  try {
    const planned = [
      ...prometheusChecks(out, copy, agent, options.ruleTests !== false),
      ...alertmanagerChecks(out, amCopy),
      ...prometheusRuleChecks(out, copy),
    ];
    const steps = await runChecks(planned, out, { promtool, amtool }, options);
    return finish(out, steps, tools, options);
  } finally {
    if (copy) rmSync(copy.root, { recursive: true, force: true });
    if (amCopy) rmSync(amCopy.root, { recursive: true, force: true });
  }
}

/** One check to run: the tool, its arguments, the file it reads and the path reported for it. */
interface PlannedCheck {
  readonly tool: 'promtool' | 'amtool';
  readonly args: readonly string[];
  readonly rel: string;
  readonly abs: string;
  readonly notes: readonly string[];
}

type PromtoolCopy = ReturnType<typeof preparePromtoolCopy>;

function check(
  tool: PlannedCheck['tool'],
  args: readonly string[],
  abs: string,
  rel: string,
  notes: readonly string[] = [],
): PlannedCheck {
  return { tool, args, rel, abs, notes };
}

function isWebConfig(name: string): boolean {
  return /^web.*\.ya?ml$/.test(name);
}

/** The promtool and amtool to run, each reported, each recent enough for the tree at `out`. */
function findTools(out: string, options: ValidateOptions): FoundTool[] {
  const env = options.env ?? process.env;
  const tools = [findTool('promtool', env, options.promtool), findTool('amtool', env, options.amtool)];
  for (const tool of tools) {
    options.onProgress?.(
      `using ${tool.name} ${tool.version ?? '(version unknown)'} (${tool.file}, from ${tool.source})`,
    );
  }
  const requirements = toolRequirements(out);
  for (const tool of tools) assertToolMeets(tool, requirements);
  return tools;
}

/** prometheus*.yml and web*.yml (through the copy), the rule files, and the rule tests. */
function prometheusChecks(
  out: string,
  copy: PromtoolCopy | undefined,
  agent: boolean,
  ruleTests: boolean,
): PlannedCheck[] {
  const planned: PlannedCheck[] = [];
  const promDir = join(out, 'prometheus');
  if (copy) {
    for (const file of yamlFiles(copy.dir)) {
      const name = file.slice(copy.dir.length + 1);
      const rel = `prometheus/${name}`;
      if (/^prometheus.*\.ya?ml$/.test(name))
        planned.push(
          check('promtool', ['check', 'config', ...(agent ? ['--agent'] : [])], file, rel, copy.notes[name]),
        );
      else if (/^web.*\.ya?ml$/.test(name))
        planned.push(check('promtool', ['check', 'web-config'], file, rel, copy.notes[name]));
    }
  }
  for (const file of yamlFiles(join(promDir, 'rules')))
    planned.push(check('promtool', ['check', 'rules'], file, relative(out, file)));
  if (ruleTests) {
    for (const file of yamlFiles(join(promDir, 'tests')))
      planned.push(check('promtool', ['test', 'rules'], file, relative(out, file)));
  }
  return planned;
}

/** alertmanager/*.yml: web configs with promtool (through the copy), the others with amtool. */
function alertmanagerChecks(out: string, amCopy: PromtoolCopy | undefined): PlannedCheck[] {
  const amDir = join(out, 'alertmanager');
  const planned: PlannedCheck[] = [];
  for (const file of yamlFiles(amDir)) {
    const name = basename(file);
    // the gossip TLS file (--cluster.tls-config) has no checker; obskit validated it when rendering
    if (/^cluster-tls.*\.ya?ml$/.test(name)) continue;
    if (amCopy && isWebConfig(name)) {
      planned.push(
        check(
          'promtool',
          ['check', 'web-config'],
          join(amCopy.dir, name),
          `alertmanager/${name}`,
          amCopy.notes[name],
        ),
      );
    } else {
      planned.push(check('amtool', ['check-config'], file, relative(out, file)));
    }
  }
  return planned;
}

/** The groups of kubernetes/prometheus-rule.yaml, extracted into the copy. */
function prometheusRuleChecks(out: string, copy: PromtoolCopy | undefined): PlannedCheck[] {
  const prometheusRule = join(out, 'kubernetes', 'prometheus-rule.yaml');
  if (!copy || !existsSync(prometheusRule)) return [];
  // The operator loads spec.groups as a rule file: check them as one.
  const spec = (load(readFileSync(prometheusRule, 'utf8')) as { spec?: unknown } | null)?.spec ?? {};
  const extracted = join(copy.root, 'prometheus-rule.spec.yml');
  writeFileSync(extracted, dump(spec, { lineWidth: -1, noRefs: true }));
  return [
    check('promtool', ['check', 'rules'], extracted, 'kubernetes/prometheus-rule.yaml', [
      'checked its spec.groups',
    ]),
  ];
}

/** Runs the checks side by side (promtool test rules takes seconds per file), reported in order. */
async function runChecks(
  planned: readonly PlannedCheck[],
  out: string,
  files: { readonly promtool: string; readonly amtool: string },
  options: ValidateOptions,
): Promise<ValidationStep[]> {
  const steps: ValidationStep[] = new Array(planned.length);
  let next = 0;
  const worker = async () => {
    while (next < planned.length) {
      const i = next++;
      const p = planned[i];
      const command = `${p.tool} ${p.args.join(' ')} ${p.rel}`;
      options.onProgress?.(command);
      const { code, output } = await run(files[p.tool], [...p.args, p.abs], out);
      steps[i] = {
        command,
        file: p.rel,
        ok: code === 0,
        output: output.split(p.abs).join(p.rel),
        notes: p.notes,
      };
    }
  };
  const parallel = Math.max(1, Math.min(options.concurrency ?? availableParallelism(), 4));
  await Promise.all(Array.from({ length: parallel }, worker));
  return steps;
}

function finish(
  out: string,
  steps: ValidationStep[],
  tools: readonly FoundTool[],
  options: ValidateOptions,
): ValidateResult {
  options.onProgress?.('scanning for secrets written out in clear');
  const secrets = findLiteralSecrets(generatedFiles(out));
  for (const s of secrets) {
    steps.push({
      command: 'secret scan',
      file: s.file,
      ok: false,
      output: `${s.where}: ${s.reason}`,
      notes: [],
    });
  }
  if (secrets.length === 0)
    steps.push({ command: 'secret scan', file: '.', ok: true, output: '', notes: [] });
  return { out, ok: steps.every((s) => s.ok), steps, tools };
}
