import type { ValidationProblem } from '@obskit/catalog';
import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { CONFIG_CODES, type ConfigCode } from '../codes.js';

type Path = readonly PropertyKey[];
type Issue = z.core.$ZodIssue;

/**
 * Inline secret keys a user may write by habit, and the `*File` key obskit reads instead. The config
 * never holds a secret: the generated files point at the file (`*_file`, `$__file{}`).
 */
export const INLINE_SECRET_KEYS: Readonly<Record<string, string>> = {
  bearerToken: 'bearerTokenFile',
  token: 'bearerTokenFile',
  password: 'passwordFile',
  apiKey: 'apiKeyFile',
  routingKey: 'routingKeyFile',
  serviceKey: 'routingKeyFile',
  apiUrl: 'apiUrlFile',
  webhookUrl: 'webhookUrlFile',
  adminPassword: 'adminPasswordFile',
};

/** `services[1].targets.static[0]`: how a path into the config is written in messages. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && /^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out || '(config)';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at `path` in `input`, or `undefined`. */
export function valueAt(input: unknown, path: Path): unknown {
  let v = input;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg as string];
  }
  return v;
}

/** A suggestion for a misspelt `word` among `candidates`, when one is close enough. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  // An abbreviation ("prod") names the one candidate it starts.
  const prefixed = word.length >= 3 ? candidates.filter((c) => c.startsWith(word)) : [];
  if (prefixed.length === 1) return prefixed[0];
  const best = closest(word, [...candidates]);
  const limit = Math.max(2, Math.floor(word.length / 3));
  return distance(word.toLowerCase(), best.toLowerCase()) <= limit ? best : undefined;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) {
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else return s;
  }
}

function shapeKeys(schema: z.ZodType): string[] | undefined {
  const s = unwrap(schema);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : undefined;
}

/**
 * The option of a union that `value` was meant to be: for a discriminated union, the one whose
 * discriminator matches; otherwise the object option whose keys hold every key of `value` (an inline
 * secret counts as its `*File` key), or the one holding most of them.
 */
function pickOption(union: z.ZodUnion, value: unknown): number | undefined {
  if (!isObject(value)) return undefined;
  const options = union.options as readonly z.ZodType[];
  if (union instanceof z.ZodDiscriminatedUnion) {
    const key = union.def.discriminator;
    const i = options.findIndex((o) => {
      const field = (unwrap(o) as z.ZodObject).shape?.[key];
      return field instanceof z.ZodLiteral && field.values.has(value[key] as never);
    });
    return i >= 0 ? i : undefined;
  }
  const keys = Object.keys(value).map((k) => INLINE_SECRET_KEYS[k] ?? k);
  let best: number | undefined;
  let bestScore = 0;
  let tie = false;
  options.forEach((o, i) => {
    const shape = shapeKeys(o);
    if (!shape) return;
    // Keys every option shares (a receiver's `name`) do not tell options apart.
    const score =
      keys.filter((k) => shape.includes(k)).length - keys.filter((k) => !shape.includes(k)).length;
    if (score > bestScore) [best, bestScore, tie] = [i, score, false];
    else if (score === bestScore && best !== undefined) tie = true;
  });
  return tie ? undefined : best;
}

/** The schema at `path`, following union options by the value the user wrote. */
export function schemaAt(
  root: z.ZodType,
  path: Path,
  input: unknown,
  resolveLast = true,
): z.ZodType | undefined {
  let s: z.ZodType | undefined = root;
  let value = input;
  for (const seg of path) {
    s = resolveUnion(s, value);
    if (s instanceof z.ZodObject) s = (s.shape as Record<string, z.ZodType>)[seg as string];
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else if (s instanceof z.ZodRecord) s = s.valueType as z.ZodType;
    else return undefined;
    value = valueAt(value, [seg]);
    if (!s) return undefined;
  }
  return resolveLast ? resolveUnion(s, value) : unwrap(s);
}

function resolveUnion(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  let s = schema && unwrap(schema);
  while (s instanceof z.ZodUnion) {
    const i = pickOption(s, value);
    if (i === undefined) return s;
    s = unwrap(s.options[i] as z.ZodType);
  }
  return s;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

const ARTICLE: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  int: 'a whole number',
};

function problem(code: ConfigCode, path: Path, message: string): ValidationProblem<ConfigCode> {
  return { code, subject: formatPath(path), message };
}

/**
 * The problems of one zod issue, worded for users: the value in quotes and what was expected, unknown
 * keys with a "did you mean", inline secrets refused by name, union errors narrowed to the option the
 * user meant.
 */
