import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  CompilerState,
  Extractor,
  ExtractorConfig,
  ExtractorLogLevel,
  type ExtractorMessage,
  type IConfigFile,
} from '@microsoft/api-extractor';
import { publishableProjects, workspaceRoot, type WorkspaceProject } from './workspace.js';

/** How to bring the committed reports in line with the built packages. */
export const API_REPORT_UPDATE_COMMAND = 'npm run api:update';

/** One package's API report: what api-extractor generates from its build, and what is committed. */
export interface ApiReport {
  /** The project's path from the workspace root, e.g. `packages/catalog`. */
  readonly dir: string;
  /** The package name, e.g. `@obskit/catalog`. */
  readonly packageName: string;
  /** Path of the committed report from the workspace root, e.g. `packages/catalog/api/catalog.api.md`. */
  readonly reportPath: string;
  /** The report generated from the built `dist/index.d.ts`. */
  readonly generated: string;
  /** The committed report, or `undefined` when there is none yet. */
  readonly committed: string | undefined;
  /** api-extractor's warnings and errors that are not written into the report itself. */
  readonly problems: readonly string[];
}

/** `@obskit/catalog` → `catalog`: the report's file name without `.api.md`. */
const unscopedName = (packageName: string) => packageName.replace(/^@[^/]+\//, '');

/** Path of a project's committed report, relative to the workspace root. */
export function apiReportPath(project: WorkspaceProject): string {
  return `${project.dir}/api/${unscopedName(project.packageJson.name)}.api.md`;
}

/**
 * The api-extractor configuration of one package: its types entry (`dist/index.d.ts`) only, a report
 * and nothing else (no .d.ts rollup, no doc model). What concerns the surface is written into the
 * report, where review sees it next to the signature it concerns: above all an exported signature that
 * names a type the entry does not export (`ae-forgotten-export`), and `{@link}`s to names the package
 * does not export. Off, because they concern rendered docs (which nothing here generates), not the
 * surface: release tags (every export is public, so `ae-missing-release-tag` says nothing), per-member
 * documentation coverage (`ae-undocumented`) and TSDoc syntax (`tsdoc-*`).
 */
function extractorConfig(project: WorkspaceProject, tempFolder: string): ExtractorConfig {
  const projectFolder = join(workspaceRoot, project.dir);
  if (!existsSync(join(projectFolder, 'dist/index.d.ts'))) {
    throw new Error(
      `${project.dir}/dist/index.d.ts does not exist: build it first (npx nx run-many -t build)`,
    );
  }
  const inReport = { logLevel: ExtractorLogLevel.Warning, addToApiReportFile: true };
  const off = { logLevel: ExtractorLogLevel.None };
  const configObject: IConfigFile = {
    projectFolder,
    mainEntryPointFilePath: '<projectFolder>/dist/index.d.ts',
    compiler: {
      overrideTsconfig: {
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          lib: ['es2023'],
          strict: true,
          skipLibCheck: true,
          types: ['node'],
        },
        files: ['dist/index.d.ts'],
      },
    },
    apiReport: {
      enabled: true,
      reportFileName: '<unscopedPackageName>',
      reportFolder: '<projectFolder>/api/',
      reportTempFolder: tempFolder,
      includeForgottenExports: false,
    },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    messages: {
      compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Warning } },
      extractorMessageReporting: {
        default: inReport,
        'ae-missing-release-tag': off,
        'ae-undocumented': off,
      },
      tsdocMessageReporting: { default: off },
    },
  };
  return ExtractorConfig.prepare({
    configObject,
    configObjectFullPath: undefined,
    packageJson: { name: project.packageJson.name },
    packageJsonFullPath: join(projectFolder, 'package.json'),
  });
}

/** What api-extractor says about `project` outside the report, one line each. */
function formatMessage(message: ExtractorMessage): string {
  const where = message.sourceFilePath
    ? ` (${message.sourceFilePath.replace(`${workspaceRoot}/`, '')}:${message.sourceFileLine ?? '?'})`
    : '';
  return `${message.logLevel} ${message.messageId}: ${message.text}${where}`;
}

/**
 * Generates the API report of every publishable project (every package.json that is not `private`)
 * from its built `dist/index.d.ts`, in one TypeScript program, and reads the committed ones beside them.
 * Needs every such project built first. Writes nothing in the workspace.
 */
export function generateApiReports(
  projects: readonly WorkspaceProject[] = publishableProjects(),
): ApiReport[] {
  const tempRoot = mkdtempSync(join(tmpdir(), 'obskit-api-reports-'));
  try {
    const configs = projects.map((project) => ({
      project,
      config: extractorConfig(project, join(tempRoot, unscopedName(project.packageJson.name))),
    }));
    if (configs.length === 0) return [];
    const compilerState = CompilerState.create(configs[0].config, {
      additionalEntryPoints: configs.map(({ config }) => config.mainEntryPointFilePath),
    });
    return configs.map(({ project, config }) => {
      const problems: string[] = [];
      Extractor.invoke(config, {
        localBuild: false,
        compilerState,
        messageCallback: (message) => {
          message.handled = true;
          const isProblem =
            message.logLevel === ExtractorLogLevel.Error || message.logLevel === ExtractorLogLevel.Warning;
          // Whether the report differs from the committed one is the caller's comparison, not a problem.
          if (isProblem && !message.messageId.startsWith('console-api-report-'))
            problems.push(formatMessage(message));
        },
      });
      const reportPath = apiReportPath(project);
      const committedFile = join(workspaceRoot, reportPath);
      const generatedFile = join(config.reportTempFolder, `${unscopedName(project.packageJson.name)}.api.md`);
      return {
        dir: project.dir,
        packageName: project.packageJson.name,
        reportPath,
        generated: readFileSync(generatedFile, 'utf8'),
        committed: existsSync(committedFile) ? readFileSync(committedFile, 'utf8') : undefined,
        problems,
      };
    });
  } finally {
    rmSync(tempRoot, { recursive: true, force: true });
  }
}

/** Writes each generated report over the committed one; returns the paths that changed. */
export function writeApiReports(reports: readonly ApiReport[]): string[] {
  const changed = reports.filter((report) => report.generated !== report.committed);
  for (const report of changed) {
    const file = join(workspaceRoot, report.reportPath);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, report.generated);
  }
  return changed.map((report) => report.reportPath);
}
