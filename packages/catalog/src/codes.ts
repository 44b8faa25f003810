import { DURATION_CODES } from './model/duration.js';
import { NAMING_CODES } from './validation/naming.js';

/**
 * Every code @obskit/catalog's errors carry: the naming rules, the duration grammar, the catalog's
 * own check and the Edge stand-ins. {@link CatalogError} carries one of them.
 */
export const CATALOG_CODES = {
  ...NAMING_CODES,
  invalidDuration: DURATION_CODES.invalid,
  invalidCatalog: 'OBSKIT_INVALID_CATALOG',
  nodeRuntimeRequired: 'OBSKIT_NODE_RUNTIME_REQUIRED',
} as const;

/** One of {@link CATALOG_CODES}. */
export type CatalogCode = (typeof CATALOG_CODES)[keyof typeof CATALOG_CODES];
