import { setMaxListeners } from 'node:events';
import path from 'node:path';
import { LecternError } from '../../api/errors.js';
import { LOW_OCR_CONFIDENCE, type OcrProgress, type OcrResult } from '../../api/types.js';
import { EXTRACTOR_VERSION, extractEntities } from '../../knowledge/entities/extractEntities.js';
import type { DocumentRepository } from '../../store/DocumentRepository.js';
import type { RecognitionRepository } from '../../store/RecognitionRepository.js';
import { documentNeedsOcr } from '../applyTextLayerQuality.js';
import { DEFAULT_MAX_BYTES } from '../ingestFiles.js';
import type { LayoutPage } from '../pageModel.js';
import { readSourceFile, sharedPdfBytes } from '../readSourceFile.js';
import { structurePdf } from '../structurePdf.js';
import { ocrModelsFor, parseLanguages } from './ocrLanguages.js';
import type { OcrPool } from './OcrPool.js';

export interface OcrDocumentOptions {
  /** Tesseract languages joined by '+'. Default: the language the document was last recognised in, else 'eng'. */
  lang?: string;
  /** Pages to recognise (again, even if recognised before). Default: pages with no usable text layer, and pages recognised before. */
  pages?: readonly number[];
  /** Recognise every page, text layer or not (`--ocr force`). */
  force?: boolean;
  libraryDir: string;
  maxBytes?: number;
  /** Resolution pages that are not a full-page image are drawn at; default 300. */
  dpi?: number;
  signal?: AbortSignal;
  onProgress?: (progress: OcrProgress) => void;
}

/**
 * Recognises a stored PDF's scanned pages and replaces the document's text with what was read,
 * in one transaction, keeping its id, a title a person gave it, and its conversations (citations
 * are found again in the new passages). Every page recognised is stored the moment it is read,
 * so a run that stops (cancelled, the app closed) resumes with the pages not yet read. Pages
 * with a usable text layer keep it. Rejects with CANCELLED when stopped: the pages read stay.
 */
export async function ocrDocument(
  documents: DocumentRepository,
  recognitions: RecognitionRepository,
  pool: OcrPool,
  documentId: string,
  options: OcrDocumentOptions,
): Promise<OcrResult> {
  const source = documents.source(documentId);
  if (!source) throw new LecternError('DOCUMENT_NOT_FOUND', `No document with id "${documentId}" in this library; it may have been removed.`);
  const lang = options.lang ?? recognitions.language(documentId) ?? 'eng';
  parseLanguages(lang);
  const models = ocrModelsFor(options.libraryDir, lang);
  // Only the shared copy the workers read is kept: the file's own buffer is left to be collected (a large scan is hundreds of MB).
  const { data, sha256, format } = await readShared(source.path, options.maxBytes ?? DEFAULT_MAX_BYTES);
  if (sha256 !== source.sha256) {
    throw new LecternError('SOURCE_CHANGED', `${source.path} is no longer the file "${source.title}" was imported from. Import the new file as a document of its own.`);
  }
  if (format !== 'pdf') throw new LecternError('INVALID_ARGUMENT', `"${source.title}" is a text file: there is nothing to recognise.`);

  const states = recognitions.pageStates(documentId);
  const asked = options.pages ? new Set(options.pages) : null;
  const outOfRange = options.pages?.find((n) => n < 1 || n > states.length);
  if (outOfRange !== undefined) throw new LecternError('INVALID_ARGUMENT', `"${source.title}" has ${states.length} pages; there is no page ${outOfRange}.`);
  // A page asked for by number is read again; otherwise what an earlier run read is kept.
  if (asked) recognitions.forget(documentId, [...asked]);
  const saved = recognitions.saved(documentId, lang);
  // Pages named are read (and those read before kept); otherwise every page without a usable text layer.
  const wanted = (s: (typeof states)[number]) => (asked ? asked.has(s.number) : options.force || s.textLayer !== 'ok' || s.ocrConfidence !== null);
  const toRecognise = new Set(states.filter((s) => wanted(s) || saved.has(s.number)).map((s) => s.number));

  const key = `${sha256}:ocr:${documentId}`;
  const layouts = new Array<LayoutPage>(states.length);
  const confidence = new Map<number, number>();
  let done = 0;
  let reused = 0;
  const report = (page: number | null, conf: number | null) => options.onProgress?.({ documentId, pagesDone: done, pagesTotal: toRecognise.size, page, confidence: conf });
  report(null, null);
  // Every page waits on the signal at once (each leaves when read): not the leak Node warns of past 10.
  if (options.signal) setMaxListeners(Math.max(10, states.length + 10), options.signal);
  try {
    const reads = states.map(async ({ number }) => {
      const kept = toRecognise.has(number) ? saved.get(number) : undefined;
      if (kept) {
        layouts[number - 1] = JSON.parse(kept.layout) as LayoutPage;
        confidence.set(number, kept.confidence);
        reused++;
        done++;
        report(number, kept.confidence);
        return;
      }
      const ocr = toRecognise.has(number);
      const result = await pool.page({ key, data, number, ocr, lang, models, dpi: options.dpi }, options.signal);
      layouts[number - 1] = result.layout;
      if (!ocr || result.confidence === null) return;
      recognitions.save(documentId, { number, lang, confidence: result.confidence, layout: JSON.stringify(result.layout) });
      confidence.set(number, result.confidence);
      done++;
      report(number, result.confidence);
    });
    const settled = await Promise.allSettled(reads);
    const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  } finally {
    pool.close(key);
  }
  if (options.signal?.aborted) throw new LecternError('CANCELLED', 'OCR cancelled; the pages read so far are kept and the next run goes on from there.');

  const structured = structurePdf(layouts, [], source.title, path.basename(source.path));
  for (const page of structured.pages) {
    const c = confidence.get(page.number);
    if (c !== undefined) page.ocrConfidence = c;
  }
  const hasText = !documentNeedsOcr(structured.pages, structured.passages.length);
  const replaced = documents.replaceContent(documentId, {
    sha256,
    status: hasText ? 'ingested' : 'needs-ocr',
    structured,
    // Nothing to read in a scan OCR found no text in; recording it as read spares back-fill a visit (as an import does).
    entities: hasText ? await extractEntities(structured).catch(() => null) : { version: EXTRACTOR_VERSION, entities: [] },
  });
  if (!replaced) throw new LecternError('SOURCE_CHANGED', `"${source.title}" changed or was removed while it was being recognised; nothing was changed.`);
  recognitions.setLanguage(documentId, lang);
  const perPage = [...confidence].sort((a, b) => a[0] - b[0]).map(([page, c]) => ({ page, confidence: c }));
  return {
    documentId,
    lang,
    pagesRecognised: confidence.size - reused,
    pagesReused: reused,
    confidence: perPage,
    lowConfidencePages: perPage.filter((p) => p.confidence < LOW_OCR_CONFIDENCE).map((p) => p.page),
    document: replaced.summary,
  };
}

/** The source file's bytes in a SharedArrayBuffer (what every OCR worker reads, none copying it), with its hash and format. */
async function readShared(file: string, maxBytes: number): Promise<{ data: SharedArrayBuffer; sha256: string; format: string }> {
  const { bytes, sha256, format } = await readSourceFile(file, maxBytes);
  return { data: sharedPdfBytes(bytes), sha256, format };
}
