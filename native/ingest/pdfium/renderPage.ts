import type { WrappedPdfiumModule } from '@embedpdf/pdfium';
import { LecternError } from '../../api/errors.js';
import { rawPdfium } from './rawPdfium.js';

/** A page drawn to 8-bit grey pixels, rows top to bottom, and how its pixels map back onto the page. */
export interface RenderedPage {
  width: number;
  height: number;
  pixels: Uint8Array;
  /** Resolution drawn at, in pixels per inch. */
  dpi: number;
  /**
   * Pixel (x, y) → PDF user space relative to the visible box's lower-left corner, the space
   * page geometry is stored in: `[a, b, c, d, e, f]` with x' = a·x + c·y + e, y' = b·x + d·y + f.
   */
  toPage: [number, number, number, number, number, number];
  /** Size of the visible box in user space (before the page's own rotation), in points: the frame page geometry is in. */
  userWidth: number;
  userHeight: number;
}

export interface RenderOptions {
  /** Resolution for pages that are not one full-page image. Default 300. */
  dpi?: number;
  /** Larger renderings are refused with PAGE_TOO_LARGE, never attempted. Default 100 million pixels. */
  maxPixels?: number;
}

const FPDF_PAGEOBJ_IMAGE = 3;
const FPDFBITMAP_BGR = 2;
/** FPDF_ANNOT (stamps and form appearances are part of what a person sees) | FPDF_PRINTING (no selection tints). */
const RENDER_FLAGS = 0x01 | 0x800;
/** A full-page scan is drawn at its own resolution, within these bounds: below 150 DPI words are too small to read, above 600 only slower. */
const MIN_IMAGE_DPI = 150;
const MAX_IMAGE_DPI = 600;
/** An image covering this share of the page is the page (a scan), whatever the margins its scanner left. */
const FULL_PAGE = 0.85;

/**
 * Draws page `number` (1-based) of an open document in grey for OCR. A page that is one image
 * covering the page (a scan) is drawn at that image's own resolution, so no detail is lost or
 * invented; any other page at `dpi`. PDFium draws it, so no canvas package is needed.
 * The bitmap lives in WebAssembly memory only while it is copied out.
 */
export function renderPage(pdfium: WrappedPdfiumModule, documentHandle: number, number: number, options: RenderOptions = {}): RenderedPage {
  const raw = rawPdfium(pdfium);
  const page = pdfium.FPDF_LoadPage(documentHandle, number - 1);
  if (!page) throw new LecternError('DAMAGED_PDF', `Page ${number} of this PDF cannot be read. The file may be damaged; try re-saving it from its source.`);
  const scratch = raw._malloc(64);
  let bitmap = 0;
  try {
    const pageWidth = pdfium.FPDF_GetPageWidthF(page);
    const pageHeight = pdfium.FPDF_GetPageHeightF(page);
    const dpi = imageDpi(pdfium, raw, page, scratch, pageWidth, pageHeight) ?? options.dpi ?? 300;
    const width = Math.max(1, Math.round((pageWidth * dpi) / 72));
    const height = Math.max(1, Math.round((pageHeight * dpi) / 72));
    const maxPixels = options.maxPixels ?? 100_000_000;
    if (width * height > maxPixels) {
      throw new LecternError(
        'PAGE_TOO_LARGE',
        `Page ${number} is too large to read as an image (${width} × ${height} pixels at ${Math.round(dpi)} DPI, over the ${Math.round(maxPixels / 1e6)}-million-pixel limit). Split or shrink the page in a PDF editor and import it again.`,
      );
    }
    bitmap = pdfium.FPDFBitmap_CreateEx(width, height, FPDFBITMAP_BGR, 0, 0);
    if (!bitmap)
      throw new LecternError('PAGE_TOO_LARGE', `Page ${number} is too large to draw in memory (${width} × ${height} pixels). Split or shrink the page and import it again.`);
    pdfium.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xffffffff);
    pdfium.FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0, RENDER_FLAGS);
    const pixels = toGrey(raw.HEAPU8, pdfium.FPDFBitmap_GetBuffer(bitmap), pdfium.FPDFBitmap_GetStride(bitmap), width, height);
    const box = visibleBox(pdfium, raw, page, scratch + 16);
    return { width, height, pixels, dpi, toPage: pixelToPage(pdfium, raw, page, scratch, width, height, box), userWidth: box.right - box.left, userHeight: box.top - box.bottom };
  } finally {
    if (bitmap) pdfium.FPDFBitmap_Destroy(bitmap);
    raw._free(scratch);
    pdfium.FPDF_ClosePage(page);
  }
}

