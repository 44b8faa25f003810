import { describeFunction, functionSpans, sourceFiles } from './function-length';

const spansOf = (text: string) =>
  functionSpans('x.ts', text).map((fn) => `${fn.line} ${fn.name} ${fn.lines}`);

describe('functionSpans', () => {
  it('counts a function from its first to its last line, its TSDoc left out', () => {
    const text = [
      '/**',
      ' * Adds.',
      ' */',
      'export function add(a: number, b: number) {',
      '  return a + b;',
      '}',
    ];
    expect(spansOf(text.join('\n'))).toEqual(['4 add 3']);
  });

  it('names arrow functions and function expressions after what they are assigned to', () => {
    const text = [
      'const double = (n: number) => n * 2;',
      'const handlers = { onData: function () { return 1; }, onEnd: () => 2 };',
      'exports.run = async () => {',
      '  return 3;',
      '};',
      'const typed = ((x: number) => x) as (x: number) => number;',
    ];
    expect(spansOf(text.join('\n'))).toEqual([
      '1 double 1',
      '2 onData 1',
      '2 onEnd 1',
      '3 exports.run 3',
      '6 typed 1',
    ]);
  });

  it('names methods after their class, and counts a closure on its own and inside its parent', () => {
    const text = [
      'class Queue {',
      '  constructor() {}',
      '  get size() { return 0; }',
      '  push(item: string) {',
      '    const write = () => {',
      '      items.forEach((i) => {',
      '        console.log(i);',
      '      });',
      '    };',
      '    return { flush() { write(); } };',
      '  }',
      '}',
    ];
    expect(spansOf(text.join('\n'))).toEqual([
      '2 Queue.constructor 1',
      '3 Queue.size 1',
      '4 Queue.push 8',
      '5 Queue.push.write 5',
      '6 Queue.push.write.<anonymous> 3',
      '10 Queue.push.flush 1',
    ]);
  });

  it('skips overload signatures and declarations without a body', () => {
    const text = ['function f(a: string): string;', 'function f(a: unknown) {', '  return a;', '}'];
    expect(spansOf(text.join('\n'))).toEqual(['2 f 3']);
  });

  it('reports a function as path:line name (N lines)', () => {
    expect(describeFunction({ path: 'packages/a/src/b.ts', line: 12, name: 'build.write', lines: 81 })).toBe(
      'packages/a/src/b.ts:12 build.write (81 lines)',
    );
  });
});

describe('sourceFiles', () => {
  const files = sourceFiles();

  it('reads src/ of every project and the Next.js app’s code, and no specs, tests or declarations', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'packages/promql/src/check/check-expression.ts',
        'apps/demo-api/src/domain/task-queue.ts',
        'tools/obskit/src/commands/up.ts',
        'apps/demo-next/instrumentation.ts',
        'apps/demo-next/lib/metrics.ts',
        'tools/workspace/src/function-length.ts',
      ]),
    );
    expect(files.filter((f) => /\.(spec|test)\.|\.d\.ts$|\/(test|dist|node_modules)\//.test(f))).toEqual([]);
  });
});
