/**
 * Worker thread: draws pages with PDFium and reads them with tesseract.js (WebAssembly), one
 * page at a time. Models come from local folders only (cacheMethod 'none': nothing is written
 * or fetched). Tesseract runs in a thread of its own (tesseractThread), niced like this one.
 */
import { parentPort } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import Tesseract from 'tesseract.js';
import type { WrappedPdfiumModule } from '@embedpdf/pdfium';
import { LecternError, toErrorInfo } from '../../api/errors.js';
import { layoutPage } from '../layoutPage.js';
import { lowerThreadPriority } from '../lowerThreadPriority.js';
import { loadPdfium } from '../pdfium/loadPdfium.js';
import { PdfiumDocument } from '../pdfium/PdfiumDocument.js';
import { readLayoutPage } from '../pdfium/readLayoutPage.js';
import { renderPage } from '../pdfium/renderPage.js';
import { toPgm, turnClockwise, type GreyImage } from './GreyImage.js';
import { composeAffine, ocrRuns, type Affine, type OcrBlock } from './ocrRuns.js';
import type { FromOcrWorker, OcrModels, OcrPageResult, ToOcrWorker } from './ocrWorkerProtocol.js';

const port = parentPort;
if (!port) throw new Error('ocrWorker must run in a worker thread');
lowerThreadPriority();

const TESSERACT_THREAD = fileURLToPath(new URL('./tesseractThread.js', import.meta.url));
/** Below this mean confidence a page may be on its side: orientation detection decides. */
const TRY_ORIENTATION_BELOW = 0.6;
/** Tesseract's OSD confidence under which its orientation is a guess. */
const MIN_OSD_CONFIDENCE = 1;
const IDENTITY: Affine = [1, 0, 0, 1, 0, 0];
/**
 * A page read with a mean confidence this low is not text: tesseract finding "words" in a
 * drawing, a photo or a blank page's speckle ("HENNE HREN"). The page keeps its own text layer
 * and still needs OCR (in another language, perhaps); its confidence is still reported.
 */
const NOT_TEXT_BELOW = 0.5;

let pdfium: WrappedPdfiumModule | null = null;
const open = new Map<string, PdfiumDocument>();
let reader: { lang: string; langDir: string; worker: Promise<Tesseract.Worker> } | null = null;
let osd: Promise<Tesseract.Worker> | null = null;
/** Pages run one after another: tesseract reads one image at a time. */
let queue: Promise<void> = Promise.resolve();

port.on('message', (message: ToOcrWorker) => {
  if (message.type === 'close') {
    queue = queue.then(() => {
      open.get(message.key)?.close();
      open.delete(message.key);
    });
    return;
  }
  queue = queue.then(async () => {
    let reply: FromOcrWorker;
    try {
      reply = { type: 'page', taskId: message.taskId, result: await readPage(message) };
    } catch (error) {
      reply = { type: 'failed', taskId: message.taskId, error: toErrorInfo(error) };
    }
    port.postMessage(reply);
  });
});

async function readPage(message: Extract<ToOcrWorker, { type: 'page' }>): Promise<OcrPageResult> {
  pdfium = await loadPdfium();
  let doc = open.get(message.key);
  // Read from the shared bytes on demand: every worker copying a large scan whole was most of OCR's memory.
  if (!doc) open.set(message.key, (doc = PdfiumDocument.openOnDemand(pdfium, new Uint8Array(message.data))));
  const text = readLayoutPage(doc, message.number);
  if (!message.ocr) return { layout: text, confidence: null };
  const rendered = renderPage(pdfium, doc.handle, message.number, { dpi: message.dpi, maxPixels: message.maxPixels });
  // PDFium keeps every object it parsed, a scan's images included, until the document closes: closed after each page drawn
  // (reopening on demand reads little more than the cross-reference table), a worker holds one page's images, not half the file's.
  doc.close();
  open.delete(message.key);
  const read = await recogniseUpright(rendered, rendered.dpi, message.lang, message.models);
  if (read.confidence < NOT_TEXT_BELOW) return { layout: text, confidence: read.confidence, turned: read.turned };
  const runs = ocrRuns(read.blocks, composeAffine(rendered.toPage, read.toOriginal));
  const layout = layoutPage(message.number, rendered.userWidth, rendered.userHeight, runs);
  // The recognised text is judged as text, like any text layer; the image is the page, not a sign of a scan.
  layout.textStats = { chars: runs.reduce((n, r) => n + r.str.length, 0), unmapped: 0, control: 0 };
  return { layout, confidence: read.confidence, turned: read.turned };
}

