import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { API_REPORT_UPDATE_COMMAND, generateApiReports } from './api-reports';
import { listProjects, workspaceRoot } from './workspace';

// Each publishable package's public surface, as api-extractor reads it from the built
// dist/index.d.ts, must equal its committed report (<package>/api/<name>.api.md): a change to what a
// user can import shows up in review as a diff of that file.

const reports = generateApiReports();

describe('API reports', () => {
  it('has a report for every published package and none for a private one', () => {
    const committed = listProjects().flatMap(({ dir }) => {
      const apiDir = join(workspaceRoot, dir, 'api');
      return existsSync(apiDir) ? readdirSync(apiDir).map((file) => `${dir}/api/${file}`) : [];
    });
    expect(committed.sort()).toEqual(reports.map((r) => r.reportPath).sort());
    expect(reports.map((r) => r.packageName)).toEqual(
      expect.arrayContaining(['@obskit/catalog', '@obskit/metrics-core', '@obskit/cli']),
    );
  });

  // On a difference Jest prints the committed report as "Expected" (-) and the built API as "Received" (+).
  it.each(reports.map((r) => [r.packageName, r.reportPath, r] as const))(
    `%s: %s is up to date (if the change is intended: ${API_REPORT_UPDATE_COMMAND}, commit the result)`,
    (_name, _path, report) => {
      expect(report.problems).toEqual([]);
      if (report.committed === undefined) {
        throw new Error(
          `${report.reportPath} does not exist: run ${API_REPORT_UPDATE_COMMAND} and commit it`,
        );
      }
      expect(report.generated).toBe(report.committed);
    },
  );
});
