import { LecternError } from '../api/errors.js';
import { notFound } from '../store/DocumentRepository.js';
import type { CommandHandlers, DomainCommand } from './CommandHandler.js';
import type { EngineContext } from './EngineContext.js';

/** Formats whose "pages" are chapters of unequal length: the reader measures the percent read itself. */
const REFLOWABLE = new Set(['epub', 'docx', 'html']);

/** Reading progress and spoiler-free mode, per user and document. */
export function readingCommands(ctx: EngineContext): CommandHandlers<DomainCommand<'reading'>> {
  const documentOf = (id: string) => {
    const summary = ctx.documents.summary(id);
    if (!summary) throw notFound(id);
    return summary;
  };
  const checkPage = (document: { title: string; pages: number }, page: number) => {
    if (page > Math.max(1, document.pages)) throw new LecternError('INVALID_ARGUMENT', `"${document.title}" has ${document.pages} pages; there is no page ${page}.`);
  };

  return {
    async 'reading:get'(args) {
      const userId = ctx.profiles.userId(args.user);
      documentOf(args.documentId);
      return { progress: ctx.readingProgress.get(userId, args.documentId) };
    },

    async 'reading:set'(args) {
      const userId = ctx.profiles.userId(args.user);
      const document = documentOf(args.documentId);
      checkPage(document, args.page);
      const percent = REFLOWABLE.has(document.format) ? args.percent : undefined;
      return { progress: ctx.readingProgress.set(userId, document.id, { page: args.page, position: args.position, percent, pageCount: document.pages }) };
    },

    async 'reading:list'(args) {
      return { progress: ctx.readingProgress.list(ctx.profiles.userId(args.user), args.limit) };
    },

    async 'reading:setSpoilerFree'(args) {
      const userId = ctx.profiles.userId(args.user);
      const document = documentOf(args.documentId);
      if (args.limitPage != null) checkPage(document, args.limitPage);
      const progress = ctx.readingProgress.setSpoilerFree(userId, document.id, args.spoilerFree, args.limitPage ?? null);
      // Suggestions were made from pages now hidden (or now shown).
      ctx.emit('profile:changed', { user: args.user });
      return { progress };
    },
  };
}
