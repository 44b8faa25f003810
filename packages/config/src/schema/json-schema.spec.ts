import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSON_SCHEMA_FILE, renderJsonSchema } from './json-schema.js';

const committed = join(__dirname, '..', '..', JSON_SCHEMA_FILE);

describe('obskit.config.schema.json', () => {
  it('is the JSON Schema the zod schema emits today (OBSKIT_UPDATE_GOLDEN=1 rewrites it)', () => {
    const text = renderJsonSchema();
    if (process.env.OBSKIT_UPDATE_GOLDEN === '1') writeFileSync(committed, text);
    expect(readFileSync(committed, 'utf8')).toBe(text);
  });

  it('describes services as required, strict objects and secrets as files', () => {
    const schema = JSON.parse(readFileSync(committed, 'utf8'));
    expect(schema.required).toEqual(['services']);
    expect(schema.additionalProperties).toBe(false);
    const ref = (node: { $ref?: string }) =>
      node.$ref ? schema.$defs[node.$ref.replace('#/$defs/', '')] : node;
    const service = ref(schema.properties.services.items);
    expect(Object.keys(service.properties)).toContain('metricsPath');
    expect(JSON.stringify(ref(service.properties.auth))).toContain('bearerTokenFile');
    expect(JSON.stringify(ref(service.properties.auth))).not.toContain('"bearerToken"');
  });
});
