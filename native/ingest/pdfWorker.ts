/**
 * Worker thread: opens PDFs with pdf.js and lays out their pages. One document
 * may be open in several workers at once, each reading its own range of pages.
 */
import { parentPort } from 'node:worker_threads';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import { LecternError, toErrorInfo } from '../api/errors.js';
import { layoutPage } from './layoutPage.js';
import type { LayoutPage, OutlineEntry, TextRun } from './pageModel.js';
import { structurePdf } from './structurePdf.js';
import type { FromPdfWorker, OpenedPdf, ToPdfWorker } from './pdfWorkerProtocol.js';

const port = parentPort;
if (!port) throw new Error('pdfWorker must run in a worker thread');

const open = new Map<string, Promise<PDFDocumentProxy>>();
const cancelled = new Set<number>();
const send = (message: FromPdfWorker) => port.postMessage(message);

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
    case 'close': {
      const doc = open.get(message.key);
      open.delete(message.key);
      void doc?.then((d) => d.destroy()).catch(() => {});
      break;
    }
  }
});

function getDoc(key: string, data: SharedArrayBuffer): Promise<PDFDocumentProxy> {
  let doc = open.get(key);
  if (!doc) {
    doc = pdfjs.getDocument({
      data: new Uint8Array(data).slice(),
      isEvalSupported: false,
      enableXfa: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
      verbosity: 0,
    }).promise;
    open.set(key, doc);
    doc.catch(() => open.delete(key));
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
    const doc = await getDoc(message.key, message.data);
    info = { numPages: doc.numPages, title: await readTitle(doc), outline: await readOutline(doc) };
  } catch (error) {
    send({ type: 'failed', taskId, error: describeOpenError(error) });
    return;
  }
  if (info.numPages > message.maxPages) {
    send({ type: 'failed', taskId, error: { code: 'TOO_MANY_PAGES', message: `This PDF has ${info.numPages} pages, over the ${message.maxPages}-page limit for one document. Split it, or raise the limit.` } });
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
  const ok = await handlePages(taskId, message.key, message.data, 1, info.numPages, (page) => {
    pages.push(page);
    send({ type: 'progress', taskId, pagesDone: pages.length, pagesTotal: info.numPages });
  }, false);
  if (!ok) return;
  try {
    const document = structurePdf(pages, info.outline, info.title, message.file, message.limits);
    const buffers = document.pages.flatMap((p) => (p.geometry ? [p.geometry.buffer as ArrayBuffer] : []));
    port!.postMessage({ type: 'structured', taskId, document } satisfies FromPdfWorker, buffers);
  } catch (error) {
    send({ type: 'failed', taskId, error: toErrorInfo(error) });
  }
}

/** Reads pages `from`..`to`; reports `done` (when `reportDone`) or `failed`. Resolves false on failure or cancel. */
async function handlePages(taskId: number, key: string, data: SharedArrayBuffer, from: number, to: number, onPage: (page: LayoutPage) => void, reportDone = true): Promise<boolean> {
  try {
    const doc = await getDoc(key, data);
    for (let n = from; n <= to; n++) {
      if (cancelled.has(taskId)) break;
      const page = await doc.getPage(n);
      try {
        const [x0, y0, x1, y1] = page.view as [number, number, number, number];
        const content = await page.getTextContent({ disableNormalization: false });
        const runs: TextRun[] = [];
        for (const item of content.items) {
          if (!('str' in item) || item.str === '') continue;
          const t = item.transform as number[];
          runs.push({
            str: item.str,
            x: t[4]! - x0,
            y: t[5]! - y0,
            width: item.width,
            fontSize: Math.hypot(t[2]!, t[3]!) || item.height,
            fontName: item.fontName,
          });
        }
        onPage(layoutPage(n, x1 - x0, y1 - y0, runs));
      } catch (error) {
        throw new LecternError('DAMAGED_PDF', `Page ${n} of this PDF cannot be read (${(error as Error).message}). The file may be damaged; try re-saving it from its source.`);
      } finally {
        page.cleanup();
      }
    }
    if (cancelled.has(taskId)) {
      send({ type: 'failed', taskId, error: { code: 'CANCELLED', message: 'Cancelled.' } });
      return false;
    }
    if (reportDone) send({ type: 'done', taskId });
    return true;
  } catch (error) {
    send({ type: 'failed', taskId, error: error instanceof LecternError ? error.toInfo() : describeOpenError(error) });
    return false;
  } finally {
    cancelled.delete(taskId);
  }
}

async function readTitle(doc: PDFDocumentProxy): Promise<string | null> {
  try {
    const meta = await doc.getMetadata();
    const info = meta.info as { Title?: unknown } | undefined;
    const title = typeof info?.Title === 'string' ? info.Title.trim() : '';
    return title || null;
  } catch {
    return null;
  }
}

async function readOutline(doc: PDFDocumentProxy): Promise<OutlineEntry[]> {
  const entries: OutlineEntry[] = [];
  let outline: Awaited<ReturnType<PDFDocumentProxy['getOutline']>> | null;
  try {
    outline = await doc.getOutline();
  } catch {
    return entries;
  }
  const walk = async (items: typeof outline, level: number) => {
    for (const item of items ?? []) {
      const title = (item.title ?? '').replace(/\s+/g, ' ').trim();
      if (title) entries.push({ title, level, page: await resolvePage(doc, item.dest) });
      if (entries.length > 5000) return;
      await walk(item.items, level + 1);
    }
  };
  await walk(outline, 1);
  return entries;
}

async function resolvePage(doc: PDFDocumentProxy, dest: unknown): Promise<number | null> {
  try {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
    if (!Array.isArray(explicit) || explicit.length === 0) return null;
    const target = explicit[0];
    if (typeof target === 'number') return target + 1;
    return (await doc.getPageIndex(target)) + 1;
  } catch {
    return null;
  }
}

function describeOpenError(error: unknown): ReturnType<typeof toErrorInfo> {
  const name = (error as { name?: string })?.name;
  if (name === 'PasswordException') {
    return {
      code: 'PASSWORD_PROTECTED',
      message: 'This PDF is password-protected. Open it with its password in a PDF reader, save an unprotected copy, and import that.',
    };
  }
  if (name === 'InvalidPDFException' || name === 'FormatError' || name === 'UnknownErrorException') {
    return {
      code: 'DAMAGED_PDF',
      message: `This PDF is damaged and cannot be read (${(error as Error).message}). Try re-saving it from the program that made it.`,
    };
  }
  return toErrorInfo(error);
}
