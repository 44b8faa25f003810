import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { innerScope, parseSource, sourceFiles } from './function-length';
import { workspaceRoot } from './workspace';

/**
 * How code touches a prom-client member: reads a private one, writes a private one (or what a
 * private read returned), or replaces a method (assigns, defines or deletes it).
 */
export type AccessKind = 'read' | 'write' | 'patch';

/** One place where code reaches into prom-client (STYLE.md, anti-pattern 7). */
export interface PrivateAccess {
  /** Path relative to the workspace root, with `/` separators. */
  readonly path: string;
  /** 1-based line of the member's name. */
  readonly line: number;
  /** The enclosing function as the long-function check names it (`guardCounter.add`); `<module>` at top level. */
  readonly name: string;
  readonly member: string;
  readonly kind: AccessKind;
}

/** The allow-list key of an access: `path#name: member (kind)`. */
export const accessKey = (access: Omit<PrivateAccess, 'line'>): string =>
  `${access.path}#${access.name}: ${access.member} (${access.kind})`;

/** `path:line name: member (kind)`, the way the check reports an access. */
export const describeAccess = (access: PrivateAccess): string =>
  `${access.path}:${access.line} ${access.name}: ${access.member} (${access.kind})`;

/**
 * prom-client 15's members that its `index.d.ts` does not declare, from `lib/*.js`: reading or
 * writing any of them ties us to one release. Left out although private: names our own code uses
 * for its own data (`defaultLabels` and `defaultValue` of counters and histograms, an exemplar's
 * `labelSet`, a series' `value`, `labels`, `sum`, `count`); a series is reached through `hashMap`,
 * so writes to it are reported as writes of `hashMap` (see {@link privateAccesses}).
 */
export const PROM_CLIENT_PRIVATE_MEMBERS = [
  // Registry
  '_metrics',
  '_collectors',
  '_defaultLabels',
  '_contentType',
  'getMetricsAsString',
  // every metric: its series by label hash, and its sorted label names
  'hashMap',
  'sortedLabelNames',
  // Counter, Gauge, Histogram
  'incWithExemplar',
  'incWithoutExemplar',
  'observeWithExemplar',
  'observeWithoutExemplar',
  'updateExemplar',
  'defaultExemplarLabelSet',
  '_getValue',
  // Histogram
  'upperBounds',
  'bucketValues',
  'bucketExemplars',
  'getForPromString',
  // Exemplar
  'validateExemplarLabelSet',
] as const;

/**
 * The public methods of prom-client's Registry and metrics (`index.d.ts`) and the options a metric
 * keeps as members (`collect`, `aggregator`): calling or reading them is fine, assigning,
 * defining or deleting them patches prom-client.
 */
export const PROM_CLIENT_METHODS = [
  // metrics
  'get',
  'collect',
  'aggregator',
  'inc',
  'dec',
  'set',
  'setToCurrentTime',
  'observe',
  'startTimer',
  'labels',
  'reset',
  'remove',
  'zero',
  // Registry and AggregatorRegistry
  'metrics',
  'registerMetric',
  'getMetricsAsJSON',
  'getMetricsAsArray',
  'getSingleMetric',
  'getSingleMetricAsString',
  'removeSingleMetric',
  'resetMetrics',
  'setDefaultLabels',
  'clear',
  'setContentType',
  'clusterMetrics',
] as const;

const PRIVATE: ReadonlySet<string> = new Set(PROM_CLIENT_PRIVATE_MEMBERS);
/** Replacing these patches prom-client; writing any other private member writes its data. */
const METHODS: ReadonlySet<string> = new Set([
  ...PROM_CLIENT_METHODS,
  'getMetricsAsString',
  'incWithExemplar',
  'incWithoutExemplar',
  'observeWithExemplar',
  'observeWithoutExemplar',
  'updateExemplar',
  '_getValue',
  'getForPromString',
  'validateExemplarLabelSet',
]);