export function issueProblems(
  issue: Issue,
  input: unknown,
  schema: z.ZodType,
  prefix: Path = [],
): ValidationProblem<ConfigCode>[] {
  const path = [...prefix, ...issue.path];
  const value = valueAt(input, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return unrecognizedKeysProblems(issue, path, input, schema);
    case 'invalid_type':
      return invalidTypeProblems(issue, path, input, value);
    case 'invalid_value':
      return invalidValueProblems(issue, path, value);
    case 'invalid_key':
      return invalidKeyProblems(issue, path, input, schema);
    case 'invalid_union':
      return invalidUnionProblems(issue, path, input, schema, value);
    case 'too_small':
    case 'too_big':
    case 'invalid_format':
    case 'not_multiple_of':
    case 'custom':
    default:
      return [problem(CONFIG_CODES.invalidValue, path, userMessage(issue, value))];
  }
}

type IssueOf<C extends Issue['code']> = Extract<Issue, { code: C }>;

/** Unknown keys, each with a "did you mean", an inline secret refused by name. */
function unrecognizedKeysProblems(
  issue: IssueOf<'unrecognized_keys'>,
  path: Path,
  input: unknown,
  schema: z.ZodType,
): ValidationProblem<ConfigCode>[] {
  const at = schemaAt(schema, path, input);
  const known =
    at instanceof z.ZodRecord && at.keyType instanceof z.ZodEnum
      ? (at.keyType.options as string[])
      : (shapeKeys(at ?? z.never()) ?? []);
  return issue.keys.map((key) => {
    const file = INLINE_SECRET_KEYS[key];
    if (file && known.includes(file)) {
      return problem(
        CONFIG_CODES.inlineSecret,
        [...path, key],
        `a secret is never written in the config: put it in a file and give its path as "${file}"`,
      );
    }
    const hint = didYouMean(key, known);
    return problem(
      CONFIG_CODES.unknownKey,
      [...path, key],
      hint
        ? `unknown key "${key}"; did you mean "${hint}"?`
        : `unknown key "${key}" (expected one of: ${known.join(', ')})`,
    );
  });
}

/** A missing value, or a value of the wrong type. */
function invalidTypeProblems(
  issue: IssueOf<'invalid_type'>,
  path: Path,
  input: unknown,
  value: unknown,
): ValidationProblem<ConfigCode>[] {
  if (value === undefined) {
    // A missing `*File` beside its inline twin is already reported as an inline secret.
    const parent = valueAt(input, path.slice(0, -1));
    const key = String(path[path.length - 1]);
    if (isObject(parent) && Object.keys(parent).some((k) => INLINE_SECRET_KEYS[k] === key)) return [];
    return [
      problem(CONFIG_CODES.missing, path, `required (expected ${ARTICLE[issue.expected] ?? issue.expected})`),
    ];
  }
  return [
    problem(
      CONFIG_CODES.invalidValue,
      path,
      `${describe(value)} is not ${ARTICLE[issue.expected] ?? issue.expected}`,
    ),
  ];
}

/** A value outside its allowed literals, with a "did you mean". */
function invalidValueProblems(
  issue: IssueOf<'invalid_value'>,
  path: Path,
  value: unknown,
): ValidationProblem<ConfigCode>[] {
  const allowed = issue.values.map((v) => JSON.stringify(v));
  const hint = typeof value === 'string' ? didYouMean(value, issue.values.map(String)) : undefined;
  return [
    problem(
      CONFIG_CODES.invalidValue,
      path,
      `${describe(value)} is not one of ${allowed.join(', ')}${hint ? `; did you mean "${hint}"?` : ''}`,
    ),
  ];
}

/** A record key outside its enum (an unknown environment or pack name). */
function invalidKeyProblems(
  issue: IssueOf<'invalid_key'>,
  path: Path,
  input: unknown,
  schema: z.ZodType,
): ValidationProblem<ConfigCode>[] {
  const key = String(issue.path.length ? path[path.length - 1] : '');
  const keySchema = schemaAt(schema, path.slice(0, -1), input);
  const allowed =
    keySchema instanceof z.ZodRecord && keySchema.keyType instanceof z.ZodEnum
      ? (keySchema.keyType.options as string[])
      : [];
  const hint = didYouMean(key, allowed);
  return [
    problem(
      CONFIG_CODES.unknownKey,
      path,
      `unknown key "${key}"; ${hint ? `did you mean "${hint}"?` : `expected one of: ${allowed.join(', ')}`}`,
    ),
  ];
}

