// Validates Kubernetes objects against the OpenAPI/CRD schemas of kubernetes-models and
// @kubernetes-models/prometheus-operator (both ESM-only, hence a child process of the Jest spec).
// Input: a JSON file holding an array of objects (argv[2]). Output: a JSON array, one entry per object:
// { kind, name, error } with error null when the object is valid.
import { readFileSync } from 'node:fs';
import * as core from 'kubernetes-models/v1';
import * as apps from 'kubernetes-models/apps/v1';
import * as monitoring from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';

const MODELS = { v1: core, 'apps/v1': apps, 'monitoring.coreos.com/v1': monitoring };

const objects = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const results = objects.map((object) => {
  const kind = object?.kind;
  const name = object?.metadata?.name;
  const Model = MODELS[object?.apiVersion]?.[kind];
  if (typeof Model !== 'function') {
    return { kind, name, error: `no model for apiVersion "${object?.apiVersion}" kind "${kind}"` };
  }
  try {
    new Model(object).validate();
    return { kind, name, error: null };
  } catch (error) {
    return { kind, name, error: String(error?.message ?? error) };
  }
});
process.stdout.write(JSON.stringify(results));