/** What one file's accesses are judged against. */
interface FileFacts {
  readonly sourceFile: ts.SourceFile;
  /** Local names bound by `import … from 'prom-client'`. */
  readonly promImports: ReadonlySet<string>;
  /** Strings a local name may hold: `const m = 'get'`, `for (const m of ['get', 'x'])`, `m: 'get' | 'x'`. */
  readonly strings: ReadonlyMap<string, readonly string[]>;
  /** Local variables and functions that hold or return what a private member gave: name → member. */
  readonly tainted: ReadonlyMap<string, string>;
}

type Accessor = ts.PropertyAccessExpression | ts.ElementAccessExpression;

const isAccessor = (node: ts.Node): node is Accessor =>
  ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node);

const isWrapper = (node: ts.Node): boolean =>
  ts.isParenthesizedExpression(node) ||
  ts.isAsExpression(node) ||
  ts.isSatisfiesExpression(node) ||
  ts.isNonNullExpression(node) ||
  ts.isTypeAssertionExpression(node);

function unwrap(node: ts.Expression): ts.Expression {
  let inner = node;
  while (isWrapper(inner)) inner = (inner as ts.ParenthesizedExpression).expression;
  return inner;
}

function keyText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) {
    return name.text;
  }
  return undefined;
}

/** The strings an expression may evaluate to, as far as literals and {@link FileFacts.strings} tell. */
function literalStrings(node: ts.Expression, strings: ReadonlyMap<string, readonly string[]>): string[] {
  const expr = unwrap(node);
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return [expr.text];
  if (ts.isArrayLiteralExpression(expr)) return expr.elements.flatMap((e) => literalStrings(e, strings));
  if (ts.isConditionalExpression(expr)) {
    return [...literalStrings(expr.whenTrue, strings), ...literalStrings(expr.whenFalse, strings)];
  }
  if (ts.isIdentifier(expr)) return [...(strings.get(expr.text) ?? [])];
  return [];
}

/** The string literal types in a type: `'get' | 'collect'`, `readonly ('get')[]`, `keyof T & 'get'`. */
function typeStrings(type: ts.TypeNode | undefined): string[] {
  if (type === undefined) return [];
  if (ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal)) return [type.literal.text];
  if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type)) return type.types.flatMap(typeStrings);
  if (ts.isParenthesizedTypeNode(type) || ts.isTypeOperatorNode(type)) return typeStrings(type.type);
  if (ts.isArrayTypeNode(type)) return typeStrings(type.elementType);
  return [];
}

function forEachNode(root: ts.Node, visit: (node: ts.Node) => void): void {
  const walk = (node: ts.Node): void => {
    visit(node);
    ts.forEachChild(node, walk);
  };
  walk(root);
}

/** Local names of values imported from prom-client (named, default and namespace imports). */
function promImportsOf(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const clause = statement.importClause;
    if (statement.moduleSpecifier.text !== 'prom-client' || !clause) continue;
    if (clause.name) names.add(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
    else if (bindings) for (const element of bindings.elements) names.add(element.name.text);
  }
  return names;
}

/** {@link FileFacts.strings}: each local name with the string literals it is declared to hold. */
function stringsOf(sourceFile: ts.SourceFile): Map<string, string[]> {
  const strings = new Map<string, string[]>();
  const add = (name: ts.BindingName, values: string[]): void => {
    if (!ts.isIdentifier(name) || values.length === 0) return;
    strings.set(name.text, [...new Set([...(strings.get(name.text) ?? []), ...values])]);
  };
  forEachNode(sourceFile, (node) => {
    if (ts.isVariableDeclaration(node) || ts.isParameter(node)) {
      const init = node.initializer ? literalStrings(node.initializer, strings) : [];
      add(node.name, [...init, ...typeStrings(node.type)]);
    } else if (ts.isForOfStatement(node) && ts.isVariableDeclarationList(node.initializer)) {
      const [declaration] = node.initializer.declarations;
      if (declaration) add(declaration.name, literalStrings(node.expression, strings));
    }
  });
  return strings;
}

const isFunctionLike = (node: ts.Node): boolean =>
  ts.isFunctionDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node) ||
  ts.isMethodDeclaration(node);

