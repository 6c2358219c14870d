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
    /** Cancelled, it rejects CANCELLED; documents done so far keep their entities. */
    async 'knowledge:backfill'(args, call) {
      return ctx.entities.backfill({
        signal: call.signal,
        onProgress: (done, total) => {
          call.onProgress?.({ done, total });
          ctx.emit('knowledge:backfillProgress', { requestId: args.requestId, done, total });
        },
      });
    },
  };
}
