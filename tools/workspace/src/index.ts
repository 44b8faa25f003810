export { listProjects, workspaceRoot } from './workspace.js';
export type { WorkspaceProject } from './workspace.js';