/** The resolution of the image that covers the page, when the page is one; null otherwise. */
function imageDpi(pdfium: WrappedPdfiumModule, raw: ReturnType<typeof rawPdfium>, page: number, s: number, pageWidth: number, pageHeight: number): number | null {
  const count = pdfium.FPDFPage_CountObjects(page);
  if (count > 50) return null;
  let best: { covered: number; pixelsWide: number; pointsWide: number } | null = null;
  for (let i = 0; i < count; i++) {
    const object = pdfium.FPDFPage_GetObject(page, i);
    if (pdfium.FPDFPageObj_GetType(object) !== FPDF_PAGEOBJ_IMAGE) continue;
    if (!pdfium.FPDFPageObj_GetBounds(object, s, s + 4, s + 8, s + 12)) continue;
    const f = s >> 2;
    const [l, b, r, t] = [raw.HEAPF32[f]!, raw.HEAPF32[f + 1]!, raw.HEAPF32[f + 2]!, raw.HEAPF32[f + 3]!];
    const covered = ((r - l) * (t - b)) / (pageWidth * pageHeight);
    if (covered < FULL_PAGE || (best && best.covered >= covered)) continue;
    if (!pdfium.FPDFImageObj_GetImagePixelSize(object, s + 16, s + 20)) continue;
    const [pw, ph] = [raw.HEAP32[(s + 16) >> 2]!, raw.HEAP32[(s + 20) >> 2]!];
    // A quarter turn in the image's matrix swaps which pixel side spans the page's width.
    const pixelsWide = Math.abs(r - l) / Math.abs(t - b) > 1 === pw / ph > 1 ? pw : ph;
    best = { covered, pixelsWide, pointsWide: r - l };
  }
  if (!best || best.pointsWide <= 0) return null;
  const dpi = (best.pixelsWide / best.pointsWide) * 72;
  return Math.min(MAX_IMAGE_DPI, Math.max(MIN_IMAGE_DPI, dpi));
}

function toGrey(heap: Uint8Array, buffer: number, stride: number, width: number, height: number): Uint8Array {
  const grey = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    let p = buffer + y * stride;
    const row = y * width;
    // BT.601 luma in fixed point: blue, green, red.
    for (let x = 0; x < width; x++, p += 3) grey[row + x] = (heap[p]! * 29 + heap[p + 1]! * 150 + heap[p + 2]! * 77) >> 8;
  }
  return grey;
}

/**
 * PDFium's device → page transform for this rendering, as an affine matrix relative to the
 * visible box (what the text extractor measures from), read off three corners so it can be
 * applied after the page is closed.
 */
function pixelToPage(
  pdfium: WrappedPdfiumModule,
  raw: ReturnType<typeof rawPdfium>,
  page: number,
  s: number,
  width: number,
  height: number,
  box: { left: number; bottom: number },
): RenderedPage['toPage'] {
  const at = (x: number, y: number): [number, number] => {
    pdfium.FPDF_DeviceToPage(page, 0, 0, width, height, 0, x, y, s, s + 8);
    return [raw.HEAPF64[s >> 3]!, raw.HEAPF64[(s + 8) >> 3]!];
  };
  const [ox, oy] = at(0, 0);
  const [xx, xy] = at(width, 0);
  const [yx, yy] = at(0, height);
  return [(xx - ox) / width, (xy - oy) / width, (yx - ox) / height, (yy - oy) / height, ox - box.left, oy - box.bottom];
}

/** The visible area (CropBox within MediaBox) in user space, as the text extractor measures it. */
function visibleBox(pdfium: WrappedPdfiumModule, raw: ReturnType<typeof rawPdfium>, page: number, s: number): { left: number; bottom: number; right: number; top: number } {
  if (pdfium.FPDF_GetPageBoundingBox(page, s)) {
    const f = s >> 2;
    const [left, top, right, bottom] = [raw.HEAPF32[f]!, raw.HEAPF32[f + 1]!, raw.HEAPF32[f + 2]!, raw.HEAPF32[f + 3]!];
    if (right > left && top > bottom) return { left, bottom, right, top };
  }
  const rotated = pdfium.FPDFPage_GetRotation(page) % 2 === 1;
  const [w, h] = [pdfium.FPDF_GetPageWidthF(page), pdfium.FPDF_GetPageHeightF(page)];
  return { left: 0, bottom: 0, right: rotated ? h : w, top: rotated ? w : h };
}
