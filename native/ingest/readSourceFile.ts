import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { LecternError } from '../api/errors.js';
import type { DocumentFormat } from '../api/types.js';
import { formatBytes } from '../formatBytes.js';
import { imageAsPdf, imageKind } from './imageAsPdf.js';

export interface SourceFile {
  path: string;
  bytes: Uint8Array;
  sha256: string;
  format: DocumentFormat;
  /** The file's own size: an image's, not that of the PDF `bytes` made of it. */
  size: number;
}

const TEXT_EXTENSIONS: Record<string, DocumentFormat> = { '.txt': 'txt', '.text': 'txt', '.md': 'md', '.markdown': 'md' };
const MARKUP_EXTENSIONS: Record<string, DocumentFormat> = { '.epub': 'epub', '.docx': 'docx', '.html': 'html', '.htm': 'html', '.xhtml': 'html' };
/** Images of pages: imported as a scan (imageAsPdf; a TIFF's pages each a page), so OCR reads them. */
const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.tif', '.tiff'];
export const SUPPORTED_EXTENSIONS = ['.pdf', ...Object.keys(TEXT_EXTENSIONS), ...Object.keys(MARKUP_EXTENSIONS), ...IMAGE_EXTENSIONS];

/**
 * Reads a file whole, hashes it and decides its format from its bytes first, its name second.
 * A PNG, JPEG or TIFF image comes back as the PDF that holds it (format 'pdf'; a page per TIFF
 * page), its hash still the image file's own.
 */
export async function readSourceFile(file: string, maxBytes: number): Promise<SourceFile> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LecternError('FILE_NOT_FOUND', `File not found: ${file}`);
    throw new LecternError('FILE_UNREADABLE', `Cannot read ${file}: ${(error as Error).message}`);
  }
  if (!stat.isFile()) throw new LecternError('FILE_UNREADABLE', `${file} is not a regular file.`);
  if (stat.size === 0) throw new LecternError('EMPTY_FILE', 'This file is empty (0 bytes). It may not have finished downloading or copying.');
  if (stat.size > maxBytes) {
    throw new LecternError('FILE_TOO_LARGE', `This file is ${formatBytes(stat.size)}, over the ${formatBytes(maxBytes)} import limit. Split it, or raise the limit in settings.`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await readIntoShared(file, stat.size);
  } catch (error) {
    throw new LecternError('FILE_UNREADABLE', `Cannot read ${file}: ${(error as Error).message}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const image = imageKind(bytes);
  // A .pdf that is an image stays refused as NOT_A_PDF (detectFormat): the name says the person expected something else.
  if (image && path.extname(file).toLowerCase() !== '.pdf') return { path: file, bytes: imageAsPdf(bytes, image), sha256, format: 'pdf', size: bytes.length };
  const format = detectFormat(file, bytes);
  // Other readers get an ordinary buffer (a TextDecoder refuses shared memory); text files are small beside scans.
  return { path: file, bytes: format === 'pdf' ? bytes : Buffer.from(bytes), sha256, format, size: bytes.length };
}

/**
 * The file read straight into shared memory: a PDF's bytes go to the PDFium workers as they are
 * (sharedPdfBytes), so a 250 MB scan is held once, not once read and once shared.
 */
async function readIntoShared(file: string, size: number): Promise<Uint8Array> {
  const handle = await fs.open(file, 'r');
  try {
    const bytes = new Uint8Array(new SharedArrayBuffer(size));
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(bytes, at, size - at, at);
      if (bytesRead === 0) break; // the file shrank since it was measured: what there is
      at += bytesRead;
    }
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    await handle.close();
  }
}

/** A PDF's bytes as the SharedArrayBuffer its workers read: the one readSourceFile read into, else a copy. */
export function sharedPdfBytes(bytes: Uint8Array): SharedArrayBuffer {
  if (bytes.buffer instanceof SharedArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes.buffer;
  const shared = new SharedArrayBuffer(bytes.byteLength);
  new Uint8Array(shared).set(bytes);
  return shared;
}

function detectFormat(file: string, bytes: Uint8Array): DocumentFormat {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  const ext = path.extname(file).toLowerCase();
  if (ext === '.pdf') {
    const looks = describeBytes(bytes);
    throw new LecternError('NOT_A_PDF', `This file is named .pdf but is not a PDF${looks ? ` (it looks like ${looks})` : ''}. Export or save it as a PDF and import that.`);
  }
  const markup = MARKUP_EXTENSIONS[ext];
  // The readers check the container themselves (a .doc renamed .docx, a damaged zip) and say what is
  // wrong; a file that is plainly something else (text, an image) is named for what it is.
  if (markup) {
    const zipped = markup === 'epub' || markup === 'docx';
    const looks = zipped && !startsWith(bytes, ZIP) && !startsWith(bytes, OLD_OFFICE) ? describeBytes(bytes) : null;
    if (looks) {
      throw new LecternError(
        'UNSUPPORTED_FORMAT',
        `This file is named ${ext} but is not ${markup === 'epub' ? 'an EPUB book' : 'a Word document'}: it looks like ${looks}. Import it under its own type, or save it again from the program that made it.`,
      );
    }
    return markup;
  }
  const text = TEXT_EXTENSIONS[ext];
  if (text) {
    if (bytes.includes(0)) throw new LecternError('UNSUPPORTED_FORMAT', `This ${ext} file holds binary data, not text.`);
    return text;
  }
  const looks = describeBytes(bytes);
  throw new LecternError(
    'UNSUPPORTED_FORMAT',
    `Lectern imports PDF, EPUB, Word (.docx), HTML, plain text and Markdown files, and PNG, JPEG and TIFF images; this is ${looks ?? `a ${ext || 'extensionless'} file`}.`,
  );
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLD_OFFICE = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

const SIGNATURES: Array<[number[], string]> = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive or an Office document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x49, 0x49, 0x2a, 0x00], 'a TIFF image'],
  [[0x4d, 0x4d, 0x00, 0x2a], 'a TIFF image'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Microsoft Office document'],
  [[0x7b, 0x5c, 0x72, 0x74, 0x66], 'an RTF document'],
  [[0x1f, 0x8b], 'a gzip archive'],
  [[0x3c, 0x21, 0x44, 0x4f, 0x43], 'an HTML page'],
  [[0x3c, 0x68, 0x74, 0x6d, 0x6c], 'an HTML page'],
];

function describeBytes(bytes: Uint8Array): string | null {
  for (const [sig, name] of SIGNATURES) if (startsWith(bytes, sig)) return name;
  const sample = bytes.subarray(0, 512);
  if (sample.length > 0 && !sample.includes(0)) return 'a text file';
  return null;
}

/** A PDF's last bytes hold `%%EOF`; without it the file was cut short. */
export function looksTruncated(bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString('latin1');
  return !tail.includes('%%EOF');
}
