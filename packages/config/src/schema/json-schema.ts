import { z } from 'zod';
import { obskitConfigSchema } from './schema.js';

/** File name of the JSON Schema shipped in the package (`@obskit/config/obskit.config.schema.json`). */
export const JSON_SCHEMA_FILE = 'obskit.config.schema.json';

/**
 * The JSON Schema of `obskit.config.json`, emitted from the zod schema, for editor completion:
 * `{ "$schema": "./node_modules/@obskit/config/obskit.config.schema.json", ... }`.
 */
export function buildJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(obskitConfigSchema, { io: 'input', target: 'draft-2020-12' }),
    title: 'obskit.config',
    description: 'Services, alerts, SLOs, notifications, storage and Grafana of an obskit monitoring setup.',
  };
}

/** {@link buildJsonSchema} as the text of the committed file. */
export function renderJsonSchema(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}
