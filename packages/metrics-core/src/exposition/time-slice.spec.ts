import { readFile } from 'node:fs';
import { createTimeSlicer } from './time-slice';

describe('createTimeSlicer', () => {
  it('is due once the slice has lasted sliceMs, and starts a new slice after a pause', async () => {
    let now = 100;
    const slicer = createTimeSlicer(5, () => now);
    expect(slicer.due()).toBe(false);
    now = 104.9;
    expect(slicer.due()).toBe(false);
    now = 105;
    expect(slicer.due()).toBe(true);
    await slicer.pause();
    expect(slicer.due()).toBe(false);
    now = 110;
    expect(slicer.due()).toBe(true);
  });

  it('lets a due timer run before the pause ends, even when it pauses from an I/O callback', async () => {
    const timerRan = await new Promise<boolean>((resolve, reject) => {
      // an I/O callback runs in the poll phase, after this turn's timers
      readFile(__filename, () => {
        let ran = false;
        setTimeout(() => (ran = true), 0);
        const due = performance.now() + 3;
        while (performance.now() < due) {
          // let the timer fall due
        }
        createTimeSlicer(0)
          .pause()
          .then(() => resolve(ran), reject);
      });
    });
    expect(timerRan).toBe(true);
  });

  it('pauses for a turn of the event loop: callbacks queued before the pause run first', async () => {
    const slicer = createTimeSlicer(0);
    expect(slicer.due()).toBe(true);
    let ran = false;
    setImmediate(() => (ran = true));
    await slicer.pause();
    expect(ran).toBe(true);
  });
});