/** What a function returns: its expression body, or the expressions of its own `return`s. */
function returned(fn: ts.FunctionLikeDeclaration): ts.Node[] {
  if (!fn.body) return [];
  if (!ts.isBlock(fn.body)) return [fn.body];
  const results: ts.Node[] = [];
  const walk = (node: ts.Node): void => {
    if (ts.isReturnStatement(node) && node.expression) results.push(node.expression);
    else if (!isFunctionLike(node)) ts.forEachChild(node, walk);
  };
  ts.forEachChild(fn.body, walk);
  return results;
}

/** Whether an identifier stands for a value (not a property name or a declared name). */
function isValueReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isBindingElement(parent)) && parent.name === node) return false;
  return !(ts.isVariableDeclaration(parent) || ts.isParameter(parent)) || parent.name !== node;
}

/**
 * The private member the value of `root` comes from: one read in it (nested functions left out),
 * or a tainted name it uses.
 */
function sourceMember(
  root: ts.Node,
  facts: Omit<FileFacts, 'tainted'>,
  tainted: ReadonlyMap<string, string>,
) {
  let found: string | undefined;
  const walk = (node: ts.Node): void => {
    if (found !== undefined || isFunctionLike(node)) return;
    if (isAccessor(node)) found = memberNames(node, facts).find((m) => PRIVATE.has(m));
    else if (ts.isIdentifier(node) && isValueReference(node)) found = tainted.get(node.text);
    if (found === undefined) ts.forEachChild(node, walk);
  };
  walk(root);
  return found;
}

/** The names a declaration or assignment binds, each with the expressions its value comes from. */
function bindings(node: ts.Node): [name: string, sources: ts.Node[]][] {
  if (ts.isFunctionDeclaration(node) && node.name) return [[node.name.text, returned(node)]];
  if (ts.isVariableDeclaration(node) && node.initializer && ts.isIdentifier(node.name)) {
    const init = unwrap(node.initializer);
    const fn = ts.isArrowFunction(init) || ts.isFunctionExpression(init);
    return [[node.name.text, fn ? returned(init) : [init]]];
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    if (ts.isIdentifier(node.left)) return [[node.left.text, [node.right]]];
  }
  return [];
}

/**
 * {@link FileFacts.tainted}: what holds a private member's value, to a fixpoint: `const map =
 * m.hashMap`, `const entry = map[k]`, `function live() { return store.hashMap[h]; }`, `const {
 * hashMap } = m`. By name within one file: enough for the few files that reach into prom-client.
 */
function taintOf(facts: Omit<FileFacts, 'tainted'>): Map<string, string> {
  const tainted = new Map<string, string>();
  let changed = true;
  const taint = (name: string, member: string | undefined): void => {
    if (member === undefined || tainted.has(name)) return;
    tainted.set(name, member);
    changed = true;
  };
  while (changed) {
    changed = false;
    forEachNode(facts.sourceFile, (node) => {
      if (ts.isBindingElement(node) && ts.isIdentifier(node.name)) {
        taint(node.name.text, destructured(node));
      }
      for (const [name, sources] of bindings(node)) {
        if (tainted.has(name)) continue;
        for (const source of sources) taint(name, sourceMember(source, facts, tainted));
      }
    });
  }
  return tainted;
}

/** The private member an object binding element takes out: `hashMap` in `const { hashMap: m } = x`. */
function destructured(node: ts.BindingElement): string | undefined {
  if (!ts.isObjectBindingPattern(node.parent)) return undefined;
  const key = node.propertyName ? keyText(node.propertyName) : ts.isIdentifier(node.name) && node.name.text;
  return key && PRIVATE.has(key) ? key : undefined;
}

function memberNames(node: Accessor, facts: Pick<FileFacts, 'strings'>): string[] {
  if (ts.isPropertyAccessExpression(node)) return [node.name.text];
  return literalStrings(node.argumentExpression, facts.strings);
}

