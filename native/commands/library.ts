import type { RereadResult, RereadStatus } from '../api/types.js';
import { ingestFiles } from '../ingest/ingestFiles.js';
import { ocrImported, ocrOne } from './ocr.js';
import { reingestOutdated } from '../ingest/reingestOutdated.js';
import type { CommandHandlers, DomainCommand } from './CommandHandler.js';
import type { EngineContext } from './EngineContext.js';

/** Importing, listing, removing, renaming and re-reading documents. */
export function libraryCommands(ctx: EngineContext): CommandHandlers<DomainCommand<'library'>> {
  /** The re-read under way: one at a time, joined by later requests. */
  let rereading: { controller: AbortController; done: Promise<RereadResult> } | null = null;
  /** That re-read, or the last one, for 'library:rereadStatus'. */
  let rereadStatus: RereadStatus = { running: false, startedAt: null, progress: null, result: null };

  return {
    /** A cancelled import resolves: files already stored stay, the rest come back `cancelled`. */
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
      if ((args.ocr ?? 'auto') !== 'off') await ocrImported(ctx, documents, args.ocr === 'force', args.ocrLang, call.signal);
      const changed = documents.filter((d) => d.status === 'ingested' || d.status === 'needs-ocr').map((d) => d.id!);
      if (changed.length > 0) {
        ctx.passageSearch.invalidate();
        ctx.emit('library:changed', { documentIds: changed });
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

    async 'library:remove'(args) {
      ctx.documents.remove(args.id);
      ctx.kvStates.clearForDocument(args.id);
      ctx.passageSearch.invalidate();
      ctx.emit('library:changed', { documentIds: [args.id] });
      return { removed: args.id };
    },

    /**
     * Re-reads the documents an older text pipeline stored (see reingestOutdated), one
     * transaction each. A second request while one runs gets that one's result; its progress
     * events carry the first request's id. Stopped by the signal of the request that started
     * it, 'library:rereadCancel' or closing the engine.
     */
    async 'library:reread'(args, call) {
      if (rereading) return rereading.done;
      const controller = new AbortController();
      const signal = AbortSignal.any([controller.signal, call.signal]);
      const status: RereadStatus = { running: true, startedAt: new Date().toISOString(), progress: null, result: null };
      rereadStatus = status;
      const done = reingestOutdated(ctx.documents, ctx.pool, {
        maxPages: ctx.options.maxPages,
        maxBytes: ctx.options.maxBytes,
        signal,
        onProgress: (p) => {
          status.progress = p;
          call.onProgress?.(p);
          ctx.emit('library:rereadProgress', { ...p, requestId: args.requestId });
        },
        onReplaced: (id) => {
          ctx.kvStates.clearForDocument(id); // reading states of the old text
          ctx.passageSearch.invalidate();
          ctx.emit('library:changed', { documentIds: [id] });
        },
      })
        .then((result) => {
          status.result = result;
          ctx.emit('library:rereadFinished', { ...result, requestId: args.requestId, startedAt: status.startedAt! });
          return result;
        })
        .finally(() => {
          status.running = false;
          rereading = null;
        });
      rereading = { controller, done };
      return done;
    },

    /** Kept for scripts: the re-read has no request of its own to cancel when the app started it. */
    async 'library:rereadCancel'() {
      const job = rereading;
      job?.controller.abort();
      return { cancelled: job !== null };
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
      return ocrOne(ctx, args.documentId, { lang: args.lang, pages: args.pages, force: args.force, signal: call.signal, onProgress: call.onProgress });
    },
  };
}
