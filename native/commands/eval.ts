import { LecternError } from '../api/errors.js';
import { backendChat } from '../eval/backendChat.js';
import { runNeedleGrid } from '../eval/runNeedleGrid.js';
import { LocalBackend } from '../llm/LocalBackend.js';
import { notFound } from '../store/DocumentRepository.js';
import type { CommandHandlers, DomainCommand } from './CommandHandler.js';
import type { EngineContext } from './EngineContext.js';

/** Built-in evaluations of a model on the person's own documents. */
export function evalCommands(ctx: EngineContext): CommandHandlers<DomainCommand<'eval'>> {
  return {
    /**
     * The needle grid of a document (see 'eval:needles' in native/api/commands.ts). The model
     * named (or the loaded one) is loaded at the scale asked for when it is not already, and the
     * model loaded before is loaded again afterwards, so the check leaves the app as it found it.
     */
    async 'eval:needles'(args, call) {
      const summary = ctx.documents.summary(args.documentId);
      if (!summary) throw notFound(args.documentId);
      ctx.suggestions.yieldModel(); // a check the person started goes before wording suggestions
      const before = ctx.runtime.loaded;
      const record = args.modelId ? ctx.models.find(args.modelId) : (before?.record ?? null);
      if (!record) {
        throw args.modelId
          ? new LecternError('MODEL_NOT_FOUND', `No registered model matches ${args.modelId}: add it first (\`lectern models add\`, or Models in the app).`)
          : new LecternError('NO_MODEL_LOADED', 'Checking how far a model reads needs a model: load one in Models, or name one.');
      }
      if (record.kind !== 'chat') throw new LecternError('INVALID_ARGUMENT', `${record.name} is an embedding model; how far a model reads is checked on chat models.`);
      const scale = args.contextScale ?? (before?.record.id === record.id ? before.scale : 1);
      const swapped = before?.record.id !== record.id || before.scale !== scale;
      const loaded = swapped ? await ctx.runtime.load(record, { contextScale: scale, signal: call.signal }) : before!;
      try {
        const text = ctx.documents
          .passages(summary.id)
          .map((p) => p.text)
          .join('\n\n');
        return await runNeedleGrid({
          // No KV state store: a check's prompts are never a reading state worth saving.
          chat: backendChat(new LocalBackend(ctx.runtime, null)),
          documentId: summary.id,
          documentTitle: summary.title,
          text,
          model: { id: record.id, name: record.name },
          trainContextSize: loaded.trainContextSize,
          contextScale: loaded.scale,
          lengths: args.lengths,
          depths: args.depths,
          seed: args.seed,
          signal: call.signal,
          onProgress: (progress) => {
            call.onProgress?.(progress);
            ctx.emit('eval:progress', { ...progress, requestId: args.requestId });
          },
        });
      } finally {
        if (swapped) await restore(ctx, before);
      }
    },
  };
}

/** Loads again what was loaded before the check (or unloads); a failure leaves no model loaded, which the Models screen shows. */
async function restore(ctx: EngineContext, before: EngineContext['runtime']['loaded']): Promise<void> {
  try {
    if (before) await ctx.runtime.load(before.record, { contextScale: before.scale });
    else await ctx.runtime.unload();
  } catch {
    await ctx.runtime.unload().catch(() => {});
  }
}