/** Whether `node` is assigned to, updated (`+=`, `++`) or deleted. */
function isWritten(node: ts.Node): boolean {
  let child = node;
  while (isWrapper(child.parent)) child = child.parent;
  const parent = child.parent;
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    return parent.left === child && op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment;
  }
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) {
    return (
      parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken
    );
  }
  return ts.isDeleteExpression(parent);
}

/** The accessors of a chain that ends in `node`: `a.b[c].d` gives `a.b[c].d`, `a.b[c]`, `a.b`. */
function chainOf(node: ts.Expression): Accessor[] {
  const chain: Accessor[] = [];
  let current = unwrap(node);
  while (isAccessor(current) || ts.isCallExpression(current)) {
    if (isAccessor(current)) chain.push(current);
    current = unwrap(current.expression);
  }
  return chain;
}

/** Whether something above `node` in its chain is written: `x.hashMap[k] = v`, `x.hashMap[k].v++`. */
function isChainWritten(node: Accessor): boolean {
  let top: ts.Node = node;
  while (isWrapper(top.parent) || (isAccessor(top.parent) && top.parent.expression === top)) top = top.parent;
  return top !== node && isWritten(top);
}

/** The identifier a chain starts from: `entry` in `entry.bucketValues[k]`, `live` in `live(s).value`. */
function chainRoot(node: ts.Expression): ts.Identifier | undefined {
  let current = unwrap(node);
  while (isAccessor(current) || ts.isCallExpression(current)) current = unwrap(current.expression);
  return ts.isIdentifier(current) ? current : undefined;
}

/** `Counter.prototype`, `prom.Histogram.prototype` for names imported from prom-client. */
function isPromPrototype(node: ts.Expression, facts: FileFacts): boolean {
  const expr = unwrap(node);
  if (!ts.isPropertyAccessExpression(expr) || expr.name.text !== 'prototype') return false;
  const owner = unwrap(expr.expression);
  const base = ts.isPropertyAccessExpression(owner) ? unwrap(owner.expression) : owner;
  return ts.isIdentifier(base) && facts.promImports.has(base.text);
}

type Found = [node: ts.Node, member: string, kind: AccessKind];

/** The accesses of one property or element access expression. */
function accessorAccesses(node: Accessor, facts: FileFacts): Found[] {
  const at = ts.isPropertyAccessExpression(node) ? node.name : node.argumentExpression;
  if (isPromPrototype(node, facts)) {
    // a prototype check; writing through it is reported where the member is written
    const patched = isAccessor(node.parent) && node.parent.expression === node && isWritten(node.parent);
    return patched || isDefinerTarget(node) ? [] : [[at, 'prototype', 'read']];
  }
  const written = isWritten(node);
  const found: Found[] = [];
  for (const member of memberNames(node, facts)) {
    if (written && (METHODS.has(member) || isPromPrototype(node.expression, facts))) {
      found.push([at, member, 'patch']);
    } else if (PRIVATE.has(member)) {
      found.push([at, member, written || isChainWritten(node) ? 'write' : 'read']);
    }
  }
  if (found.length > 0 || !written) return found;
  // a write through what a private read gave, unless a member of the chain was reported already
  const root = chainRoot(node);
  const member = root && facts.tainted.get(root.text);
  const direct = chainOf(node).some((a) => memberNames(a, facts).some((m) => PRIVATE.has(m)));
  return member && !direct ? [[at, member, 'write']] : [];
}

/** Calls that define, set, delete or read a property by name, and where its name (or names) is. */
const DEFINERS: Readonly<Record<string, 'key' | 'object' | 'read'>> = {
  'Object.defineProperty': 'key',
  'Reflect.defineProperty': 'key',
  'Reflect.set': 'key',
  'Reflect.deleteProperty': 'key',
  'Object.defineProperties': 'object',
  'Object.assign': 'object',
  'Reflect.get': 'read',
};

