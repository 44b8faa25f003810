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

  it('pauses for a turn of the event loop: callbacks queued before the pause run first', async () => {
    const slicer = createTimeSlicer(0);
    expect(slicer.due()).toBe(true);
    let ran = false;
    setImmediate(() => (ran = true));
    await slicer.pause();
    expect(ran).toBe(true);
  });
});
