import type { WrappedPdfiumModule } from '@embedpdf/pdfium';

/**
 * The Emscripten module under the wrapper: PDFium's C functions as raw WebAssembly exports
 * (numbers in, numbers out) and the heap views. Per-character calls go through these
 * directly; the wrapper's `cwrap` layer costs more than the call itself in a loop over
 * every character of a book.
 */
export interface RawPdfium {
  HEAPU8: Uint8Array;
  HEAP32: Int32Array;
  HEAPF32: Float32Array;
  HEAPF64: Float64Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  _FPDFText_CountChars(textPage: number): number;
  _FPDFText_GetUnicode(textPage: number, index: number): number;
  _FPDFText_GetCharBox(textPage: number, index: number, left: number, right: number, bottom: number, top: number): number;
  _FPDFText_GetLooseCharBox(textPage: number, index: number, rect: number): number;
  _FPDFText_GetCharOrigin(textPage: number, index: number, x: number, y: number): number;
  _FPDFText_GetMatrix(textPage: number, index: number, matrix: number): number;
  _FPDFText_GetFontSize(textPage: number, index: number): number;
  _FPDFText_GetTextObject(textPage: number, index: number): number;
  _FPDFText_IsGenerated(textPage: number, index: number): number;
  _FPDFText_IsHyphen(textPage: number, index: number): number;
  _FPDFText_HasUnicodeMapError(textPage: number, index: number): number;
  _FPDFText_GetFontWeight(textPage: number, index: number): number;
  _FPDFText_GetFontInfo(textPage: number, index: number, buffer: number, length: number, flags: number): number;
}

export function rawPdfium(pdfium: WrappedPdfiumModule): RawPdfium {
  return pdfium.pdfium as unknown as RawPdfium;
}
