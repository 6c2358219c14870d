/**
 * A photographed or scanned page saved as an image (PNG, JPEG, TIFF) becomes a PDF whose page
 * is that image, at its own resolution, so it goes through the same import and OCR as a scanned
 * PDF; a multi-page TIFF gives one page per image (tiffPages). No pixel is decoded where PDF can carry the image as it is: a JPEG is embedded whole
 * (DCTDecode), a PNG's compressed data keeps its PNG predictors (FlateDecode /Predictor 15).
 * Only a PNG with an alpha channel is decoded, to lay it on white.
 */
import zlib from 'node:zlib';
import { LecternError } from '../api/errors.js';
import { tiffPages } from './tiffPages.js';

/** Resolution assumed when an image does not say (most scanners write 300 and say so). */
const DEFAULT_DPI = 300;
/** Larger images are refused before anything is decoded: 100 million pixels, as renderPage allows. */
const MAX_PIXELS = 100_000_000;

export type ImageKind = 'png' | 'jpeg' | 'tiff';

/** An image as a PDF image XObject carries it. */
export interface PdfImage {
  width: number;
  height: number;
  dpi: { x: number; y: number };
  /** The image XObject's dictionary entries, apart from Type, Subtype, Width, Height, Length. */
  dict: string;
  data: Uint8Array;
}

/** What the bytes are, by their signature; null when neither. */
export function imageKind(bytes: Uint8Array): ImageKind | null {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  // Little-endian "II*\0" or big-endian "MM\0*" (BigTIFF's 43 is recognised too, to be refused by name).
  if (
    (bytes[0] === 0x49 && bytes[1] === 0x49 && (bytes[2] === 42 || bytes[2] === 43) && bytes[3] === 0) ||
    (bytes[0] === 0x4d && bytes[1] === 0x4d && bytes[2] === 0 && (bytes[3] === 42 || bytes[3] === 43))
  )
    return 'tiff';
  return null;
}

/** The image as a PDF (one page, or one per page of a TIFF), each page the image's own size at its resolution. Throws UNSUPPORTED_FORMAT (unreadable) or PAGE_TOO_LARGE, saying what to do. */
export function imageAsPdf(bytes: Uint8Array, kind: ImageKind): Uint8Array {
  if (kind === 'tiff') return writePdf(tiffPages(bytes, MAX_PIXELS));
  return writePdf([kind === 'jpeg' ? readJpeg(bytes) : readPng(bytes)]);
}

/** Refuses an image too large to draw before a byte of it is decoded. */
function checkSize(width: number, height: number): void {
  if (width * height <= MAX_PIXELS) return;
  throw new LecternError(
    'PAGE_TOO_LARGE',
    `This image is ${width} × ${height} pixels, over the ${MAX_PIXELS / 1e6}-million-pixel limit. Shrink it in an image editor and import it again.`,
  );
}

function damaged(kind: string, why: string): LecternError {
  return new LecternError('UNSUPPORTED_FORMAT', `This ${kind} image cannot be read (${why}). Open it in an image editor, save it again as PNG or JPEG, and import that.`);
}

function readJpeg(bytes: Uint8Array): PdfImage {
  let dpi: { x: number; y: number } | null = null;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw damaged('JPEG', `no marker at byte ${at}`);
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const segment = bytes.subarray(at + 4, at + 2 + length);
    // JFIF APP0: density units 1 = per inch, 2 = per centimetre.
    if (marker === 0xe0 && String.fromCharCode(...segment.subarray(0, 5)) === 'JFIF\0' && segment.length >= 12) {
      const units = segment[7]!;
      const [x, y] = [(segment[8]! << 8) | segment[9]!, (segment[10]! << 8) | segment[11]!];
      if (units === 1 && x > 0 && y > 0) dpi = { x, y };
      if (units === 2 && x > 0 && y > 0) dpi = { x: x * 2.54, y: y * 2.54 };
    }
    // Start of frame (baseline, extended, progressive, lossless; not DHT 0xc4, JPG 0xc8, DAC 0xcc).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = (segment[1]! << 8) | segment[2]!;
      const width = (segment[3]! << 8) | segment[4]!;
      const components = segment[5]!;
      const space = components === 1 ? '/DeviceGray' : components === 3 ? '/DeviceRGB' : components === 4 ? '/DeviceCMYK' : null;
      if (!space || width === 0 || height === 0) throw damaged('JPEG', `${components} colour components, ${width} × ${height}`);
      checkSize(width, height);
      // Adobe's CMYK JPEGs store their ink inverted.
      const decode = components === 4 ? ' /Decode [1 0 1 0 1 0 1 0]' : '';
      return { width, height, dpi: dpi ?? { x: DEFAULT_DPI, y: DEFAULT_DPI }, dict: `/ColorSpace ${space} /BitsPerComponent 8${decode} /Filter /DCTDecode`, data: bytes };
    }
    at += 2 + length;
  }
  throw damaged('JPEG', 'no image frame');
}

