import { notFound } from '../store/DocumentRepository.js';
import type { CommandHandlers, DomainCommand } from './CommandHandler.js';
import type { EngineContext } from './EngineContext.js';

export function searchCommands(ctx: EngineContext): CommandHandlers<DomainCommand<'search'>> {
  return {
    /** BM25, fused with the nearest passages by meaning when the library has an embedding model with vectors. */
    async 'search:query'(args, call) {
      for (const id of args.documentIds ?? []) if (!ctx.documents.summary(id)) throw notFound(id);
      const results = await ctx.hybridSearch.search(args, call.signal);
      // Nothing matched while the scope has text: its opening passages, marked as such.
      return { results: results.length > 0 ? results : ctx.passageSearch.searchOrOpenings(args) };
    },
  };
}
