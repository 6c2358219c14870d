/**
 * Worker thread: opens PDFs with PDFium (WebAssembly) and lays out their pages. One document
 * may be open in several workers at once, each reading its own range of pages. pdf.js stays
 * the app's viewer; page geometry from here is in the same PDF user space it draws in.
 */
import { parentPort } from 'node:worker_threads';
import { setImmediate as yieldToMessages } from 'node:timers/promises';
import type { WrappedPdfiumModule } from '@embedpdf/pdfium';
import { toErrorInfo } from '../api/errors.js';
import type { LayoutPage } from './pageModel.js';
import { lowerThreadPriority } from './lowerThreadPriority.js';
import { loadPdfium, pdfiumMemoryBytes } from './pdfium/loadPdfium.js';
import { PdfiumDocument } from './pdfium/PdfiumDocument.js';
import { readLayoutPage } from './pdfium/readLayoutPage.js';
import { structurePdf } from './structurePdf.js';
import type { FromPdfWorker, OpenedPdf, ToPdfWorker } from './pdfWorkerProtocol.js';

const port = parentPort;
if (!port) throw new Error('pdfWorker must run in a worker thread');
// Reading PDFs yields the cores to the thread that answers the app (search while importing).
lowerThreadPriority();

const open = new Map<string, PdfiumDocument>();
const cancelled = new Set<number>();
/** Ends of tasks carry the WebAssembly memory PDFium holds, which never shrinks: the pool recycles a worker that grew too large. */
const send = (message: FromPdfWorker) => {
  if ((message.type === 'done' || message.type === 'failed') && pdfium) message.wasmBytes = pdfiumMemoryBytes(pdfium);
  port.postMessage(message);
};
let pdfium: WrappedPdfiumModule | null = null;

port.on('message', (message: ToPdfWorker) => {
  switch (message.type) {
    case 'pages':
      void handlePages(message.taskId, message.key, message.data, message.from, message.to, (page) => send({ type: 'page', taskId: message.taskId, page }));
      break;
    case 'read':
      void handleRead(message);
      break;
    case 'cancel':
      cancelled.add(message.taskId);
      break;
    case 'warm':
      loadPdfium().then(
        (loaded) => {
          pdfium = loaded;
          send({ type: 'done', taskId: message.taskId });
        },
        (error: unknown) => send({ type: 'failed', taskId: message.taskId, error: toErrorInfo(error) }),
      );
      break;
    case 'close': {
      const doc = open.get(message.key);
      open.delete(message.key);
      doc?.close();
      break;
    }
  }
});

/** Loads PDFium (compiling it takes a while on a fresh worker), then tells the pool the task's own work begins. */
async function begin(taskId: number): Promise<void> {
  pdfium ??= await loadPdfium();
  send({ type: 'started', taskId });
}

async function getDoc(key: string, data: SharedArrayBuffer): Promise<PdfiumDocument> {
  let doc = open.get(key);
  if (!doc) {
    pdfium ??= await loadPdfium();
    // Read from the shared bytes on demand, not copied whole into each worker's WebAssembly memory.
    doc = open.get(key) ?? PdfiumDocument.openOnDemand(pdfium, new Uint8Array(data));
    open.set(key, doc);
  }
  return doc;
}

/**
 * Opens a document and, unless it is long enough to split across workers, reads and
 * structures it here, so only the compact result (page texts, geometry, sections,
 * passages) crosses to the main thread.
 */
async function handleRead(message: Extract<ToPdfWorker, { type: 'read' }>): Promise<void> {
  const { taskId } = message;
  let info: OpenedPdf;
  try {
    await begin(taskId);
    const doc = await getDoc(message.key, message.data);
    info = { numPages: doc.pageCount, title: doc.metadataTitle(), outline: doc.outline() };
  } catch (error) {
    send({ type: 'failed', taskId, error: toErrorInfo(error) });
    return;
  }
  if (info.numPages > message.maxPages) {
    send({
      type: 'failed',
      taskId,
      error: { code: 'TOO_MANY_PAGES', message: `This PDF has ${info.numPages} pages, over the ${message.maxPages}-page limit for one document. Split it, or raise the limit.` },
    });
    return;
  }
  if (info.numPages === 0) {
    send({ type: 'failed', taskId, error: { code: 'DAMAGED_PDF', message: 'This PDF has no pages.' } });
    return;
  }
  if (info.numPages >= message.splitFrom) {
    send({ type: 'opened', taskId, info });
    return;
  }
  const pages: LayoutPage[] = [];
  const ok = await handlePages(
    taskId,
    message.key,
    message.data,
    1,
    info.numPages,
    (page) => {
      pages.push(page);
      send({ type: 'progress', taskId, pagesDone: pages.length, pagesTotal: info.numPages });
    },
    false,
  );
  if (!ok) return;
  try {
    const document = structurePdf(pages, info.outline, info.title, message.file, message.limits, message.qualityChecks);
    const buffers = document.pages.flatMap((p) => (p.geometry ? [p.geometry.buffer as ArrayBuffer] : []));
    port!.postMessage({ type: 'structured', taskId, document, wasmBytes: pdfium ? pdfiumMemoryBytes(pdfium) : undefined } satisfies FromPdfWorker, buffers);
  } catch (error) {
    send({ type: 'failed', taskId, error: toErrorInfo(error) });
  }
}

/** Reads pages `from`..`to`; reports `done` (when `reportDone`) or `failed`. Resolves false on failure or cancel. */
async function handlePages(
  taskId: number,
  key: string,
  data: SharedArrayBuffer,
  from: number,
  to: number,
  onPage: (page: LayoutPage) => void,
  reportDone = true,
): Promise<boolean> {
  try {
    if (reportDone) await begin(taskId);
    const doc = await getDoc(key, data);
    for (let n = from; n <= to; n++) {
      // Reading a page is synchronous: let a cancel message in between pages.
      if (n > from && (n - from) % 4 === 0) await yieldToMessages();
      if (cancelled.has(taskId)) break;
      const page = readLayoutPage(doc, n);
      onPage(page);
    }
    if (cancelled.has(taskId)) {
      send({ type: 'failed', taskId, error: { code: 'CANCELLED', message: 'Cancelled.' } });
      return false;
    }
    if (reportDone) send({ type: 'done', taskId });
    return true;
  } catch (error) {
    send({ type: 'failed', taskId, error: toErrorInfo(error) });
    return false;
  } finally {
    cancelled.delete(taskId);
  }
}
