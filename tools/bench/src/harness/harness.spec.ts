import { goalChange, parsePreviousResults, renderBeforeAfter } from './before-after';
import { readMachineInfo } from './machine';
import { startLoopProbe } from './loop-probe';
import { renderResults } from './results';
import { roundOrder, runAlternating } from './rounds';
import { fmtRatio, median, pairedRatio, ratio } from './stats';
import { renderTable } from './table';

describe('roundOrder', () => {
  it('rotates and reverses so that no variant always goes first', () => {
    const orders = [0, 1, 2, 3, 4, 5].map((r) => roundOrder(['a', 'b', 'c'], r).join(''));
    expect(orders).toEqual(['abc', 'bca', 'cab', 'cba', 'acb', 'bac']);
    expect([0, 1, 2, 3].map((r) => roundOrder(['a', 'b'], r).join(''))).toEqual(['ab', 'ba', 'ba', 'ab']);
  });
});

describe('runAlternating', () => {
  it('takes one sample per variant and round, in the rotated order', async () => {
    const calls: string[] = [];
    const samples = await runAlternating(['x', 'y'] as const, 3, (v, round) => {
      calls.push(`${v}${round}`);
      return round;
    });
    expect(calls).toEqual(['x0', 'y0', 'y1', 'x1', 'y2', 'x2']);
    expect(samples).toEqual({ x: [0, 1, 2], y: [0, 1, 2] });
  });
});

describe('stats', () => {
  it('takes medians of odd and even samples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
  it('gives no ratio against a zero baseline', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(fmtRatio(ratio(1, 0))).toBe('n/a');
    expect(fmtRatio(0.971)).toBe('0.97×');
  });
  it('compares rounds within themselves', () => {
    // the machine slowed down in round 2: both variants lost half, their ratio did not move
    expect(pairedRatio([90, 45, 92], [100, 50, 100])).toBe(0.9);
    expect(pairedRatio([1, 2], [0, 4])).toBe(0.5);
  });
});

describe('renderTable', () => {
  it('renders a padded Markdown table and escapes pipes', () => {
    expect(renderTable({ columns: ['a', 'bb'], rows: [['x|y', '1']] })).toBe(
      ['| a    | bb  |', '| ---- | --- |', '| x\\|y | 1   |'].join('\n'),
    );
  });
});

describe('renderResults', () => {
  it('states machine, Node version and date, the goals and every table', () => {
    const machine = readMachineInfo(new Date('2026-01-02T03:04:05Z'));
    const md = renderResults(
      [
        {
          id: 's',
          title: 'Suite',
          method: 'How.',
          tables: [{ columns: ['c'], rows: [['1']] }],
          goals: [
            { goal: 'g ≤ 1.0×', measured: '1.10×', met: false, why: 'Because of x.' },
            { goal: 'h ≤ 1.0×', measured: '0.90×', met: true, why: 'never shown' },
          ],
          notes: ['Why.'],
        },
      ],
      { machine, quick: false, seconds: 12 },
    );
    expect(md).toContain(`| Node.js | ${process.version} |`);
    expect(md).toContain('| date | 2026-01-02T03:04:05.000Z |');
    expect(md).toContain(`× ${machine.cores} |`);
    expect(md).toMatch(/\| obskit revision \| [0-9a-f]{7,}/);
    expect(md).toContain('| g ≤ 1.0× | 1.10×    | **no** |');
    expect(md).toContain('## Suite\n\nHow.\n\n| c   |');
    expect(md).toContain('- Why.');
    // missed goals are explained under the goals table; met ones are not
    expect(md).toContain('### Why goals were missed\n\n- g ≤ 1.0×: 1.10×. Because of x.\n');
    expect(md).not.toContain('never shown');
  });
});

describe('before and after', () => {
  const machine = readMachineInfo(new Date('2026-01-02T03:04:05Z'));
  const suite = (goals: Array<{ goal: string; measured: string; met: boolean }>) => ({
    id: 's',
    title: 'Suite',
    method: 'How.',
    tables: [],
    goals,
    notes: [],
  });

  it('reads back the goals, revision and date that renderResults wrote', () => {
    const goals = [
      { goal: 'a ≤ 1.0× at 1000 series', measured: '0.40×', met: true },
      { goal: 'b | with a pipe', measured: '26.1 ms (worst of 3 rounds)', met: false },
    ];
    const md = renderResults([suite(goals)], { machine, quick: false, seconds: 1 });
    expect(parsePreviousResults(md)).toEqual({
      revision: machine.revision,
      date: '2026-01-02T03:04:05.000Z',
      goals,
    });
    expect(parsePreviousResults('# no goals here\n')).toEqual({
      revision: undefined,
      date: undefined,
      goals: [],
    });
  });

  it('gives the relative change of the leading figures, in the same unit only', () => {
    expect(goalChange('0.40×', '0.30×')).toBe('−25 %');
    expect(goalChange('26.1 ms (worst of 3 rounds)', '30.0 ms (worst of 3 rounds)')).toBe('+15 %');
    expect(goalChange('0.83× (counter.inc, 3 labels)', '0.83× (histogram.observe, 1 labels)')).toBe('±0 %');
    expect(goalChange('identical', 'identical')).toBe('same');
    expect(goalChange('identical', 'differs')).toBe('—');
    expect(goalChange('0.3 MB', '0.40×')).toBe('—');
  });

  it('compares every goal of this run with the previous one, — where it has none', () => {
    const before = parsePreviousResults(
      renderResults(
        [
          suite([
            { goal: 'g', measured: '0.50×', met: true },
            { goal: 'old only', measured: '1.00×', met: true },
          ]),
        ],
        { machine, quick: false, seconds: 1 },
      ),
    );
    const md = renderResults(
      [
        suite([
          { goal: 'g', measured: '0.25×', met: true },
          { goal: 'new', measured: '1.10×', met: false },
        ]),
      ],
      { machine, quick: false, seconds: 1, before: { title: 'Before and after X', ref: 'abc1234', before } },
    );
    const section = md.slice(md.indexOf('## Before and after X'), md.indexOf('## Suite'));
    expect(section).toContain('tools/bench/RESULTS.md at `abc1234`');
    expect(section).toContain('| g    | 0.50×  | 0.25× | −50 %  | yes → yes            |');
    expect(section).toContain('| new  | —      | 1.10× | —      | — → no               |');
    expect(section).toContain('1 goal(s) of the previous run are not in this one');
    // the section comes after the goals of this run
    expect(md.indexOf('## Goals')).toBeLessThan(md.indexOf('## Before and after X'));
    expect(renderBeforeAfter([], { title: 'T', ref: 'r', before })).toContain('## T');
  });
});

describe('startLoopProbe', () => {
  it('sees a synchronous block of the event loop', async () => {
    const probe = await startLoopProbe();
    const until = Date.now() + 30;
    while (Date.now() < until) {
      // hold the loop
    }
    expect(await probe.stop()).toBeGreaterThanOrEqual(25);
  });
});
