import { exactNumber, formatNumber } from './number';

describe('exactNumber / formatNumber', () => {
  it.each([
    [1 - 0.99, 0.01, '0.01'],
    [1 - 0.999, 0.001, '0.001'],
    [1 - 0.9995, 0.0005, '0.0005'],
    [0.1 + 0.2, 0.3, '0.3'],
    [14.4 * (1 - 0.999), 0.0144, '0.0144'],
    [6 * (1 - 0.9995), 0.003, '0.003'],
    [0.07 * 100, 7, '7'],
    [0.58 * 100, 58, '58'],
    [1.1 * 3, 3.3, '3.3'],
    [1.1 * 1.1, 1.21, '1.21'],
  ])('writes %p as %p ("%s")', (computed, value, text) => {
    expect(String(computed)).not.toBe(text); // the arithmetic really is noisy
    expect(exactNumber(computed)).toBe(value);
    expect(formatNumber(computed)).toBe(text);
  });

  it('keeps numbers as written, big and small', () => {
    expect(formatNumber(0.00000015)).toBe('1.5e-7');
    expect(formatNumber(123456789)).toBe('123456789');
    expect(formatNumber(-0.25)).toBe('-0.25');
    expect(formatNumber(0)).toBe('0');
  });

  it('writes the non-finite values as PromQL does', () => {
    expect(formatNumber(Infinity)).toBe('+Inf');
    expect(formatNumber(-Infinity)).toBe('-Inf');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(exactNumber(Infinity)).toBe(Infinity);
  });
});
