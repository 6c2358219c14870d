import type { Affine } from './ocrRuns.js';

/** 8-bit grey pixels, rows top to bottom. */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** The image as a binary PGM file: the plainest format tesseract's image reader (Leptonica) takes, with no encoder to run. */
export function toPgm(image: GreyImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const file = new Uint8Array(header.length + image.pixels.length);
  file.set(header);
  file.set(image.pixels, header.length);
  return file;
}

/**
 * The image turned clockwise by `degrees` (90, 180 or 270), and the map from the turned
 * image's pixels back to the original's, so words found upright land where they are on the page.
 */
export function turnClockwise(image: GreyImage, degrees: 90 | 180 | 270): { image: GreyImage; toOriginal: Affine } {
  const { width: w, height: h, pixels } = image;
  const quarter = degrees !== 180;
  const out = new Uint8Array(w * h);
  const ow = quarter ? h : w;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      // Where original (x, y) lands in the turned image.
      const [tx, ty] = degrees === 90 ? [h - 1 - y, x] : degrees === 180 ? [w - 1 - x, h - 1 - y] : [y, w - 1 - x];
      out[ty * ow + tx] = pixels[row + x]!;
    }
  }
  // The inverse of each turn, in continuous pixel coordinates (box edges, not pixel centres).
  const toOriginal: Affine = degrees === 90 ? [0, -1, 1, 0, 0, h] : degrees === 180 ? [-1, 0, 0, -1, w, h] : [0, 1, -1, 0, w, 0];
  return { image: { width: ow, height: quarter ? w : h, pixels: out }, toOriginal };
}