function readPng(bytes: Uint8Array): PdfImage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | null = null;
  let palette: Uint8Array | null = null;
  let dpi: { x: number; y: number } | null = null;
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 12 <= bytes.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (data.length !== length) throw damaged('PNG', 'it is cut short');
    if (type === 'IHDR') header = { width: view.getUint32(at + 8), height: view.getUint32(at + 12), depth: data[8]!, colour: data[9]!, interlace: data[12]! };
    else if (type === 'PLTE') palette = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'pHYs' && data[8] === 1) {
      // Pixels per metre.
      const [x, y] = [view.getUint32(at + 8), view.getUint32(at + 12)];
      if (x > 0 && y > 0) dpi = { x: x * 0.0254, y: y * 0.0254 };
    } else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (!header || idat.length === 0) throw damaged('PNG', 'no image data');
  const { width, height, depth, colour, interlace } = header;
  if (width === 0 || height === 0) throw damaged('PNG', 'it is 0 pixels wide or high');
  checkSize(width, height);
  const compressed = Buffer.concat(idat);
  const resolution = dpi ?? { x: DEFAULT_DPI, y: DEFAULT_DPI };
  if (interlace !== 0) {
    throw new LecternError(
      'UNSUPPORTED_FORMAT',
      'This PNG is interlaced, which Lectern does not read yet. Save it again without interlacing (any image editor can) and import that.',
    );
  }
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colour];
  if (channels === undefined) throw damaged('PNG', `colour type ${colour}`);
  if (colour === 4 || colour === 6) {
    if (depth !== 8) throw new LecternError('UNSUPPORTED_FORMAT', `This PNG has ${depth}-bit colour with transparency. Save it again as an 8-bit PNG or a JPEG and import that.`);
    const pixels = onWhite(unfilter(inflate(compressed), width, height, channels), channels);
    return {
      width,
      height,
      dpi: resolution,
      dict: `/ColorSpace ${colour === 4 ? '/DeviceGray' : '/DeviceRGB'} /BitsPerComponent 8 /Filter /FlateDecode`,
      data: zlib.deflateSync(pixels),
    };
  }
  const params = `/DecodeParms << /Predictor 15 /Colors ${channels} /BitsPerComponent ${depth} /Columns ${width} >>`;
  if (colour === 3) {
    if (!palette) throw damaged('PNG', 'a palette image with no palette');
    const hex = Buffer.from(palette).toString('hex');
    return {
      width,
      height,
      dpi: resolution,
      dict: `/ColorSpace [/Indexed /DeviceRGB ${palette.length / 3 - 1} <${hex}>] /BitsPerComponent ${depth} /Filter /FlateDecode ${params}`,
      data: compressed,
    };
  }
  return {
    width,
    height,
    dpi: resolution,
    dict: `/ColorSpace ${colour === 0 ? '/DeviceGray' : '/DeviceRGB'} /BitsPerComponent ${depth} /Filter /FlateDecode ${params}`,
    data: compressed,
  };
}

function inflate(data: Uint8Array): Buffer {
  try {
    return zlib.inflateSync(data, { maxOutputLength: MAX_PIXELS * 4 + MAX_PIXELS / 8 });
  } catch (error) {
    throw damaged('PNG', (error as Error).message);
  }
}

/** Undoes PNG's per-row filters (8-bit samples): None, Sub, Up, Average, Paeth. */
function unfilter(data: Uint8Array, width: number, height: number, channels: number): Uint8Array {
  const stride = width * channels;
  if (data.length < (stride + 1) * height) throw damaged('PNG', 'its image data is cut short');
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)]!;
    const row = y * stride;
    const src = y * (stride + 1) + 1;
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? out[row + i - channels]! : 0;
      const up = y > 0 ? out[row - stride + i]! : 0;
      const corner = y > 0 && i >= channels ? out[row - stride + i - channels]! : 0;
      const predicted = filter === 0 ? 0 : filter === 1 ? left : filter === 2 ? up : filter === 3 ? (left + up) >> 1 : paeth(left, up, corner);
      out[row + i] = (data[src + i]! + predicted) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Grey-alpha or RGBA pixels laid on white, the alpha dropped: a page is paper. */
function onWhite(pixels: Uint8Array, channels: number): Uint8Array {
  const colours = channels - 1;
  const count = pixels.length / channels;
  const out = new Uint8Array(count * colours);
  for (let p = 0; p < count; p++) {
    const alpha = pixels[p * channels + colours]!;
    for (let c = 0; c < colours; c++) out[p * colours + c] = Math.round((pixels[p * channels + c]! * alpha + 255 * (255 - alpha)) / 255);
  }
  return out;
}

function writePdf(images: readonly PdfImage[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const offsets: number[] = [];
  let length = 0;
  const add = (part: string | Uint8Array) => {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'latin1') : part;
    parts.push(bytes);
    length += bytes.length;
  };
  const object = (n: number, body: string, stream?: Uint8Array) => {
    offsets[n] = length;
    add(`${n} 0 obj\n${body}\n`);
    if (stream) {
      add('stream\n');
      add(stream);
      add('\nendstream\n');
    }
    add('endobj\n');
  };
  add('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  // Each page is three objects from 3: the page, its image, its content stream.
  object(2, `<< /Type /Pages /Kids [${images.map((_, i) => `${3 + i * 3} 0 R`).join(' ')}] /Count ${images.length} >>`);
  images.forEach((image, i) => {
    const n = 3 + i * 3;
    const w = ((image.width * 72) / image.dpi.x).toFixed(2);
    const h = ((image.height * 72) / image.dpi.y).toFixed(2);
    const content = `q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`;
    object(n, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im0 ${n + 1} 0 R >> >> /Contents ${n + 2} 0 R >>`);
    object(n + 1, `<< /Type /XObject /Subtype /Image /Width ${image.width} /Height ${image.height} ${image.dict} /Length ${image.data.length} >>`, image.data);
    object(n + 2, `<< /Length ${content.length} >>`, Buffer.from(content, 'latin1'));
  });
  const xref = length;
  const size = 3 + images.length * 3;
  add(
    `xref\n0 ${size}\n0000000000 65535 f \n${offsets
      .slice(1)
      .map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)
      .join('')}`,
  );
  add(`trailer\n<< /Size ${size} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts);
}
