import { notFound } from '../store/DocumentRepository.js';
import type { CommandHandlers, DomainCommand } from './CommandHandler.js';
import type { EngineContext } from './EngineContext.js';
import { passageFilterFor } from './passageFilterFor.js';

export function searchCommands(ctx: EngineContext): CommandHandlers<DomainCommand<'search'>> {
  return {
    /** BM25, fused with the nearest passages by meaning when the library has an embedding model with vectors. */
    async 'search:query'(args, call) {
      for (const id of args.documentIds ?? []) if (!ctx.documents.summary(id)) throw notFound(id);
      // Pages past a spoiler-free limit, or outside the user's highlights, are never searched.
      const query = { query: args.query, documentIds: args.documentIds, limit: args.limit, passages: passageFilterFor(ctx, args) };
      const results = await ctx.hybridSearch.search(query, call.signal);
      // Nothing matched while the scope has text: an overview of it (openings, clauses of most kinds), marked as such.
      return { results: results.length > 0 ? results : ctx.passageSearch.searchOrOverview(query) };
    },
  };
}
