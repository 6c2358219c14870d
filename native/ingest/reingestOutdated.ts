import { setImmediate as nextTurn } from 'node:timers/promises';
import { LecternError } from '../api/errors.js';
import type { RereadProgress, RereadResult, RereadSkip } from '../api/types.js';
import type { DocumentRepository } from '../store/DocumentRepository.js';
import { documentNeedsOcr } from './applyTextLayerQuality.js';
import { DEFAULT_MAX_BYTES, readDocument, type IngestOptions } from './ingestFiles.js';
import { INGEST_VERSION } from '../model/ingestVersion.js';
import type { PdfWorkerPool } from './PdfWorkerPool.js';
import { readSourceFile } from './readSourceFile.js';

export interface ReingestOptions extends Pick<IngestOptions, 'maxPages' | 'maxBytes' | 'extractEntities' | 'onWarning'> {
  /** Stops after the document under way is either replaced whole or left as it was. */
  signal?: AbortSignal;
  onProgress?: (progress: RereadProgress) => void;
  /** Told of each document replaced (to drop what was derived from its old text elsewhere: caches, search statistics). */
  onReplaced?: (documentId: string) => void;
}

/**
 * Reads again, from their files, the documents an older text pipeline stored
 * (documents.ingest_version < INGEST_VERSION), and replaces their content one document per
 * transaction, so a kill at any moment leaves each document either as it was or as it is
 * now. A document whose file is gone, unreadable or changed (another sha256) is left as it
 * is and reported in `skipped`, once per run. Cancelling is a normal end: `cancelled` is set
 * and what was replaced stays replaced.
 */
export async function reingestOutdated(repo: DocumentRepository, pool: PdfWorkerPool, options: ReingestOptions = {}): Promise<RereadResult> {
  const pending = repo.outdated(INGEST_VERSION);
  const result: RereadResult = { documents: 0, skipped: [], citations: { relocated: 0, unlinked: 0 }, cancelled: false };
  const progress = (done: number, documentId: string | null) => options.onProgress?.({ done, total: pending.length, documentId });
  let done = 0;
  progress(0, null);
  for (const doc of pending) {
    if (options.signal?.aborted) {
      result.cancelled = true;
      break;
    }
    progress(done, doc.id);
    const skip = (reason: RereadSkip['reason'], message: string) => result.skipped.push({ id: doc.id, title: doc.title, path: doc.sourcePath, reason, message });
    try {
      const source = await readSourceFile(doc.sourcePath, options.maxBytes ?? DEFAULT_MAX_BYTES);
      if (source.sha256 !== doc.sha256) {
        skip(
          'source-changed',
          `${doc.sourcePath} is no longer the file "${doc.title}" was imported from (its content changed); the document keeps its earlier text. Import the file again to read the new content.`,
        );
      } else {
        const { structured, entities } = await readDocument(pool, source, {
          maxPages: options.maxPages,
          maxBytes: options.maxBytes,
          extractEntities: options.extractEntities,
          onWarning: options.onWarning,
          signal: options.signal,
        });
        if (options.signal?.aborted) {
          result.cancelled = true;
          break;
        }
        const replaced = repo.replaceContent(doc.id, {
          sha256: source.sha256,
          status: documentNeedsOcr(structured.pages, structured.passages.length) ? 'needs-ocr' : 'ingested',
          structured,
          entities,
          onEntitiesFailed: (error) =>
            (options.onWarning ?? console.warn)(
              `The entities of "${doc.title}" could not be stored (${(error as Error).message}); the next entity back-fill will read them again.`,
            ),
        });
        if (replaced) {
          result.documents++;
          result.citations.relocated += replaced.citations.relocated;
          result.citations.unlinked += replaced.citations.unlinked;
          options.onReplaced?.(doc.id);
        }
      }
    } catch (error) {
      const code = error instanceof LecternError ? error.code : null;
      if (code === 'CANCELLED' || options.signal?.aborted) {
        result.cancelled = true;
        break;
      }
      if (code === 'FILE_NOT_FOUND')
        skip(
          'source-missing',
          `The file "${doc.title}" was imported from (${doc.sourcePath}) is gone; the document keeps its earlier text. Import the file again to read it with the current version.`,
        );
      else skip('failed', `"${doc.title}" could not be read again (${(error as Error).message}); it keeps its earlier text.`);
    }
    done++;
    await nextTurn(); // reading, searching and asking go on between documents
  }
  progress(done, null);
  return result;
}
