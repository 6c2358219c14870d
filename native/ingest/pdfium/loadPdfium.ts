import fs from 'node:fs';
import { createRequire } from 'node:module';
import { init, type WrappedPdfiumModule } from '@embedpdf/pdfium';
import { rawPdfium } from './rawPdfium.js';

/**
 * PDFium compiled to WebAssembly (@embedpdf/pdfium, pinned: its wrapper exposes PDFium's whole
 * C API, including per-character boxes, font weight and flags, and the Unicode-map error that
 * tells a garbage text layer apart).
 *
 * One instance per thread. The .wasm is read from the package on disk (never fetched), from
 * `app.asar.unpacked` inside the desktop build. No form-fill environment is ever created, so
 * a document's JavaScript never runs.
 */
let instance: Promise<WrappedPdfiumModule> | null = null;

export function loadPdfium(): Promise<WrappedPdfiumModule> {
  instance ??= (async () => {
    const wasmBinary = fs.readFileSync(wasmPath());
    const pdfium = await init({ wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer });
    pdfium.PDFiumExt_Init();
    return pdfium;
  })();
  instance.catch(() => (instance = null));
  return instance;
}

function wasmPath(): string {
  const resolved = createRequire(import.meta.url).resolve('@embedpdf/pdfium/pdfium.wasm');
  return resolved.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/** Bytes of WebAssembly memory this thread's PDFium holds; it grows and never shrinks. */
export function pdfiumMemoryBytes(pdfium: WrappedPdfiumModule): number {
  return rawPdfium(pdfium).HEAPU8.buffer.byteLength;
}
