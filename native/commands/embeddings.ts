import type { CommandHandlers, DomainCommand } from './CommandHandler.js';
import type { EngineContext } from './EngineContext.js';

/** The library's embedding model and the passage vectors of hybrid search. */
export function embeddingsCommands(ctx: EngineContext): CommandHandlers<DomainCommand<'embeddings'>> {
  return {
    async 'embeddings:status'() {
      return ctx.embeddings.status();
    },

    /** Chooses (registering a file path on first use) or clears the embedding model; embedding starts in the background. */
    async 'embeddings:use'(args, call) {
      const record = args.idOrPath === null ? null : (ctx.models.find(args.idOrPath) ?? (await ctx.models.add(args.idOrPath, { signal: call.signal })));
      return ctx.embeddings.use(record, args.contextScale ?? 1, call.signal);
    },

    /** Embeds passages without a vector now; reports 'embeddings:progress'. Cancelled, it rejects CANCELLED and keeps the batches stored. */
    async 'embeddings:build'(args, call) {
      return ctx.embeddings.build({ signal: call.signal, requestId: args.requestId, onProgress: call.onProgress });
    },
  };
}
