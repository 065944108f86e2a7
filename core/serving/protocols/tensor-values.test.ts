import { describe, expect, it } from 'vitest';
import { fitsInteger, float16Bits } from './tensor-values.js';

describe('tensor values', () => {
  it('converts numbers to the half-precision bits FP16 inputs take', () => {
    expect([1, 0.5, -2, 65504, 1e6, 0, 5.960464477539063e-8, 1 + 2 ** -11].map(float16Bits)).toEqual([0x3c00, 0x3800, 0xc000, 0x7bff, 0x7c00, 0, 0x0001, 0x3c00]);
    expect(float16Bits(Number.NaN) & 0x7e00).toBe(0x7e00);
  });

  it('refuses integers that would wrap', () => {
    expect([fitsInteger('int8', 127), fitsInteger('int8', 128), fitsInteger('uint8', -1), fitsInteger('int32', 1.5)]).toEqual([true, false, false, false]);
  });
});
