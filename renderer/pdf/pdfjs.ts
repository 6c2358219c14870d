/**
 * pdf.js for the reader: the browser build, its worker bundled beside the app (no CDN, and the
 * CSP allows only 'self' workers), and the viewer component, which reads pdf.js from a global.
 */
import * as pdfjsLib from 'pdfjs-dist/build/pdf.mjs';
import workerUrl from 'pdfjs-dist/build/pdf.worker.mjs?url';

pdfjsLib.GlobalWorkerOptions.workerSrc = workerUrl;

export { pdfjsLib };

type ViewerModule = typeof import('pdfjs-dist/web/pdf_viewer.mjs');
let viewerModule: Promise<ViewerModule> | null = null;

/** The PDFViewer component; imported only once `globalThis.pdfjsLib` is set, as it requires. */
export function loadPdfViewer(): Promise<ViewerModule> {
  (globalThis as { pdfjsLib?: unknown }).pdfjsLib = pdfjsLib;
  viewerModule ??= import('pdfjs-dist/web/pdf_viewer.mjs');
  return viewerModule;
}

/** Opens a PDF with scripting and eval off: a document is something to read, not to run. */
export function openPdf(url: string) {
  return pdfjsLib.getDocument({ url, isEvalSupported: false, enableXfa: false, disableAutoFetch: false });
}
