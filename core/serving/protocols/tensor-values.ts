// Typed storage for each onnxruntime element type, shared by the record and the V2 tensor paths so
// both build the array onnxruntime takes directly, with no intermediate copy.
import type { OrtElementType } from './model-signature.js';

export type TensorStorage =
  | Float32Array | Float64Array | Uint16Array
  | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint8Array | Uint32Array | BigUint64Array
  | string[];

export function allocate(type: OrtElementType, length: number): TensorStorage {
  switch (type) {
    case 'float32': return new Float32Array(length);
    case 'float64': return new Float64Array(length);
    // onnxruntime-node takes float16 as its raw bits.
    case 'float16': return new Uint16Array(length);
    case 'int8': return new Int8Array(length);
    case 'int16': return new Int16Array(length);
    case 'int32': return new Int32Array(length);
    case 'int64': return new BigInt64Array(length);
    case 'uint8': return new Uint8Array(length);
    case 'uint16': return new Uint16Array(length);
    case 'uint32': return new Uint32Array(length);
    case 'uint64': return new BigUint64Array(length);
    case 'bool': return new Uint8Array(length);
    case 'string': return new Array<string>(length).fill('');
  }
}

export const floatTypes: ReadonlySet<OrtElementType> = new Set(['float32', 'float64', 'float16']);
export const integerTypes: ReadonlySet<OrtElementType> = new Set(['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64']);

const integerRanges: Partial<Record<OrtElementType, [number, number]>> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

/** Whether `value` fits the integer type; wrapping it silently would score a different input. */
export function fitsInteger(type: OrtElementType, value: number): boolean {
  const range = integerRanges[type]!;
  return Number.isInteger(value) && value >= range[0] && value <= range[1];
}

/** Stores a number already checked for the element type (integers, 0/1 for bool). */
export function storeNumber(type: OrtElementType, storage: TensorStorage, index: number, value: number): void {
  if (type === 'int64' || type === 'uint64') (storage as BigInt64Array)[index] = BigInt(value) as never;
  else if (type === 'float16') (storage as Uint16Array)[index] = float16Bits(value);
  else (storage as Float32Array)[index] = value;
}

const float32View = new Float32Array(1);
const int32View = new Uint32Array(float32View.buffer);

/** IEEE half-precision bits of a number, rounded to nearest even (NaN stays NaN, overflow → ±∞). */
export function float16Bits(value: number): number {
  float32View[0] = value;
  const bits = int32View[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - halfExponent;
    const truncated = mantissa >> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    return sign | (rest > halfway || (rest === halfway && truncated & 1) ? truncated + 1 : truncated);
  }
  const half = sign | (halfExponent << 10) | (mantissa >> 13);
  const remainder = mantissa & 0x1fff;
  // Round half to even; a carry into the exponent is the correct result.
  return remainder > 0x1000 || (remainder === 0x1000 && half & 1) ? half + 1 : half;
}
