import { LecternError } from '../api/errors.js';
import type { RereadProgress, RereadResult, RereadStatus } from '../api/types.js';
import { ingestFiles } from '../ingest/ingestFiles.js';
import { ChapterReader } from './ChapterReader.js';
import { locateInPassage } from '../qa/locateInPassage.js';
import { ocrImported, ocrOne } from './ocr.js';
import { reingestOutdated } from '../ingest/reingestOutdated.js';
import { ocrWords } from '../qa/ocrWords.js';
import type { CommandHandlers, DomainCommand } from './CommandHandler.js';
import type { EngineContext } from './EngineContext.js';

/** Importing, listing, removing, renaming and re-reading documents. */
export function libraryCommands(ctx: EngineContext): CommandHandlers<DomainCommand<'library'>> {
  /** The re-read under way: one at a time, joined by later requests (`listeners`: their onProgress). */
  let rereading: RereadJob | null = null;
  /** That re-read, or the last one, for 'library:rereadStatus'. */
  let rereadStatus: RereadStatus = { running: false, startedAt: null, progress: null, result: null };
  const chapters = new ChapterReader(ctx.documents, ctx.sources);

  /**
   * Starts a re-read. It stops when its controller aborts: a request of it was cancelled, or the
   * engine closed (every request's signal aborts then, and the one that started it waits to the end).
   */
  function startReread(requestId: string | undefined, onProgress: ((p: RereadProgress) => void) | undefined): RereadJob {
    const controller = new AbortController();
    // The first progress (0 of n) is reported at once, before the request that starts it could join.
    const listeners = new Set<(p: RereadProgress) => void>(onProgress ? [onProgress] : []);
    const status: RereadStatus = { running: true, startedAt: new Date().toISOString(), progress: null, result: null };
    rereadStatus = status;
    const done = reingestOutdated(ctx.documents, ctx.pool, {
      maxPages: ctx.options.maxPages,
      maxBytes: ctx.options.maxBytes,
      signal: controller.signal,
      onProgress: (p) => {
        status.progress = p;
        for (const listener of listeners) listener(p);
        ctx.emit('library:rereadProgress', { ...p, requestId });
      },
      onReplaced: (id) => {
        ctx.kvStates.clearForDocument(id); // reading states of the old text
        ctx.passageSearch.invalidate();
        ctx.emit('library:changed', { documentIds: [id] });
        // Annotations were found again in the new text (moved, or orphaned).
        for (const user of ctx.annotations.usersOf(id)) ctx.emit('annotations:changed', { user, documentId: id });
        ctx.embeddings.schedule();
      },
    })
      .then((result) => {
        status.result = result;
        ctx.emit('library:rereadFinished', { ...result, requestId, startedAt: status.startedAt! });
        return result;
      })
      .finally(() => {
        status.running = false;
        rereading = null;
      });
    rereading = { controller, listeners, done };
    return rereading;
  }

  return {
    /**
     * Cancelled before every file was read, it rejects CANCELLED with every file's outcome as
     * `partial`: files already stored stay, the rest come back `cancelled`.
     */
    async 'library:ingest'(args, call) {
      const documents = await ingestFiles(ctx.documents, ctx.pool, args.paths, {
        maxPages: ctx.options.maxPages,
        maxBytes: ctx.options.maxBytes,
        onWarning: call.onWarning,
        passageLimits: call.passageLimits,
        signal: call.signal,
        onProgress: (p) => {
          call.onProgress?.(p);
          ctx.emit('library:ingestProgress', { ...p, requestId: args.requestId });
        },
      });
      if ((args.ocr ?? 'auto') !== 'off') await ocrImported(ctx, documents, args.ocr === 'force', args.ocrLang, call.signal, args.requestId);
      const changed = documents.filter((d) => d.status === 'ingested' || d.status === 'needs-ocr').map((d) => d.id!);
      if (changed.length > 0) {
        ctx.passageSearch.invalidate();
        ctx.emit('library:changed', { documentIds: changed });
        ctx.embeddings.schedule();
      }
      const unread = documents.filter((d) => d.status === 'cancelled').length;
      if (unread > 0) {
        const message = `The import was stopped: ${documents.length - unread} of ${documents.length} file${documents.length === 1 ? '' : 's'} read, ${unread} not.`;
        throw new LecternError('CANCELLED', message, { partial: { documents } });
      }
      return { documents };
    },

    async 'library:list'() {
      return { documents: ctx.documents.list() };
    },

    async 'library:get'(args) {
      return ctx.documents.detail(args.id);
    },

    async 'library:sourceFile'(args) {
      const opened = await ctx.sources.open(args.id);
      try {
        const { dev, ino, size, mtimeMs } = opened.stat;
        return { path: opened.path, format: ctx.documents.summary(args.id)!.format, identity: { dev, ino, size, mtimeMs } };
      } finally {
        await opened.handle.close();
      }
    },

    async 'library:passages'(args) {
      return { passages: ctx.documents.passages(args.id) };
    },

    async 'library:ocrWords'(args) {
      const detail = ctx.documents.summary(args.id);
      if (!detail) throw new LecternError('DOCUMENT_NOT_FOUND', `No document with id "${args.id}" in this library; it may have been removed.`);
      const state = ctx.recognitions.pageState(args.id, args.page);
      if (!state) throw new LecternError('INVALID_ARGUMENT', `"${detail.title}" has ${detail.pages} pages; there is no page ${args.page}.`);
      // A page with a text layer of its own has pdf.js's text layer in the reader already.
      const page = state.ocrConfidence === null ? null : ctx.documents.page(args.id, args.page);
      return { page: args.page, words: page ? ocrWords(page) : [] };
    },

    async 'library:chapter'(args) {
      return chapters.read(args.id, args.chapter);
    },

    async 'library:locate'(args) {
      const [passage] = ctx.documents.passagesById([args.passageId]);
      if (!passage || passage.documentId !== args.id) return { location: null };
      return {
        location: locateInPassage(passage, args.quote, (documentId, page) => {
          const stored = ctx.documents.page(documentId, page);
          return stored?.geometry ? { geometry: stored.geometry, text: stored.text } : null;
        }),
      };
    },

    async 'library:remove'(args) {
      ctx.documents.remove(args.id);
      ctx.kvStates.clearForDocument(args.id);
      ctx.passageSearch.invalidate();
      ctx.emit('library:changed', { documentIds: [args.id] });
      return { removed: args.id };
    },

    /**
     * Re-reads the documents an older text pipeline stored (see reingestOutdated), one
     * transaction each. A request while one runs joins it: it gets that re-read's progress and
     * its outcome (progress events carry the first request's id). Cancelling any request of it
     * stops it after the document under way (so a window can stop the re-read the engine
     * started); every request then rejects CANCELLED with the result so far as `partial`.
     */
    async 'library:reread'(args, call) {
      const job = rereading ?? (args.join ? null : startReread(args.requestId, call.onProgress));
      if (!job) return rereadStatus.result ?? { documents: 0, skipped: [], citations: { relocated: 0, unlinked: 0 }, cancelled: false };
      const onProgress = call.onProgress;
      if (onProgress) job.listeners.add(onProgress); // a Set: the request that started it is not added twice
      const stop = () => job.controller.abort();
      call.signal.addEventListener('abort', stop, { once: true });
      if (call.signal.aborted) stop();
      try {
        const result = await job.done;
        if (result.cancelled)
          throw new LecternError(
            'CANCELLED',
            `Re-reading was stopped after ${result.documents} document${result.documents === 1 ? '' : 's'}; the others keep their earlier text until the next re-read.`,
            { partial: result },
          );
        return result;
      } finally {
        if (onProgress) job.listeners.delete(onProgress);
        call.signal.removeEventListener('abort', stop);
      }
    },

    async 'library:rereadStatus'() {
      const { running, startedAt, progress, result } = rereadStatus;
      return { running, startedAt, progress: progress && { ...progress }, result };
    },

    /** Renames a document; its title then stays through re-reads. */
    async 'library:rename'(args) {
      const document = ctx.documents.rename(args.id, args.title);
      // Search hits carry the document title.
      ctx.passageSearch.invalidate();
      ctx.emit('library:changed', { documentIds: [args.id] });
      return { document };
    },

    async 'library:ocr'(args, call) {
      return ocrOne(ctx, args.documentId, { lang: args.lang, pages: args.pages, force: args.force, requestId: args.requestId, signal: call.signal, onProgress: call.onProgress });
    },
  };
}

interface RereadJob {
  controller: AbortController;
  listeners: Set<(progress: RereadProgress) => void>;
  done: Promise<RereadResult>;
}
