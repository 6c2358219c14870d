import { LecternError } from '../api/errors.js';
import type { ContextScale, ModelRecord } from '../api/types.js';
import { backendChat } from '../eval/backendChat.js';
import { runNeedleGrid } from '../eval/runNeedleGrid.js';
import { notFound } from '../store/DocumentRepository.js';
import type { CommandHandlers, DomainCommand } from './CommandHandler.js';
import type { EngineContext } from './EngineContext.js';

/** What answers before a check: a server, a local model at a scale, or nothing. */
type Answering = { record: ModelRecord; scale: ContextScale | null } | null;

/** Built-in evaluations of a model on the person's own documents. */
export function evalCommands(ctx: EngineContext): CommandHandlers<DomainCommand<'eval'>> {
  return {
    /**
     * The needle grid of a document (see 'eval:needles' in native/api/commands.ts), for a local
     * model or an inference server. The model named (or the one answering) is loaded at the scale
     * asked for when it is not already, as models:load loads it, and what answered before is
     * loaded again afterwards, so the check leaves the app as it found it.
     */
    async 'eval:needles'(args, call) {
      const summary = ctx.documents.summary(args.documentId);
      if (!summary) throw notFound(args.documentId);
      ctx.suggestions.yieldModel(); // a check the person started goes before wording suggestions
      const before = answering(ctx);
      const record = args.modelId ? ctx.models.find(args.modelId) : (before?.record ?? null);
      if (!record) {
        throw args.modelId
          ? new LecternError('MODEL_NOT_FOUND', `No registered model matches ${args.modelId}: add it in Models first.`)
          : new LecternError('NO_MODEL_LOADED', 'Checking how far a model reads needs a model: load one in Models, or name one.');
      }
      if (record.kind !== 'chat') throw new LecternError('INVALID_ARGUMENT', `${record.name} is an embedding model; how far a model reads is checked on chat models.`);
      const isServer = record.backend === 'server';
      if (isServer && args.contextScale !== undefined && args.contextScale !== 1)
        throw new LecternError('INVALID_ARGUMENT', `${record.name} runs on a server, whose context is set where it runs: check it without a context scale.`);
      const scale: ContextScale | null = isServer ? null : (args.contextScale ?? (before?.record.id === record.id ? before.scale : null) ?? 1);
      const swapped = before?.record.id !== record.id || before.scale !== scale;
      if (swapped) await use(ctx, { record, scale }, call.signal);
      try {
        const backend = ctx.chat.current();
        const model = backend?.model;
        if (!backend || !model) throw new LecternError('NO_MODEL_LOADED', `${record.name} is not answering: load it again and rerun the check.`);
        const text = ctx.documents
          .passages(summary.id)
          .map((p) => p.text)
          .join('\n\n');
        return await runNeedleGrid({
          chat: backendChat(backend),
          documentId: summary.id,
          documentTitle: summary.title,
          text,
          model: { id: record.id, name: record.name },
          trainContextSize: model.trainContextSize,
          contextScale: model.scale,
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

function answering(ctx: EngineContext): Answering {
  const server = ctx.chat.server;
  if (server) return { record: server.record, scale: null };
  const loaded = ctx.runtime.loaded;
  return loaded ? { record: loaded.record, scale: loaded.scale } : null;
}

/** As models:load: a server is checked and made the one answering; a local model is loaded at its scale and any server dropped. */
async function use(ctx: EngineContext, model: NonNullable<Answering>, signal?: AbortSignal): Promise<void> {
  if (model.record.backend === 'server') {
    await ctx.chat.useServer(model.record, () => ctx.models.serverKey(model.record.id), signal);
    return;
  }
  await ctx.runtime.load(model.record, { contextScale: model.scale ?? 1, signal });
  ctx.chat.dropServer();
}

/** Loads again what answered before the check (or nothing); a failure leaves no model loaded, which the Models screen shows. */
async function restore(ctx: EngineContext, before: Answering): Promise<void> {
  try {
    if (before) await use(ctx, before);
    else {
      ctx.chat.dropServer();
      await ctx.runtime.unload();
    }
  } catch {
    ctx.chat.dropServer();
    await ctx.runtime.unload().catch(() => {});
  }
}
