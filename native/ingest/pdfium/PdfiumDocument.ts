import type { WrappedPdfiumModule } from '@embedpdf/pdfium';
import { LecternError } from '../../api/errors.js';
import type { OutlineEntry, TextLayerStats, TextRun } from '../pageModel.js';
import { buildRuns } from './buildRuns.js';
import { PageChars } from './PageChars.js';
import { rawPdfium, type RawPdfium } from './rawPdfium.js';

/** One page's text as PDFium reads it, positioned in its reading frame. */
export interface PdfiumPage {
  /** Size of the reading frame: the page as its text reads (a page whose text runs up the sheet is turned). */
  width: number;
  height: number;
  /** Degrees the reading frame is turned from PDF user space (0, 90, 180, 270). */
  rotation: number;
  runs: TextRun[];
  stats: TextLayerStats;
}

const FPDF_ERR_PASSWORD = 4;
const FPDF_ERR_SECURITY = 5;
const FPDF_PAGEOBJ_IMAGE = 3;
/** PDFium's font flag for a font drawn bold (PDF FontDescriptor ForceBold). */
const FONT_FORCE_BOLD = 1 << 18;

/** Why PDFium could not open a document, as the error a person can act on. */
function openError(pdfium: WrappedPdfiumModule): LecternError {
  const code = pdfium.FPDF_GetLastError();
  if (code === FPDF_ERR_PASSWORD) {
    return new LecternError('PASSWORD_PROTECTED', 'This PDF is password-protected. Open it with its password in a PDF reader, save an unprotected copy, and import that.');
  }
  if (code === FPDF_ERR_SECURITY) {
    return new LecternError('PASSWORD_PROTECTED', 'This PDF uses an encryption scheme Lectern cannot open. Save an unprotected copy from a PDF reader and import that.');
  }
  return new LecternError('DAMAGED_PDF', 'This PDF is damaged and cannot be read. Try re-saving it from the program that made it.');
}

/** What a page's characters in one font share. */
interface FontFace {
  name: string;
  bold: boolean;
}

interface ObjectStyle {
  /** Index in the page's PageChars.styles. */
  index: number;
  /** For upright text, the baseline's height above the loose box's bottom; null otherwise. */
  baseAboveBottom: number | null;
}

/**
 * A PDF opened in this thread's PDFium. The file's bytes (or, opened on demand, the reader
 * PDFium calls for them) live in WebAssembly memory until `close()`, which must always be
 * called: that memory is not collected.
 */
export class PdfiumDocument {
  private readonly raw: RawPdfium;
  private closed = false;
  /** Scratch memory for out-parameters: 8 doubles, a float matrix, an int, a 256-byte string. */
  private readonly scratch: number;
  /** The page being read's characters: one table for every page. */
  private readonly chars = new PageChars();

  private constructor(
    private readonly pdfium: WrappedPdfiumModule,
    /** PDFium's FPDF_DOCUMENT, for drawing pages (renderPage); valid until close(). */
    readonly handle: number,
    /** Frees what holds or reads the file's bytes, after the document is closed. */
    private readonly releaseData: () => void,
  ) {
    this.raw = rawPdfium(pdfium);
    this.scratch = this.raw._malloc(1024);
  }

  /** Opens a document from bytes, copied into WebAssembly memory; throws PASSWORD_PROTECTED or DAMAGED_PDF. */
  static open(pdfium: WrappedPdfiumModule, bytes: Uint8Array): PdfiumDocument {
    const raw = rawPdfium(pdfium);
    const ptr = raw._malloc(bytes.byteLength);
    if (!ptr) throw new LecternError('FILE_TOO_LARGE', 'This PDF is too large to open in memory.');
    raw.HEAPU8.set(bytes, ptr);
    const handle = pdfium.FPDF_LoadMemDocument(ptr, bytes.byteLength, '');
    if (!handle) {
      raw._free(ptr);
      throw openError(pdfium);
    }
    return new PdfiumDocument(pdfium, handle, () => raw._free(ptr));
  }

