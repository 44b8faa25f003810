import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessKey, describeAccess, findPrivateAccesses, privateAccesses } from './prom-client-access';

const found = (...lines: string[]) =>
  privateAccesses('x.ts', lines.join('\n')).map((a) => `${a.line} ${a.name}: ${a.member} (${a.kind})`);

describe('privateAccesses', () => {
  it('finds reads of private members: property, element, destructuring and Reflect.get', () => {
    expect(
      found(
        'function defaults(registry: object) {',
        '  return (registry as any)._defaultLabels;',
        '}',
        'const bounds = (h as unknown as { upperBounds: number[] })["upperBounds"];',
        'const { hashMap, type } = metric;',
        'const metrics = Reflect.get(registry, "_metrics");',
        'h.updateExemplar(labels, 1, {});',
      ),
    ).toEqual([
      '2 defaults: _defaultLabels (read)',
      '4 <module>: upperBounds (read)',
      '5 <module>: hashMap (read)',
      '6 <module>: _metrics (read)',
      '7 <module>: updateExemplar (read)',
    ]);
  });

  it('finds writes to private members and to what they hold, through variables and functions', () => {
    expect(
      found(
        'class Store {',
        '  clear(m: any) { m.hashMap = {}; }',
        '  bump(h: any, bound: string) { h.hashMap[""].bucketValues[bound] += 1; }',
        '}',
        'function live(store: any, hash: string) {',
        '  return store.hashMap[hash];',
        '}',
        'export function add(store: any, hash: string) {',
        '  const entry = live(store, hash);',
        '  entry.value += 1;',
        '  live(store, hash).count++;',
        '}',
      ),
    ).toEqual([
      '2 Store.clear: hashMap (write)',
      '3 Store.bump: bucketValues (write)',
      '3 Store.bump: hashMap (write)',
      '6 live: hashMap (read)',
      '10 add: hashMap (write)',
      '11 add: hashMap (write)',
    ]);
  });

  it('finds patches: methods assigned, defined or deleted, by name or by a string-valued key', () => {
    expect(
      found(
        'gauge.collect = () => undefined;',
        'histogram.getForPromString = async () => data;',
        'metric.aggregator = "first";',
        'Object.defineProperty(counter, "inc", { value: () => undefined });',
        'Object.assign(registry, { metrics: async () => "" });',
        'for (const method of ["get", "getForPromString"] as const) metric[method] = wrapped;',
        'delete metric.get;',
      ),
    ).toEqual([
      '1 <module>: collect (patch)',
      '2 <module>: getForPromString (patch)',
      '3 <module>: aggregator (patch)',
      '4 <module>: inc (patch)',
      '5 <module>: metrics (patch)',
      '6 <module>: get (patch)',
      '6 <module>: getForPromString (patch)',
      '7 <module>: get (patch)',
    ]);
  });

  it("finds prototype checks and patches of prom-client's classes, not of other classes", () => {
    expect(
      found(
        'import { Counter, Histogram } from "prom-client";',
        'import * as prom from "prom-client";',
        'const plain = Object.getPrototypeOf(metric) === Counter.prototype;',
        'Histogram.prototype.observe = fast;',
        'Object.defineProperty(prom.Gauge.prototype, "anything", { value: 1 });',
        'const mine = Object.getPrototypeOf(metric) === Mine.prototype;',
        'Mine.prototype.observe = fast;',
      ),
    ).toEqual([
      '3 <module>: prototype (read)',
      '4 <module>: observe (patch)',
      '5 <module>: anything (patch)',
      '7 <module>: observe (patch)',
    ]);
  });

  it("leaves prom-client's public API, our own names and types alone", () => {
    expect(
      found(
        '// the hashMap and _defaultLabels of prom-client are private',
        'interface Plain { readonly hashMap: Record<string, unknown>; getForPromString?(): unknown }',
        'type Map = Plain["hashMap"];',
        'registry.registerMetric(metric);',
        'registry.setDefaultLabels({ app: "a" });',
        'const same = registry.getSingleMetric("x");',
        'const own = await metric.get();',
        'const collect = gauge.collect;',
        'counter.labels({ route: "/" }).inc();',
        'histogram.observe({ route: "/" }, 0.1);',
        'const { labelNames, buckets } = config;',
        'const labels = options.defaultLabels;',
        'const collector = { get: async () => data, collect() {}, aggregator: "sum" };',
        'let set = 1;',
        'set = 2;',
        'const stats = { count: 0 };',
        'stats.count += 1;',
      ),
    ).toEqual([]);
  });

  it('names an access as path#function: member (kind), and reports it with its line', () => {
    const [access] = privateAccesses('packages/a/src/b.ts', 'const f = (m: any) => {\n  m.hashMap = {};\n};');
    expect(accessKey(access)).toBe('packages/a/src/b.ts#f: hashMap (write)');
    expect(describeAccess(access)).toBe('packages/a/src/b.ts:2 f: hashMap (write)');
  });
});

describe('findPrivateAccesses', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'prom-client-access-'));
    const write = (path: string, text: string) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write('packages/a/package.json', '{ "name": "@obskit/a" }');
    for (const path of [
      'src/read.ts',
      'src/read.spec.ts',
      'src/read.test.ts',
      'src/types.d.ts',
      'test/e2e.ts',
    ]) {
      write(`packages/a/${path}`, 'export const keys = (m: any) => Object.keys(m.hashMap);\n');
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reads the source files of the long-function check: no specs, tests or declarations', () => {
    expect(findPrivateAccesses(root).map(describeAccess)).toEqual([
      'packages/a/src/read.ts:1 keys: hashMap (read)',
    ]);
  });
});
