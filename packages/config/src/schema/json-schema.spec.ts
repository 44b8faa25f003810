import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { JSON_SCHEMA_FILE, buildJsonSchema, renderJsonSchema } from './json-schema.js';

const committed = join(__dirname, '..', '..', JSON_SCHEMA_FILE);

describe('obskit.config.schema.json', () => {
  it('is the JSON Schema the zod schema emits today (OBSKIT_UPDATE_GOLDEN=1 rewrites it)', () => {
    if (process.env.OBSKIT_UPDATE_GOLDEN === '1') {
      // Written as `nx format:check` wants it; compared as data.
      writeFileSync(committed, renderJsonSchema());
      execFileSync(require.resolve('prettier/bin/prettier.cjs'), ['--write', committed]);
    }
    expect(JSON.parse(readFileSync(committed, 'utf8'))).toEqual(buildJsonSchema());
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
