import { notFound } from '../store/DocumentRepository.js';
import type { CommandHandlers, DomainCommand } from './CommandHandler.js';
import type { EngineContext } from './EngineContext.js';

export function searchCommands(ctx: EngineContext): CommandHandlers<DomainCommand<'search'>> {
  return {
    async 'search:query'(args) {
      for (const id of args.documentIds ?? []) if (!ctx.documents.summary(id)) throw notFound(id);
      return { results: ctx.passageSearch.searchOrOpenings(args) };
    },
  };
}
