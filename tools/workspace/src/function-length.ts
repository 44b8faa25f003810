import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { listProjects, workspaceRoot } from './workspace';

/** One function, method or closure and how many lines it spans. */
export interface FunctionSpan {
  /** Path relative to the workspace root, with `/` separators. */
  readonly path: string;
  /** 1-based line of the function's first token (its decorators and TSDoc excluded). */
  readonly line: number;
  /**
   * Enclosing classes and functions, then the function's own name, joined with `.`:
   * `collectExposition.write`, `Registry.metrics`, `createTaskQueue.<anonymous>`.
   */
  readonly name: string;
  /** Lines from the first to the last line of the function, both included; nested functions count in it. */
  readonly lines: number;
}

/** The allow-list key of a function: `path#name`. */
export const functionKey = (fn: Pick<FunctionSpan, 'path' | 'name'>): string => `${fn.path}#${fn.name}`;

/** `path:line name (N lines)`, the way the check reports a function. */
export const describeFunction = (fn: FunctionSpan): string =>
  `${fn.path}:${fn.line} ${fn.name} (${fn.lines} lines)`;

type FunctionNode =
  | ts.FunctionDeclaration
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration
  | ts.ArrowFunction
  | ts.FunctionExpression;

function isFunctionNode(node: ts.Node): node is FunctionNode {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node)
  );
}

function propertyName(name: ts.PropertyName | ts.BindingName, sourceFile: ts.SourceFile): string {
  if (
    ts.isIdentifier(name) ||
    ts.isPrivateIdentifier(name) ||
    ts.isStringLiteral(name) ||
    ts.isNumericLiteral(name)
  ) {
    return name.text;
  }
  return name.getText(sourceFile);
}

/**
 * A function's own name: its declared name, else what it is assigned to (variable, property,
 * `x.y = …`, default parameter), else `<anonymous>`.
 */
function ownName(node: FunctionNode, sourceFile: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (node.name) return propertyName(node.name, sourceFile);
  let parent = node.parent;
  // `const f = (… ) => {} as T`, `(function () {})`, `f satisfies T`: name it after what holds the wrapper.
  while (
    ts.isParenthesizedExpression(parent) ||
    ts.isAsExpression(parent) ||
    ts.isSatisfiesExpression(parent) ||
    ts.isNonNullExpression(parent)
  ) {
    parent = parent.parent;
  }
  if (
    ts.isVariableDeclaration(parent) ||
    ts.isPropertyAssignment(parent) ||
    ts.isPropertyDeclaration(parent)
  ) {
    return propertyName(parent.name, sourceFile);
  }
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    return parent.left.getText(sourceFile);
  }
  return '<anonymous>';
}

/** Parses one source file (TSX when the name ends in `x`), with parent links. */
export function parseSource(path: string, text: string): ts.SourceFile {
  const kind = path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
}

/**
 * The scope inside `node`: `scope` plus the node's name when it is a function with a body or a
 * class, else `scope` itself. Joined with `.`, it is how both checks name a function.
 */
export function innerScope(
  node: ts.Node,
  scope: readonly string[],
  sourceFile: ts.SourceFile,
): readonly string[] {
  if (isFunctionNode(node) && node.body) return [...scope, ownName(node, sourceFile)];
  if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
    return [...scope, node.name?.text ?? '<class>'];
  }
  return scope;
}

/** Every function in one source file with its span, outermost first. */
export function functionSpans(path: string, text: string): FunctionSpan[] {
  const sourceFile = parseSource(path, text);
  const spans: FunctionSpan[] = [];
  const lineOf = (pos: number) => sourceFile.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node: ts.Node, scope: readonly string[]): void => {
    const inner = innerScope(node, scope, sourceFile);
    if (isFunctionNode(node) && node.body) {
      const line = lineOf(node.getStart(sourceFile));
      spans.push({ path, line, name: inner.join('.'), lines: lineOf(node.getEnd()) - line + 1 });
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(sourceFile, []);
  return spans;
}

/** What the check reads: the source files of every project, relative to the workspace root. */
export function sourceFiles(root: string = workspaceRoot): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir)).sort()) {
      const rel = `${dir}/${entry}`;
      if (statSync(join(root, rel)).isDirectory()) {
        if (entry !== 'node_modules') walk(rel);
      } else if (
        /\.(ts|tsx|mts|cts)$/.test(entry) &&
        !/\.(spec|test)\.[mc]?tsx?$/.test(entry) &&
        !/\.d\.[mc]?ts$/.test(entry)
      ) {
        files.push(rel);
      }
    }
  };
  for (const project of listProjects(root)) {
    // A Next.js app has no src/: its code is app/, lib/ and the instrumentation hook.
    for (const dir of ['src', 'app', 'lib']) {
      if (existsSync(join(root, project.dir, dir))) walk(`${project.dir}/${dir}`);
    }
    if (existsSync(join(root, project.dir, 'instrumentation.ts')))
      files.push(`${project.dir}/instrumentation.ts`);
  }
  return files;
}

/** Every function of {@link sourceFiles} longer than `maxLines`, longest first. */
export function longFunctions(maxLines: number, root: string = workspaceRoot): FunctionSpan[] {
  return sourceFiles(root)
    .flatMap((path) => functionSpans(path, readFileSync(join(root, path), 'utf8')))
    .filter((fn) => fn.lines > maxLines)
    .sort((a, b) => b.lines - a.lines || a.path.localeCompare(b.path) || a.line - b.line);
}
