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