  /**
   * Opens a document whose bytes stay where they are (a SharedArrayBuffer every worker reads):
   * PDFium asks for the blocks it needs as it needs them (FPDF_LoadCustomDocument), so a worker
   * holds the objects of the pages it draws, not a copy of the whole file. For a 250 MB scan read
   * by several workers that copy was most of the memory. `bytes` must not change until close().
   */
  static openOnDemand(pdfium: WrappedPdfiumModule, bytes: Uint8Array): PdfiumDocument {
    const module = pdfium.pdfium;
    const raw = rawPdfium(pdfium);
    // PDFium's int (*m_GetBlock)(void* param, unsigned long position, unsigned char* buf, unsigned long size): 1 when read.
    const getBlock = module.addFunction((_param: number, position: number, buf: number, size: number) => {
      const end = position + size;
      if (position < 0 || end > bytes.byteLength) return 0;
      raw.HEAPU8.set(bytes.subarray(position, end), buf); // the heap view of now: memory may have grown
      return 1;
    }, 'iiiii');
    // FPDF_FILEACCESS on wasm32: { unsigned long m_FileLen; m_GetBlock; void* m_Param }.
    const access = raw._malloc(12);
    const release = () => {
      raw._free(access);
      module.removeFunction(getBlock);
    };
    raw.HEAP32.set([bytes.byteLength, getBlock, 0], access >> 2);
    const handle = pdfium.FPDF_LoadCustomDocument(access, '');
    if (!handle) {
      const error = openError(pdfium);
      release();
      throw error;
    }
    return new PdfiumDocument(pdfium, handle, release);
  }

  get pageCount(): number {
    return this.pdfium.FPDF_GetPageCount(this.handle);
  }

  /** The Info dictionary's title, or null when it has none. */
  metadataTitle(): string | null {
    const length = this.pdfium.FPDF_GetMetaText(this.handle, 'Title', 0, 0);
    if (length <= 2) return null;
    const buf = this.raw._malloc(length);
    try {
      this.pdfium.FPDF_GetMetaText(this.handle, 'Title', buf, length);
      const title = this.utf16(buf, length).trim();
      return title || null;
    } finally {
      this.raw._free(buf);
    }
  }

  /** Bookmarks in document order with their levels and 1-based pages (null when unresolvable); at most 5,000. */
  outline(): OutlineEntry[] {
    const entries: OutlineEntry[] = [];
    const seen = new Set<number>();
    const walk = (parent: number, level: number) => {
      for (let bm = this.pdfium.FPDFBookmark_GetFirstChild(this.handle, parent); bm && !seen.has(bm); bm = this.pdfium.FPDFBookmark_GetNextSibling(this.handle, bm)) {
        seen.add(bm);
        if (entries.length >= 5000) return;
        const title = this.bookmarkTitle(bm);
        if (title) entries.push({ title, level, page: this.bookmarkPage(bm) });
        if (level < 32) walk(bm, level + 1);
      }
    };
    walk(0, 1);
    return entries;
  }

