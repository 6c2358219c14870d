import type { CommandHandlers, DomainCommand } from './CommandHandler.js';
import type { EngineContext } from './EngineContext.js';
import { passageFilterFor } from './passageFilterFor.js';

/** Questions, pre-reading and conversations. */
export function qaCommands(ctx: EngineContext): CommandHandlers<DomainCommand<'qa'>> {
  return {
    /**
     * Answers a question with citations; the answer streams as 'qa:answerDelta' events (and
     * `onProgress`). Questions queue behind each other (never interleave). A cancelled answer
     * rejects CANCELLED with the text written so far as `partial` (an AskResult), which the
     * conversation keeps and the app goes on showing.
     */
    async 'qa:ask'(args, call) {
      ctx.suggestions.yieldModel(); // a person's question goes before wording suggestions
      return ctx.asking.ask(args.question, {
        documentIds: args.documentIds,
        conversationId: args.conversationId,
        maxTokens: args.maxTokens,
        passages: passageFilterFor(ctx, args),
        readFirst: args.passageIds,
        signal: call.signal,
        onText: (delta) => {
          call.onProgress?.({ delta });
          ctx.emit('qa:answerDelta', { requestId: args.requestId, delta });
        },
      });
    },

    /** Cancelled, it rejects CANCELLED; a reading state is saved only once complete. */
    async 'qa:preread'(args, call) {
      ctx.suggestions.yieldModel();
      return ctx.asking.preread(args.documentIds, {
        signal: call.signal,
        onProgress: (stage) => {
          call.onProgress?.({ stage });
          ctx.emit('qa:prereadProgress', { requestId: args.requestId, stage });
        },
      });
    },

    async 'qa:prereadStatus'(args) {
      const loaded = ctx.runtime.loaded;
      return {
        statuses: args.documentIds.map((documentId) => ({
          documentId,
          state: !loaded ? 'no-model' : ctx.kvStates.hasScope(loaded.record.id, loaded.settingsHash, documentId) ? 'read' : 'not-read',
        })),
      };
    },

    async 'qa:conversations'(args) {
      return { conversations: ctx.conversations.listForDocument(args.documentId) };
    },

    async 'qa:messages'(args) {
      return { messages: ctx.conversations.messages(args.conversationId) };
    },
  };
}
