/**
 * The pages of a TIFF (scanners write multi-page TIFFs, often bilevel CCITT G4) as images a PDF
 * can carry, for imageAsPdf to wrap as an image-only PDF that OCR reads like any scan. utif
 * decompresses each page; bilevel, grey and RGB samples go into the PDF as they are (deflated),
 * anything else (palette, CMYK, 16-bit, alpha) is turned to RGB first. The directory chain is
 * walked and every strip checked against the file's length before utif reads a byte, so a cut or
 * looping file is refused with a reason instead of hanging or making blank pages.
 */
import zlib from 'node:zlib';
import UTIF, { type Ifd } from 'utif';
import { LecternError } from '../api/errors.js';
import type { PdfImage } from './imageAsPdf.js';

/** Resolution assumed when a page does not say. */
const DEFAULT_DPI = 300;
/** More pages than any scan: past it the directory chain is taken for damage. */
const MAX_PAGES = 10_000;
/** Compressions utif decodes: none, CCITT G3 and G4, LZW, old and new JPEG, Deflate, PackBits. */
const COMPRESSIONS: Record<number, string> = { 1: 'none', 3: 'CCITT G3', 4: 'CCITT G4', 5: 'LZW', 6: 'old-style JPEG', 7: 'JPEG', 8: 'Deflate', 32773: 'PackBits' };

export function damagedTiff(why: string): LecternError {
  return new LecternError(
    'UNSUPPORTED_FORMAT',
    `This TIFF image cannot be read (${why}). Open it in an image or scanning program, save it again (as TIFF, PNG or PDF), and import that.`,
  );
}

/** Each page of the TIFF as a PDF image. Throws UNSUPPORTED_FORMAT (damaged, no pages, a compression or colour kind not read) or PAGE_TOO_LARGE. */
export function tiffPages(bytes: Uint8Array, maxPixels: number): PdfImage[] {
  const count = walkDirectories(bytes);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let ifds: Ifd[];
  try {
    ifds = UTIF.decode(buffer);
  } catch (error) {
    throw damagedTiff((error as Error).message);
  }
  // Reduced-resolution copies (NewSubfileType bit 0) are thumbnails of a page, not pages.
  const pages = ifds.slice(0, count).filter((ifd) => num(ifd, 256) !== undefined && ((num(ifd, 254) ?? 0) & 1) === 0);
  if (pages.length === 0) throw new LecternError('UNSUPPORTED_FORMAT', 'This TIFF file holds no pages (no image in it). Scan or export the document again and import that.');
  return pages.map((ifd, i) => readPage(buffer, bytes.length, ifd, i + 1, pages.length, maxPixels));
}

function readPage(buffer: ArrayBuffer, length: number, ifd: Ifd, page: number, pages: number, maxPixels: number): PdfImage {
  const where = pages > 1 ? ` on page ${page}` : '';
  const [width, height] = [num(ifd, 256) ?? 0, num(ifd, 257) ?? 0];
  if (width <= 0 || height <= 0) throw damagedTiff(`a page ${width} × ${height} pixels${where}`);
  if (width * height > maxPixels) {
    throw new LecternError(
      'PAGE_TOO_LARGE',
      `Page ${page} of this TIFF is ${width} × ${height} pixels, over the ${maxPixels / 1e6}-million-pixel limit. Scan it again at a lower resolution (300 DPI reads well) and import that.`,
    );
  }
  const compression = num(ifd, 259) ?? 1;
  if (!COMPRESSIONS[compression]) {
    throw new LecternError(
      'UNSUPPORTED_FORMAT',
      `This TIFF uses compression ${compression}${where}, which Lectern does not read (it reads none, CCITT G3/G4, LZW, JPEG, Deflate and PackBits). Save it again with one of those, or as PDF, and import that.`,
    );
  }
  if ((num(ifd, 284) ?? 1) !== 1)
    throw new LecternError(
      'UNSUPPORTED_FORMAT',
      `This TIFF stores its colours in separate planes${where}. Save it again as an ordinary (chunky) TIFF, or as PNG, and import that.`,
    );
  checkStrips(ifd, length, where);
  const photometric = num(ifd, 262) ?? (compression === 3 || compression === 4 ? 0 : 1);
  const bits = num(ifd, 258) ?? 1;
  const samples = num(ifd, 277) ?? 1;
  // Old and new JPEG come out of utif's decoder as RGB whatever the tag says (YCbCr).
  const rgbJpeg = (compression === 6 || compression === 7) && samples === 3;
  if (![0, 1, 2, 3, 5].includes(photometric) && !rgbJpeg)
    throw new LecternError(
      'UNSUPPORTED_FORMAT',
      `This TIFF's colours are of a kind Lectern does not read (photometric ${photometric})${where}. Save it again as RGB or greyscale and import that.`,
    );
  checkUncompressedSize(ifd, Math.ceil((width * bits * samples) / 8), height, where);
  try {
    UTIF.decodeImage(buffer, ifd);
  } catch (error) {
    throw damagedTiff(`${(error as Error).message}${where}`);
  }
  const data = ifd.data;
  const rowBytes = Math.ceil((width * bits * samples) / 8);
  if (!data || data.length < rowBytes * height) throw damagedTiff(`its image data is cut short${where}`);
  const dpi = resolution(ifd);
  const flate = (pixels: Uint8Array) => zlib.deflateSync(pixels.subarray(0, pixels.length));
  // Grey or bilevel, one sample of 1, 2, 4 or 8 bits: PDF's own layout (rows padded to a byte). WhiteIsZero is inverted by /Decode.
  if ((photometric === 0 || photometric === 1) && samples === 1 && [1, 2, 4, 8].includes(bits)) {
    const decode = photometric === 0 ? ' /Decode [1 0]' : '';
    return { width, height, dpi, dict: `/ColorSpace /DeviceGray /BitsPerComponent ${bits}${decode} /Filter /FlateDecode`, data: flate(data.subarray(0, rowBytes * height)) };
  }
  if ((photometric === 2 || rgbJpeg) && samples === 3 && bits === 8) {
    return { width, height, dpi, dict: '/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode', data: flate(data.subarray(0, rowBytes * height)) };
  }
  const rgba = UTIF.toRGBA8(ifd);
  ifd.data = undefined; // the samples are no longer needed while the RGB copy is made
  return { width, height, dpi, dict: '/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode', data: flate(rgbOnWhite(rgba)) };
}

