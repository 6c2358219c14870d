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
  _FPDFTextObj_GetFont(textObject: number): number;
}

const cache = new WeakMap<object, RawPdfium>();

/**
 * Binds the raw exports. The module's own `_FPDF…` functions are assertion wrappers (the
 * package ships a build with runtime checks) that cost more than the calls; the functions in
 * `wasmExports` are the WebAssembly functions themselves. Heap views are read through the
 * module on each access, since they are replaced whenever memory grows.
 */
export function rawPdfium(pdfium: WrappedPdfiumModule): RawPdfium {
  let raw = cache.get(pdfium);
  if (raw) return raw;
  const module = pdfium.pdfium as unknown as Record<string, unknown> & { wasmExports: Record<string, unknown> };
  const exports = module.wasmExports;
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(exports)) if (typeof fn === 'function') bound[`_${name}`] = fn;
  raw = Object.defineProperties(bound, {
    HEAPU8: { get: () => module.HEAPU8 },
    HEAP32: { get: () => module.HEAP32 },
    HEAPF32: { get: () => module.HEAPF32 },
    HEAPF64: { get: () => module.HEAPF64 },
  }) as unknown as RawPdfium;
  cache.set(pdfium, raw);
  return raw;
}