  /** Reads page `number` (1-based): text runs with their boxes, fonts and directions, and what the text layer is made of. */
  readPage(number: number): PdfiumPage {
    const page = this.pdfium.FPDF_LoadPage(this.handle, number - 1);
    if (!page) throw new LecternError('DAMAGED_PDF', `Page ${number} of this PDF cannot be read. The file may be damaged; try re-saving it from its source.`);
    let textPage = 0;
    try {
      const box = this.pageBox(page);
      textPage = this.pdfium.FPDFText_LoadPage(page);
      this.chars.clear();
      const read = textPage ? this.readChars(textPage, box) : { chars: 0, unmapped: 0, control: 0 };
      // Image coverage tells a scan apart from a page that is mostly text; a page with plenty of text needs no such count.
      const stats: TextLayerStats = read.chars < 400 ? { ...read, imageCoverage: this.imageCoverage(page, box) } : read;
      const built = buildRuns(this.chars, box.right - box.left, box.top - box.bottom);
      return { width: built.width, height: built.height, rotation: built.rotation, runs: built.runs, stats };
    } finally {
      if (textPage) this.pdfium.FPDFText_ClosePage(textPage);
      this.pdfium.FPDF_ClosePage(page);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pdfium.FPDF_CloseDocument(this.handle);
    this.releaseData();
    this.raw._free(this.scratch);
  }

  /** The visible area (CropBox within MediaBox) that pdf.js also draws, in user space. */
  private pageBox(page: number): { left: number; bottom: number; right: number; top: number } {
    const s = this.scratch;
    // FS_RECTF: left, top, right, bottom as floats.
    if (this.pdfium.FPDF_GetPageBoundingBox(page, s)) {
      const f = this.raw.HEAPF32;
      const [left, top, right, bottom] = [f[s >> 2]!, f[(s >> 2) + 1]!, f[(s >> 2) + 2]!, f[(s >> 2) + 3]!];
      if (right > left && top > bottom) return { left, bottom, right, top };
    }
    return { left: 0, bottom: 0, right: this.pdfium.FPDF_GetPageWidthF(page), top: this.pdfium.FPDF_GetPageHeightF(page) };
  }

  /** Reads the text page's characters into `this.chars`; returns what the text layer is made of. */
  private readChars(textPage: number, box: { left: number; bottom: number; right: number; top: number }): TextLayerStats {
    const raw = this.raw;
    const s = this.scratch;
    const d = s >> 3; // doubles at s .. s+32
    const count = raw._FPDFText_CountChars(textPage);
    const chars = this.chars;
    const stats: TextLayerStats = { chars: 0, unmapped: 0, control: 0 };
    const styles = new Map<number, ObjectStyle>();
    const faces = new Map<number, FontFace>();
    // The heap views, read once: each read of raw.HEAPF32 goes through the module's getter, and
    // the loop reads a box per character. Memory that grows detaches the old buffer (its views
    // read as empty), so a view is fetched again only then.
    let f32 = raw.HEAPF32;
    const f = s >> 2; // FS_RECTF: left, top, right, bottom
    const { left, bottom, right, top } = box;
    // Characters come object by object: the last object's style saves a map lookup per character.
    let lastObject = -1;
    let style: ObjectStyle | undefined;
    let sampled = 0;
    // The exports, taken out of the object that holds hundreds of them (a dictionary lookup per call otherwise).
    const getUnicode = raw._FPDFText_GetUnicode;
    const hasUnicodeMapError = raw._FPDFText_HasUnicodeMapError;
    const getLooseCharBox = raw._FPDFText_GetLooseCharBox;
    const getTextObject = raw._FPDFText_GetTextObject;
    for (let i = 0; i < count; i++) {
      const code = getUnicode(textPage, i);
      if (code === 0x20 || code === 0x0d || code === 0x0a || code === 0x09) {
        // Spaces and line ends, PDFium's own or the file's: word and line breaks, never text.
        chars.pushBreak();
        continue;
      }
      stats.chars++;
      // A missing Unicode map belongs to a font, so every fourth character tells as well as all.
      if ((sampled++ & 3) === 0 && hasUnicodeMapError(textPage, i)) stats.unmapped += 4;
      else if (code === 0xfffd) stats.unmapped++;
      // A line-end hyphen PDFium recognised comes as U+0002 or U+FFFE: a plain hyphen here, so
      // the layout step can rejoin the word.
      const hyphen = code === 0x02 || code === 0xfffe;
      if (!hyphen && (code < 0x20 || (code >= 0x7f && code <= 0x9f))) {
        stats.control++;
        continue;
      }
      // The loose box spans the glyph's advance and the font's ascent to descent: words are
      // told apart by the gaps between advances (tight glyph boxes split monospaced words).
      getLooseCharBox(textPage, i, s);
      if (f32.length === 0) f32 = raw.HEAPF32;
      const x0 = f32[f]!;
      const y1 = f32[f + 1]!;
      const x1 = f32[f + 2]!;
      const y0 = f32[f + 3]!;
      // Printer's marks and line numbers outside the visible box are not the document's text.
      const cx = (x0 + x1) / 2;
      const cy = (y0 + y1) / 2;
      if (cx < left - 1 || cx > right + 1 || cy < bottom - 1 || cy > top + 1) continue;
      const object = getTextObject(textPage, i);
      if (object !== lastObject || !style) {
        lastObject = object;
        style = styles.get(object);
        if (!style) {
          style = this.objectStyle(textPage, i, object, y0, faces);
          styles.set(object, style);
          f32 = raw.HEAPF32;
        }
      }
      let ox: number;
      let oy: number;
      if (style.baseAboveBottom !== null) {
        ox = x0;
        oy = y0 + style.baseAboveBottom;
      } else {
        raw._FPDFText_GetCharOrigin(textPage, i, s + 32, s + 40);
        const f64 = raw.HEAPF64;
        ox = f64[d + 4]!;
        oy = f64[d + 5]!;
      }
      chars.push(hyphen ? 0x2d : code, style.index, x0 - left, x1 - left, y0 - bottom, y1 - bottom, ox - left, oy - bottom);
    }
    return stats;
  }

  /**
   * The style of `object`, the text object character `i` belongs to; `y0` is the bottom of the
   * character's loose box. `faces` holds the name and weight of the page's fonts already read:
   * a page's many text objects share a few fonts.
   */
  private objectStyle(textPage: number, i: number, object: number, y0: number, faces: Map<number, FontFace>): ObjectStyle {
    const raw = this.raw;
    const s = this.scratch;
    const m = (s + 64) >> 2; // float matrix at s+64
    const flagsPtr = s + 96;
    const namePtr = s + 128;
    raw._FPDFText_GetMatrix(textPage, i, s + 64);
    const [a, b, c, dd] = [raw.HEAPF32[m]!, raw.HEAPF32[m + 1]!, raw.HEAPF32[m + 2]!, raw.HEAPF32[m + 3]!];
    const size = raw._FPDFText_GetFontSize(textPage, i) * (Math.hypot(c, dd) || 1);
    // PDFium reads name, flags and weight from the text object's font: one font, one answer.
    // Without a font (a character PDFium made up) they are asked per object, as before.
    const font = object ? raw._FPDFTextObj_GetFont(object) : 0;
    let face = font ? faces.get(font) : undefined;
    if (!face) {
      const nameLength = raw._FPDFText_GetFontInfo(textPage, i, namePtr, 256, flagsPtr);
      const name = nameLength > 1 ? this.utf8(namePtr, Math.min(nameLength, 256)) : '';
      const flags = raw.HEAP32[flagsPtr >> 2]!;
      const weight = raw._FPDFText_GetFontWeight(textPage, i);
      face = { name, bold: isBold(name, weight, flags) };
      if (font) faces.set(font, face);
    }
    const angle = (Math.atan2(b, a) * 180) / Math.PI;
    raw._FPDFText_GetCharOrigin(textPage, i, s + 32, s + 40);
    // Upright text: the baseline lies a fixed distance above the loose box's bottom (the
    // font's descent at this size), so the origin is asked once per text object.
    const upright = Math.abs(angle) < 0.5;
    return { index: this.chars.addStyle({ size, angle, name: face.name, bold: face.bold }), baseAboveBottom: upright ? raw.HEAPF64[(s >> 3) + 5]! - y0 : null };
  }

  /** Share of the visible page covered by image objects (0–1). */
  private imageCoverage(page: number, box: { left: number; bottom: number; right: number; top: number }): number {
    const count = this.pdfium.FPDFPage_CountObjects(page);
    const s = this.scratch;
    const f = s >> 2;
    let covered = 0;
    for (let i = 0; i < count && i < 10_000; i++) {
      const object = this.pdfium.FPDFPage_GetObject(page, i);
      if (this.pdfium.FPDFPageObj_GetType(object) !== FPDF_PAGEOBJ_IMAGE) continue;
      if (!this.pdfium.FPDFPageObj_GetBounds(object, s, s + 4, s + 8, s + 12)) continue;
      const [l, b, r, t] = [this.raw.HEAPF32[f]!, this.raw.HEAPF32[f + 1]!, this.raw.HEAPF32[f + 2]!, this.raw.HEAPF32[f + 3]!];
      const w = Math.min(r, box.right) - Math.max(l, box.left);
      const h = Math.min(t, box.top) - Math.max(b, box.bottom);
      if (w > 0 && h > 0) covered += w * h;
    }
    const area = (box.right - box.left) * (box.top - box.bottom);
    return area > 0 ? Math.min(1, covered / area) : 0;
  }

  private bookmarkTitle(bm: number): string {
    const length = this.pdfium.FPDFBookmark_GetTitle(bm, 0, 0);
    if (length <= 2) return '';
    const buf = this.raw._malloc(length);
    try {
      this.pdfium.FPDFBookmark_GetTitle(bm, buf, length);
      return this.utf16(buf, length).replace(/\s+/g, ' ').trim();
    } finally {
      this.raw._free(buf);
    }
  }

  private bookmarkPage(bm: number): number | null {
    let dest = this.pdfium.FPDFBookmark_GetDest(this.handle, bm);
    if (!dest) {
      const action = this.pdfium.FPDFBookmark_GetAction(bm);
      if (action) dest = this.pdfium.FPDFAction_GetDest(this.handle, action);
    }
    if (!dest) return null;
    const index = this.pdfium.FPDFDest_GetDestPageIndex(this.handle, dest);
    return index >= 0 ? index + 1 : null;
  }

  /** A NUL-terminated UTF-16LE string of `bytes` bytes at `ptr`. */
  private utf16(ptr: number, bytes: number): string {
    const view = this.raw.HEAPU8.subarray(ptr, ptr + bytes);
    return UTF16.decode(view).replace(/\0+$/, '');
  }

  private utf8(ptr: number, bytes: number): string {
    return UTF8.decode(this.raw.HEAPU8.subarray(ptr, ptr + bytes)).replace(/\0.*$/s, '');
  }
}

/** Decoders shared by every string read: one per font of every text object was a measurable cost. */
const UTF8 = new TextDecoder();
const UTF16 = new TextDecoder('utf-16le');

const BOLD_NAME = /bold|black|heavy|semibold|demibold|demi\b|extrabold|ultrabold|,b\b|-b\b|bd\b/i;

/**
 * Bold by weight where the font says so; otherwise by name or the ForceBold flag. Weight alone
 * misses most bold text: Word's embedded "Times New Roman,Bold" reports 400.
 */
export function isBold(name: string, weight: number, flags: number): boolean {
  if (weight >= 600) return true;
  const base = name.replace(/^[A-Z]{6}\+/, '');
  return BOLD_NAME.test(base) || (flags & FONT_FORCE_BOLD) !== 0;
}
