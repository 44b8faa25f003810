export { listProjects, publishableProjects, workspaceRoot } from './workspace.js';
export type { WorkspaceProject } from './workspace.js';
