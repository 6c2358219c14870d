/**
 * Seeded weight streams. Each tensor draws from its own stream, derived from the
 * model seed and the tensor's name, so a tensor's values do not depend on which
 * tensors come before it. Arithmetic only (no Math.log/cos), so the bytes cannot
 * drift with the platform's libm.
 */

/** Fills each chunk it is given with the stream's next values. */
export type ValueSource = (chunk: Float32Array) => void;

/**
 * Approximately normal(0, std) values: an Irwin–Hall sum of four uniforms, rescaled
 * to unit variance. Bounded at ±3.46 std, which keeps a random network's
 * activations finite however deep it is.
 */
export function seededNormalSource(seed: number, streamName: string, std: number): ValueSource {
  // sfc32 state, seeded through splitmix32 from (seed, FNV-1a of the name).
  let mix = (Math.imul(seed | 0, 0x9e3779b9) ^ fnv1a(streamName)) >>> 0;
  const splitmix = (): number => {
    mix = (mix + 0x9e3779b9) >>> 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) | 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = 1;
  // Two 16-bit halves of each 32-bit draw are two uniforms; four make one value.
  const scale = (std * Math.sqrt(3)) / 65536;
  return (chunk) => {
    for (let i = 0; i < chunk.length; i++) {
      let t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      let sum = (t & 0xffff) + (t >>> 16);
      t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      sum += (t & 0xffff) + (t >>> 16);
      // Each half is uniform on [0, 65535]; the sum of four has mean 131070 and variance 4 × 65536² / 12.
      chunk[i] = (sum - 131070) * scale;
    }
  };
}

/** Every value the same (norm weights are 1.0). */
export function constantSource(value: number): ValueSource {
  return (chunk) => {
    chunk.fill(value);
  };
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
