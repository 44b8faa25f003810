export {
  API_REPORT_UPDATE_COMMAND,
  apiReportPath,
  generateApiReports,
  writeApiReports,
} from './api-reports.js';
export type { ApiReport } from './api-reports.js';
export { listProjects, publishableProjects, workspaceRoot } from './workspace.js';
export type { WorkspaceProject } from './workspace.js';
