import { toErrorInfo } from '../api/errors.js';
import type { IngestOutcome, OcrProgress, OcrResult } from '../api/types.js';
import { ocrDocument } from '../ingest/ocr/ocrDocument.js';
import { addOcrLanguage, describeOcrLanguages, removeOcrLanguage } from '../ingest/ocr/ocrLanguages.js';
import type { CommandHandlers } from './CommandHandler.js';
import type { EngineContext } from './EngineContext.js';

/** OCR languages; recognising a document is 'library:ocr' (commands/library.ts). */
export function ocrCommands(ctx: EngineContext): CommandHandlers<'ocr:languages' | 'ocr:addLanguage' | 'ocr:removeLanguage'> {
  const languages = () => {
    const installed = describeOcrLanguages(ctx.options.libraryDir);
    return { languages: installed.map((l) => l.code), installed };
  };
  return {
    async 'ocr:languages'() {
      return languages();
    },
    async 'ocr:addLanguage'(args) {
      const language = addOcrLanguage(ctx.options.libraryDir, args.path);
      return { language, ...languages() };
    },
    async 'ocr:removeLanguage'(args) {
      removeOcrLanguage(ctx.options.libraryDir, args.language);
      return languages();
    },
  };
}

/** Recognises one document and tells the app its text changed. */
export async function ocrOne(
  ctx: EngineContext,
  documentId: string,
  options: { lang?: string; pages?: number[]; force?: boolean; requestId?: string; signal: AbortSignal; onProgress?: (p: OcrProgress) => void },
): Promise<OcrResult> {
  const { requestId, onProgress, ...rest } = options;
  const result = await ocrDocument(ctx.documents, ctx.recognitions, ctx.ocrPool, documentId, {
    ...rest,
    onProgress: (p) => {
      onProgress?.(p);
      ctx.emit('library:ocrProgress', { ...p, requestId });
    },
    libraryDir: ctx.options.libraryDir,
    maxBytes: ctx.options.maxBytes,
  });
  ctx.kvStates.clearForDocument(documentId); // reading states of the text before OCR
  ctx.passageSearch.invalidate();
  ctx.emit('library:changed', { documentIds: [documentId] });
  return result;
}

/**
 * After an import: recognises the new documents that have pages without a usable text layer
 * (every page with `force`), updating their outcomes. A document OCR fails on stays imported as
 * it was (`needs-ocr`), with the reason in its outcome; a cancel stops here, keeping pages read.
 */
export async function ocrImported(ctx: EngineContext, outcomes: IngestOutcome[], force: boolean, lang: string | undefined, signal: AbortSignal, requestId?: string): Promise<void> {
  for (const outcome of outcomes) {
    if (signal.aborted) return;
    if (outcome.id === null || (outcome.status !== 'ingested' && outcome.status !== 'needs-ocr')) continue;
    const summary = ctx.documents.summary(outcome.id);
    if (!summary || summary.format !== 'pdf' || (!force && summary.ocrPages === 0)) continue;
    try {
      const result = await ocrOne(ctx, outcome.id, { lang, force, signal, requestId });
      outcome.status = result.document.status;
      outcome.title = result.document.title;
      outcome.passages = result.document.passages;
      outcome.ocr = { pagesRecognised: result.pagesRecognised + result.pagesReused, lowConfidencePages: result.lowConfidencePages };
    } catch (error) {
      const info = toErrorInfo(error);
      if (info.code === 'CANCELLED') return;
      outcome.ocr = { pagesRecognised: 0, lowConfidencePages: [], error: info };
    }
  }
}