interface Recognised {
  blocks: OcrBlock[];
  confidence: number;
  toOriginal: Affine;
  turned: number;
}

/** Reads the image as it is; when that reads badly, asks orientation detection whether it lies on its side and reads it turned upright. */
async function recogniseUpright(image: GreyImage, dpi: number, lang: string, models: OcrModels): Promise<Recognised> {
  const first = await recognise(image, dpi, lang, models);
  if (first.confidence >= TRY_ORIENTATION_BELOW) return { ...first, toOriginal: IDENTITY, turned: 0 };
  const detected = await detectOrientation(image, dpi, models);
  if (detected === 0) return { ...first, toOriginal: IDENTITY, turned: 0 };
  const turned = turnClockwise(image, detected);
  const second = await recognise(turned.image, dpi, lang, models);
  return second.confidence > first.confidence ? { ...second, toOriginal: turned.toOriginal, turned: detected } : { ...first, toOriginal: IDENTITY, turned: 0 };
}

async function recognise(image: GreyImage, dpi: number, lang: string, models: OcrModels): Promise<{ blocks: OcrBlock[]; confidence: number }> {
  const worker = await readerFor(lang, models.langDir);
  const result = await worker.recognize(Buffer.from(toPgm(image)), { user_defined_dpi: String(Math.round(dpi)) } as Partial<Tesseract.RecognizeOptions>, {
    blocks: true,
    text: false,
  });
  const blocks = (result.data.blocks ?? []) as unknown as OcrBlock[];
  return { blocks, confidence: blocks.length > 0 ? result.data.confidence / 100 : 0 };
}

/** Clockwise turn (0, 90, 180, 270) that sets the text upright, by tesseract's orientation detection (the legacy engine's osd model). */
async function detectOrientation(image: GreyImage, dpi: number, models: OcrModels): Promise<0 | 90 | 180 | 270> {
  osd ??= Tesseract.createWorker('osd', Tesseract.OEM.TESSERACT_ONLY, {
    langPath: models.osdDir,
    cacheMethod: 'none',
    gzip: true,
    legacyCore: true,
    legacyLang: true,
    workerPath: TESSERACT_THREAD,
    errorHandler: () => {},
  });
  try {
    const worker = await osd;
    // Orientation needs the resolution too; unset, tesseract guesses and says so on stderr.
    await worker.setParameters({ user_defined_dpi: String(Math.round(dpi)) } as Partial<Tesseract.WorkerParams>);
    const detected = (await worker.detect(Buffer.from(toPgm(image)))).data;
    if (detected.orientation_degrees === null || (detected.orientation_confidence ?? 0) < MIN_OSD_CONFIDENCE) return 0;
    // Tesseract reports how far the text is turned counter-clockwise; turning clockwise by as much undoes it.
    const degrees = ((detected.orientation_degrees % 360) + 360) % 360;
    return degrees === 90 || degrees === 180 || degrees === 270 ? degrees : 0;
  } catch {
    return 0; // no orientation, no harm: the page is read as it lies
  }
}

function readerFor(lang: string, langDir: string): Promise<Tesseract.Worker> {
  if (reader && reader.lang === lang && reader.langDir === langDir) return reader.worker;
  const previous = reader;
  void previous?.worker.then((w) => w.terminate()).catch(() => {});
  const worker = Tesseract.createWorker(lang, Tesseract.OEM.LSTM_ONLY, {
    langPath: langDir,
    cacheMethod: 'none',
    gzip: true,
    workerPath: TESSERACT_THREAD,
    errorHandler: () => {},
  }).catch((error: unknown) => {
    reader = null;
    throw new LecternError(
      'OCR_LANGUAGE_MISSING',
      `The OCR language "${lang}" could not be loaded from ${langDir} (${String(error)}). Add its .traineddata file again to Lectern's OCR languages.`,
    );
  });
  reader = { lang, langDir, worker };
  return worker;
}
