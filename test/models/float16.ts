/**
 * IEEE 754 binary32 → binary16 conversion, rounding to nearest, ties to even,
 * the way ggml's own converter does. Node 20 has no Float16Array.
 */

/**
 * Converts `source` into half-precision bit patterns in `target` (same length).
 * Overflow becomes ±infinity, values below half the smallest subnormal become ±0,
 * NaN stays NaN.
 */
export function float32ToFloat16Bits(source: Float32Array, target: Uint16Array): void {
  if (target.length < source.length) throw new RangeError('target is shorter than source');
  const bits = new Uint32Array(source.buffer, source.byteOffset, source.length);
  for (let i = 0; i < bits.length; i++) target[i] = halfBits(bits[i]!);
}

/** One value, for tests and odd spots. */
export function float32ToFloat16(value: number): number {
  const single = new Float32Array([value]);
  return halfBits(new Uint32Array(single.buffer)[0]!);
}

/** Decodes a half-precision bit pattern (used to check the encoder). */
export function float16BitsToNumber(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >>> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

function halfBits(single: number): number {
  const sign = (single >>> 16) & 0x8000;
  const singleExponent = (single >>> 23) & 0xff;
  const mantissa = single & 0x7fffff;
  if (singleExponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200);
  const exponent = singleExponent - 127 + 15;
  if (exponent >= 0x1f) return sign | 0x7c00;
  if (exponent >= 1) {
    let half = (exponent << 10) | (mantissa >>> 13);
    const dropped = mantissa & 0x1fff;
    // A carry out of the mantissa bumps the exponent, which is exactly right (up to infinity).
    if (dropped > 0x1000 || (dropped === 0x1000 && (half & 1) === 1)) half++;
    return sign | half;
  }
  // Subnormal half: value = m × 2^-24, m = full 24-bit significand >> shift.
  const shift = 14 - exponent;
  if (shift > 24) return sign;
  const significand = mantissa | 0x800000;
  let half = significand >>> shift;
  const dropped = significand & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  if (dropped > halfway || (dropped === halfway && (half & 1) === 1)) half++;
  return sign | half;
}
