import { ProvisioningError } from '../errors.js';
import { WRITER_CODES } from './errors.js';
import { hashContent } from './hash.js';

/** Name of the manifest file written at the root of a generated tree. */
export const MANIFEST_FILE = '.obskit-manifest.json';

/** The manifest: which files obskit generated, their content hashes, and how they were generated. */
export interface Manifest {
  readonly generator: 'obskit';
  readonly manifestVersion: 1;
  /** The options the tree was generated with, so that `obskit check` can regenerate it. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Relative path (with `/`) → `sha256:<hex>` of the content obskit wrote. */
  readonly files: Readonly<Record<string, string>>;
}

/** Builds the manifest of a set of generated files (paths sorted, so the output is stable). */
export function buildManifest(
  files: Readonly<Record<string, string>>,
  options: Readonly<Record<string, unknown>> = {},
): Manifest {
  const hashes: Record<string, string> = {};
  for (const path of Object.keys(files).sort()) hashes[path] = hashContent(files[path]);
  return { generator: 'obskit', manifestVersion: 1, options, files: hashes };
}

/** Serialises a manifest as stable, pretty JSON with a trailing newline. */
export function renderManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Parses a manifest file's text.
 *
 * @throws ProvisioningError `OBSKIT_MANIFEST_INVALID` when it is not a manifest obskit wrote.
 */
export function parseManifest(text: string, where: string = MANIFEST_FILE): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ProvisioningError(
      WRITER_CODES.manifestInvalid,
      `Invalid manifest "${where}": not JSON (${(error as Error).message})`,
      { cause: error },
    );
  }
  const m = data as Partial<Manifest> | null;
  const filesOk =
    !!m &&
    typeof m.files === 'object' &&
    m.files !== null &&
    Object.values(m.files).every((h) => typeof h === 'string');
  if (!m || m.generator !== 'obskit' || m.manifestVersion !== 1 || !filesOk) {
    throw new ProvisioningError(
      WRITER_CODES.manifestInvalid,
      `Invalid manifest "${where}": expected {"generator": "obskit", "manifestVersion": 1, "files": {...}}`,
    );
  }
  return {
    generator: 'obskit',
    manifestVersion: 1,
    options: m.options ?? {},
    files: m.files as Record<string, string>,
  };
}
