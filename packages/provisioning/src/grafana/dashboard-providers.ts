import { throwIfProblems, type ValidationProblem } from '@obskit/catalog';
import { PROVISIONING_CODES, type ProvisioningCode } from '../codes.js';

/** Stable code of invalid dashboard provider input. */
export const INVALID_DASHBOARD_PROVIDERS = PROVISIONING_CODES.invalidDashboardProviders;

/** One folder of provisioned dashboards, read from one directory in the Grafana container. */
export interface DashboardFolderConfig {
  /** Folder title in Grafana, e.g. `obskit`. */
  readonly folder: string;
  /** Stable folder uid. */
  readonly folderUid: string;
  /** Directory of the dashboard JSON files inside the Grafana container. */
  readonly path: string;
  /** How often Grafana rereads the directory. @defaultValue 30 */
  readonly updateIntervalSeconds?: number;
}

/** One provider of a Grafana dashboard provisioning file. */
export interface GrafanaDashboardProvider {
  readonly name: string;
  readonly orgId: 1;
  readonly folder: string;
  readonly folderUid: string;
  readonly type: 'file';
  readonly disableDeletion: true;
  /** Provisioned dashboards are read-only in the UI: change them in code. */
  readonly allowUiUpdates: false;
  readonly updateIntervalSeconds: number;
  readonly options: { readonly path: string; readonly foldersFromFilesStructure: false };
}

/** A Grafana dashboard provisioning file (`provisioning/dashboards/*.yml`). */
export interface GrafanaDashboardProvidersFile {
  readonly apiVersion: 1;
  readonly providers: readonly GrafanaDashboardProvider[];
}

const FOLDER_UID = /^[a-zA-Z0-9_-]{1,40}$/;

/**
 * Builds the dashboard provider file: one file provider per folder, dashboards read-only in the UI
 * and not deletable there.
 * https://grafana.com/docs/grafana/latest/administration/provisioning/#dashboards
 *
 * @throws ObskitValidationError `OBSKIT_INVALID_DASHBOARD_PROVIDERS` listing every problem.
 */
export function buildDashboardProviders(
  folders: readonly DashboardFolderConfig[],
): GrafanaDashboardProvidersFile {
  const problems: ValidationProblem<ProvisioningCode>[] = [];
  const add = (subject: string, message: string) =>
    problems.push({ code: INVALID_DASHBOARD_PROVIDERS, subject, message });
  const uids = new Set<string>();
  const paths = new Set<string>();
  if (folders.length === 0) add('folders', 'Invalid dashboard folders []: expected at least one folder');
  for (const f of folders) {
    const subject = `folder "${f.folder}"`;
    if (!FOLDER_UID.test(f.folderUid))
      add(subject, `Invalid folder uid "${f.folderUid}": must match ${FOLDER_UID}`);
    if (uids.has(f.folderUid))
      add(subject, `Duplicate folder uid "${f.folderUid}": folder uids must be unique`);
    if (!f.path.startsWith('/')) add(subject, `Invalid dashboards path "${f.path}": must be absolute`);
    if (paths.has(f.path))
      add(subject, `Duplicate dashboards path "${f.path}": each folder needs its own directory`);
    if (f.folder.trim() === '') add(subject, 'Invalid folder title "": must not be empty');
    uids.add(f.folderUid);
    paths.add(f.path);
  }
  throwIfProblems<ProvisioningCode>(
    INVALID_DASHBOARD_PROVIDERS,
    'Invalid Grafana dashboard providers',
    problems,
  );
  return {
    apiVersion: 1,
    providers: folders.map((f) => ({
      name: f.folderUid,
      orgId: 1,
      folder: f.folder,
      folderUid: f.folderUid,
      type: 'file',
      disableDeletion: true,
      allowUiUpdates: false,
      updateIntervalSeconds: f.updateIntervalSeconds ?? 30,
      options: { path: f.path, foldersFromFilesStructure: false },
    })),
  };
}