/** Every strip (or tile) lies inside the file: a cut file is refused, not read as a blank or half page. */
function checkStrips(ifd: Ifd, length: number, where: string): void {
  const offsets = nums(ifd, 273) ?? nums(ifd, 324);
  const counts = nums(ifd, 279) ?? nums(ifd, 325);
  if (!offsets || offsets.length === 0) throw damagedTiff(`no image data${where}`);
  if (!counts || counts.length < offsets.length) {
    // utif computes the one strip of an uncompressed image itself; anything else needs its byte counts.
    if ((num(ifd, 259) ?? 1) === 1 && offsets.length === 1) return;
    throw damagedTiff(`no strip sizes${where}`);
  }
  offsets.forEach((offset, i) => {
    if (offset + counts[i]! > length) throw damagedTiff(`it is cut short${where}`);
  });
}

/** Uncompressed strips hold every row: utif would read past short ones as blank. */
function checkUncompressedSize(ifd: Ifd, rowBytes: number, height: number, where: string): void {
  const counts = nums(ifd, 279) ?? nums(ifd, 325);
  if ((num(ifd, 259) ?? 1) !== 1 || !counts || num(ifd, 322) !== undefined) return;
  if (counts.reduce((a, b) => a + b, 0) < rowBytes * height) throw damagedTiff(`its image data is cut short${where}`);
}

/** Counts the pages' directories, refusing a chain that leaves the file or loops. */
function walkDirectories(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8) throw damagedTiff('it is cut short');
  const little = bytes[0] === 0x49;
  const magic = view.getUint16(2, little);
  if (magic === 43)
    throw new LecternError(
      'UNSUPPORTED_FORMAT',
      'This is a BigTIFF file (over 4 GB in layout), which Lectern does not read. Save it as an ordinary TIFF or as PDF and import that.',
    );
  if (magic !== 42) throw damagedTiff('no TIFF header');
  const seen = new Set<number>();
  let count = 0;
  for (let at = view.getUint32(4, little); at !== 0; count++) {
    if (seen.has(at) || count >= MAX_PAGES) throw damagedTiff('its list of pages loops');
    seen.add(at);
    if (at + 2 > bytes.length) throw damagedTiff('it is cut short');
    const entries = view.getUint16(at, little);
    if (at + 2 + entries * 12 + 4 > bytes.length) throw damagedTiff('it is cut short');
    at = view.getUint32(at + 2 + entries * 12, little);
  }
  return count;
}

function resolution(ifd: Ifd): { x: number; y: number } {
  const unit = num(ifd, 296) ?? 2; // 1 none, 2 inch, 3 centimetre
  const scale = unit === 3 ? 2.54 : 1;
  const [x, y] = [num(ifd, 282), num(ifd, 283)];
  if (unit === 1 || !x || !y || !Number.isFinite(x) || !Number.isFinite(y)) return { x: DEFAULT_DPI, y: DEFAULT_DPI };
  return { x: x * scale, y: y * scale };
}

/** RGBA laid on white, the alpha dropped: a page is paper. */
function rgbOnWhite(rgba: Uint8Array): Uint8Array {
  const out = new Uint8Array((rgba.length / 4) * 3);
  for (let p = 0, q = 0; p < rgba.length; p += 4, q += 3) {
    const alpha = rgba[p + 3]!;
    for (let c = 0; c < 3; c++) out[q + c] = Math.round((rgba[p + c]! * alpha + 255 * (255 - alpha)) / 255);
  }
  return out;
}

function nums(ifd: Ifd, tag: number): number[] | undefined {
  const value = ifd[`t${tag}`];
  return Array.isArray(value) && typeof value[0] === 'number' ? (value as number[]) : undefined;
}

function num(ifd: Ifd, tag: number): number | undefined {
  return nums(ifd, tag)?.[0];
}
