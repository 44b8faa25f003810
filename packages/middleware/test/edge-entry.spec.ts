import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createContext, runInContext, type Context } from 'node:vm';

/**
 * The Edge runtime as a bundler sees it: the built entries that package.json `exports` selects for
 * `edge-light`, loaded in a fresh vm context that has the Web globals but no `process`, no `Buffer`
 * and no module other than the @obskit packages' own files. Any other `require` fails and is recorded,
 * as `Cannot find module 'node:cluster'` failed every request of a Next.js app with an Edge
 * middleware.ts before.
 */
const PACKAGES = join(__dirname, '../..');
const CONDITIONS = ['edge-light', 'worker', 'default'];

interface EdgeLoader {
  load(pkg: string): Record<string, unknown>;
  /** Every module that was asked for and is not an @obskit file: the Node-only imports. */
  readonly refused: string[];
}

function edgeLoader(): EdgeLoader {
  const refused: string[] = [];
  const cache = new Map<string, { exports: unknown }>();
  const context: Context = createContext({
    console,
    EdgeRuntime: 'edge-runtime',
    TextEncoder,
    TextDecoder,
    URL,
    Headers,
    Request,
    Response,
    ReadableStream,
    setTimeout,
    clearTimeout,
  });

  function entryOf(pkg: string): string {
    const dir = join(PACKAGES, pkg.replace('@obskit/', ''));
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      exports: Record<string, Record<string, string>>;
    };
    const root = manifest.exports['.'];
    const condition = CONDITIONS.find((c) => c in root);
    if (condition === undefined) throw new Error(`${pkg}: no ${CONDITIONS.join('/')} export`);
    return join(dir, root[condition]);
  }

  function loadFile(file: string): unknown {
    const cached = cache.get(file);
    if (cached) return cached.exports;
    const module = { exports: {} as unknown };
    cache.set(file, module);
    const source = readFileSync(file, 'utf8');
    const factory = runInContext(`(function (exports, require, module) {${source}\n})`, context, {
      filename: file,
    }) as (exports: unknown, require: (id: string) => unknown, module: { exports: unknown }) => void;
    factory(module.exports, (id) => requireFrom(dirname(file), id), module);
    return module.exports;
  }

  function requireFrom(dir: string, id: string): unknown {
    if (id.startsWith('@obskit/')) return loadFile(entryOf(id));
    if (id.startsWith('.')) {
      const file = resolve(dir, id);
      return loadFile(existsSync(file) ? file : `${file}.js`);
    }
    refused.push(id);
    throw new Error(`Cannot find module '${id}'`);
  }

  return { load: (pkg) => requireFrom(PACKAGES, pkg) as Record<string, unknown>, refused };
}

/** The Node.js entry (dist/index.js) of a package, loaded the ordinary way. */
const nodeEntry = (pkg: string) => require(join(PACKAGES, pkg, 'dist/index.js')) as Record<string, unknown>;

describe('Edge entries (exports condition edge-light)', () => {
  it.each(['@obskit/catalog', '@obskit/metrics-core', '@obskit/middleware'])(
    '%s imports without any Node built-in or prom-client',
    (pkg) => {
      const loader = edgeLoader();
      expect(() => loader.load(pkg)).not.toThrow();
      expect(loader.refused).toEqual([]);
    },
  );

  it.each(['metrics-core', 'middleware'])(
    '@obskit/%s: the same names as the Node.js entry, the same constants, Node.js-only functions throw naming themselves',
    (pkg) => {
      const edge = edgeLoader().load(`@obskit/${pkg}`);
      const node = nodeEntry(pkg);
      expect(
        Object.keys(edge)
          .filter((k) => k !== '__esModule')
          .sort(),
      ).toEqual(
        Object.keys(node)
          .filter((k) => k !== '__esModule')
          .sort(),
      );

      const failing: string[] = [];
      for (const [name, value] of Object.entries(edge)) {
        if (name === '__esModule') continue;
        if (typeof value !== 'function') {
          const expected = node[name];
          if (typeof expected === 'symbol') expect(value).toBe(expected);
          else expect(JSON.stringify(value)).toBe(JSON.stringify(expected));
          continue;
        }
        if (value === node[name]) continue;
        let thrown: unknown;
        try {
          (value as () => unknown)();
        } catch (error) {
          thrown = error;
        }
        const message = (thrown as Error | undefined)?.message ?? '';
        if ((thrown as { code?: string } | undefined)?.code !== 'OBSKIT_NODE_RUNTIME_REQUIRED') continue;
        failing.push(name);
        expect(message).toContain(`${name}() of @obskit/${pkg} needs the Node.js runtime`);
        expect(message).toContain("export const runtime = 'nodejs'");
        expect(message).toContain('instrumentation.ts');
      }
      // what a Next.js Edge middleware would reach for first
      expect(failing).toEqual(
        expect.arrayContaining(
          pkg === 'metrics-core'
            ? ['createMetrics', 'getOrCreateMetrics', 'getOrCreateRegistry']
            : ['createFetchMetricsHandler', 'wrapFetchHandler', 'createExpressMiddleware'],
        ),
      );
    },
  );

  it('the pure helpers work on the Edge runtime', () => {
    const core = edgeLoader().load('@obskit/metrics-core');
    const classify = core.classifyError as (e: unknown) => string;
    expect(classify(Object.assign(new Error('x'), { name: 'AbortError' }))).toBe(
      (nodeEntry('metrics-core').classifyError as (e: unknown) => string)(
        Object.assign(new Error('x'), { name: 'AbortError' }),
      ),
    );
    const middleware = edgeLoader().load('@obskit/middleware');
    expect((middleware.negotiateFormat as (accept: string) => string)('application/openmetrics-text')).toBe(
      'openmetrics',
    );
  });
});
