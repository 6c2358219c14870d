import { LecternError } from '../api/errors.js';
import type { CommandHandlers, DomainCommand } from './CommandHandler.js';
import type { EngineContext } from './EngineContext.js';

/** Defined terms and entities found in documents. */
export function knowledgeCommands(ctx: EngineContext): CommandHandlers<DomainCommand<'knowledge'>> {
  return {
    async 'knowledge:terms'(args) {
      return { terms: ctx.entities.terms(args.documentId) };
    },
    async 'knowledge:entities'(args) {
      return { entities: ctx.entities.entities(args.documentId, { page: args.page, limit: args.limit }) };
    },
    /** Cancelled before the last document, it rejects CANCELLED with the documents done so far as `partial`; they keep their entities. */
    async 'knowledge:backfill'(args, call) {
      let reached = { done: 0, total: 0 };
      const result = await ctx.entities.backfill({
        signal: call.signal,
        onProgress: (done, total) => {
          reached = { done, total };
          call.onProgress?.({ done, total });
          ctx.emit('knowledge:backfillProgress', { requestId: args.requestId, done, total });
        },
      });
      // The back-fill ends early, without an error, when its signal aborts: only a short count says it stopped.
      if (call.signal.aborted && reached.done < reached.total) {
        throw new LecternError('CANCELLED', `Finding entities was stopped after ${reached.done} of ${reached.total} documents; the rest are read next time.`, { partial: result });
      }
      return result;
    },
  };
}