function definerOf(node: ts.CallExpression): 'key' | 'object' | 'read' | undefined {
  const callee = unwrap(node.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return undefined;
  return DEFINERS[`${callee.expression.text}.${callee.name.text}`];
}

function isDefinerTarget(node: ts.Node): boolean {
  let child = node;
  while (isWrapper(child.parent)) child = child.parent;
  const call = child.parent;
  return ts.isCallExpression(call) && call.arguments[0] === child && definerOf(call) !== undefined;
}

/** The property names set by the object literals among `args`. */
function objectKeys(args: readonly ts.Expression[]): [ts.Node, string][] {
  return args.flatMap((arg) => {
    const expr = unwrap(arg);
    if (!ts.isObjectLiteralExpression(expr)) return [];
    return expr.properties.flatMap((p): [ts.Node, string][] => {
      const key = p.name && !ts.isPrivateIdentifier(p.name) ? keyText(p.name) : undefined;
      return p.name && key !== undefined ? [[p.name, key]] : [];
    });
  });
}

/** `Object.defineProperty(m, 'get', …)`, `Object.assign(m, { collect })`, `Reflect.get(r, '_metrics')`. */
function definerAccesses(node: ts.CallExpression, facts: FileFacts): Found[] {
  const kind = definerOf(node);
  const [target, ...rest] = node.arguments;
  if (kind === undefined || target === undefined) return [];
  const names: [ts.Node, string][] =
    kind === 'object'
      ? objectKeys(rest)
      : rest[0]
        ? literalStrings(rest[0], facts.strings).map((name): [ts.Node, string] => [rest[0], name])
        : [];
  const onPrototype = isPromPrototype(target, facts);
  return names.flatMap(([at, member]): Found[] => {
    if (kind === 'read') return PRIVATE.has(member) ? [[at, member, 'read']] : [];
    if (METHODS.has(member) || onPrototype) return [[at, member, 'patch']];
    return PRIVATE.has(member) ? [[at, member, 'write']] : [];
  });
}

/** `const { hashMap } = metric`: a read of each private member taken out. */
function bindingAccesses(node: ts.BindingElement): Found[] {
  const member = destructured(node);
  return member ? [[node.propertyName ?? node.name, member, 'read']] : [];
}

function factsOf(sourceFile: ts.SourceFile): FileFacts {
  const base = { sourceFile, promImports: promImportsOf(sourceFile), strings: stringsOf(sourceFile) };
  // nothing can be tainted without a private member read; most files never name one
  const named = PROM_CLIENT_PRIVATE_MEMBERS.some((member) => sourceFile.text.includes(member));
  return { ...base, tainted: named ? taintOf(base) : new Map() };
}

/**
 * Every access to a prom-client private member ({@link PROM_CLIENT_PRIVATE_MEMBERS}) and every
 * patch of a prom-client method ({@link PROM_CLIENT_METHODS}, or anything on a prom-client class's
 * prototype) in one source file, line by line (within a line, outer expressions first). Syntax
 * only, no types: a listed name on any object counts; element keys are resolved from string
 * literals in the same file.
 */
export function privateAccesses(path: string, text: string): PrivateAccess[] {
  const sourceFile = parseSource(path, text);
  const facts = factsOf(sourceFile);
  const found: PrivateAccess[] = [];
  const lineOf = (node: ts.Node) =>
    sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
  const visit = (node: ts.Node, scope: readonly string[]): void => {
    const here = isAccessor(node)
      ? accessorAccesses(node, facts)
      : ts.isCallExpression(node)
        ? definerAccesses(node, facts)
        : ts.isBindingElement(node)
          ? bindingAccesses(node)
          : [];
    const name = scope.length > 0 ? scope.join('.') : '<module>';
    for (const [at, member, kind] of here) {
      const access = { path, line: lineOf(at), name, member, kind };
      // two accesses of one line read alike (`typeof m.get === 'function' ? m.get() : …`): report one
      if (!found.some((f) => describeAccess(f) === describeAccess(access))) found.push(access);
    }
    const inner = innerScope(node, scope, sourceFile);
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(sourceFile, []);
  return found;
}

/** {@link privateAccesses} of every file the long-function check reads ({@link sourceFiles}). */
export function findPrivateAccesses(root: string = workspaceRoot): PrivateAccess[] {
  return sourceFiles(root).flatMap((path) => privateAccesses(path, readFileSync(join(root, path), 'utf8')));
}
