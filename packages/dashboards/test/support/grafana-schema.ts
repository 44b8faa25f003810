import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { dirname, join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';

/**
 * Grafana's published dashboard schemas, read at test time from the @grafana/schema package
 * (Apache-2.0; the TypeScript types Grafana generates from its CUE kinds), turned into JSON Schema by
 * ts-json-schema-generator and compiled by ajv. Nothing of Grafana's is copied into this repository.
 */
const SCHEMA_ROOT = dirname(require.resolve('@grafana/schema/package.json'));

/** The @grafana/schema release the specs validate against (the devDependency, pinned exactly). */
export const GRAFANA_SCHEMA_VERSION: string = (require('@grafana/schema/package.json') as { version: string })
  .version;

/** The types the specs validate: the v2beta1 dashboard spec and the classic (v1) dashboard JSON model. */
export const GRAFANA_SCHEMAS = {
  v2beta1: { file: 'dist/types/schema/dashboard/v2beta1/types.spec.gen.d.ts', type: 'Spec' },
  v1: { file: 'dist/types/raw/dashboard/x/types.gen.d.ts', type: 'Dashboard' },
} as const;

/** A validator of one of {@link GRAFANA_SCHEMAS}: the errors of a value, none when it is valid. */
export type SchemaCheck = (value: unknown) => ErrorObject[];

/** Compiles one published schema (a few seconds: the generator type-checks @grafana/schema's types). */
export function grafanaSchema(name: keyof typeof GRAFANA_SCHEMAS): SchemaCheck {
  const { file, type } = GRAFANA_SCHEMAS[name];
  const schema = createGenerator({
    path: join(SCHEMA_ROOT, file),
    type,
    skipTypeCheck: true,
    // Unknown keys are errors: the schema's closed structs, as Grafana's CUE declares them.
    additionalProperties: false,
    expose: 'all',
    topRef: true,
  }).createSchema(type);
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate: ValidateFunction = ajv.compile(schema);
  return (value) => (validate(value) ? [] : [...(validate.errors ?? [])]);
}