/** A value matching no option of a union: narrowed to the option the user meant, when one is. */
function invalidUnionProblems(
  issue: IssueOf<'invalid_union'>,
  path: Path,
  input: unknown,
  schema: z.ZodType,
  value: unknown,
): ValidationProblem<ConfigCode>[] {
  if ((issue as { note?: string }).note === 'No matching discriminator' && path.length > 0) {
    return unknownDiscriminatorProblems(path, input, schema, value);
  }
  const union = schemaAt(schema, path, input, false);
  let i = union instanceof z.ZodUnion ? pickOption(union, value) : undefined;
  if (i === undefined) {
    // Not an object: the one option whose type fits (a severity or a list of severities).
    const fits = issue.errors
      .map((errors, n) => (errors.some((e) => e.code === 'invalid_type' && e.path.length === 0) ? -1 : n))
      .filter((n) => n >= 0);
    if (fits.length === 1) i = fits[0];
  }
  if (i !== undefined && issue.errors[i]) {
    // Report only the problems of the option the user meant.
    return issue.errors[i].flatMap((inner) => issueProblems(inner, input, schema, path));
  }
  return unmatchedShapeProblems(union, path, value);
}

/** A discriminated union (an SLI's `kind`) whose discriminator is none of the known values. */
function unknownDiscriminatorProblems(
  path: Path,
  input: unknown,
  schema: z.ZodType,
  value: unknown,
): ValidationProblem<ConfigCode>[] {
  const du = schemaAt(schema, path.slice(0, -1), input, false);
  const key = String(path[path.length - 1]);
  const values =
    du instanceof z.ZodDiscriminatedUnion
      ? du.options.flatMap((o) => {
          const field = (unwrap(o as z.ZodType) as z.ZodObject).shape?.[key];
          return field instanceof z.ZodLiteral ? [...field.values].map(String) : [];
        })
      : [];
  const hint = typeof value === 'string' ? didYouMean(value, values) : undefined;
  return [
    problem(
      value === undefined ? CONFIG_CODES.missing : CONFIG_CODES.invalidValue,
      path,
      `${value === undefined ? 'required: expected' : `${describe(value)} is not`} one of ${values
        .map((v) => JSON.stringify(v))
        .join(', ')}${hint ? `; did you mean "${hint}"?` : ''}`,
    ),
  ];
}

/** A value no option fits and none was meant: the options' shapes, key hints and inline secrets. */
function unmatchedShapeProblems(
  union: z.ZodType | undefined,
  path: Path,
  value: unknown,
): ValidationProblem<ConfigCode>[] {
  const optionKeys = (union instanceof z.ZodUnion ? union.options : [])
    .map((o) => shapeKeys(o as z.ZodType))
    .filter((k): k is string[] => k !== undefined)
    .map((keys) => keys.filter((k) => k !== 'name'));
  if (optionKeys.length > 0 && optionKeys.every((k) => k.length > 0)) {
    const names = optionKeys.map((k) => `{ ${k.join(', ')} }`);
    if (value === undefined) {
      return [problem(CONFIG_CODES.missing, path, `required (expected one of ${names.join(' | ')})`)];
    }
    const given = isObject(value) ? Object.keys(value).filter((k) => k !== 'name') : [];
    const hints = given
      .map((k) => [k, didYouMean(k, optionKeys.flat())] as const)
      .filter(([, h]) => h !== undefined)
      .map(([k, h]) => `"${k}": did you mean "${h}"?`);
    return [
      problem(
        given.some((k) => INLINE_SECRET_KEYS[k]) ? CONFIG_CODES.inlineSecret : CONFIG_CODES.invalidValue,
        path,
        `${describe(value)} is not one of ${names.join(' | ')}${hints.length ? ` (${hints.join('; ')})` : ''}${
          given.some((k) => INLINE_SECRET_KEYS[k])
            ? `; a secret is never written in the config: give the path of a file holding it (${given
                .filter((k) => INLINE_SECRET_KEYS[k])
                .map((k) => `"${INLINE_SECRET_KEYS[k]}"`)
                .join(', ')})`
            : ''
        }`,
      ),
    ];
  }
  return [problem(CONFIG_CODES.invalidValue, path, `${describe(value)} is none of the accepted shapes`)];
}

function userMessage(issue: Issue, value: unknown): string {
  // Messages this package wrote (with the value in quotes) are kept; zod's defaults get the value.
  if (!issue.message.startsWith('Invalid input') && !issue.message.startsWith('Too ')) return issue.message;
  if (issue.code === 'too_small' && Array.isArray(value)) return `expected at least ${issue.minimum} item(s)`;
  if (issue.code === 'too_small' && typeof value === 'string') return `expected a non-empty string`;
  if (issue.code === 'too_small') return `${describe(value)} is too small (expected > ${issue.minimum})`;
  if (issue.code === 'too_big') return `${describe(value)} is too big (expected at most ${issue.maximum})`;
  return `${describe(value)}: ${issue.message}`;
}
