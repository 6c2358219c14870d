import path from 'node:path';
import type { LoadedModelInfo } from '../api/types.js';
import { estimateMemory } from '../llm/estimateMemory.js';
import type { LoadedModel } from '../llm/LlmRuntime.js';
import { loadModelCatalog } from '../llm/modelCatalog.js';
import type { CommandHandlers, DomainCommand } from './CommandHandler.js';
import type { EngineContext } from './EngineContext.js';

/** Registering, downloading, loading and removing models. */
export function modelsCommands(ctx: EngineContext): CommandHandlers<DomainCommand<'models'>> {
  return {
    async 'models:list'() {
      return { models: ctx.models.list() };
    },

    /** Registers a file or downloads a URI; a download reports 'models:downloadProgress'; cancelled, it rejects CANCELLED and keeps its `.part`. */
    async 'models:add'(args, call) {
      const known = new Set(ctx.models.list().map((m) => m.id));
      const model = await ctx.models.add(args.pathOrUri, {
        signal: call.signal,
        onProgress: (p) => {
          call.onProgress?.(p);
          ctx.emit('models:downloadProgress', { ...p, requestId: args.requestId });
        },
      });
      ctx.embeddings.adopt(model); // the first embedding model registered turns hybrid search on
      return { model, duplicate: known.has(model.id) };
    },

    async 'models:inspect'(args) {
      return ctx.models.inspect(args.idOrPath);
    },

    async 'models:remove'(args) {
      const { model, deletedFile } = await ctx.models.remove(args.id);
      return { removed: model.id, deletedFile };
    },

    async 'models:catalog'() {
      return { models: loadModelCatalog() };
    },

    /** Loads a model (registering a file path on first use) at a context scale; replaces the loaded one. */
    async 'models:load'(args, call) {
      const record = ctx.models.find(args.idOrPath) ?? (await ctx.models.add(args.idOrPath, { signal: call.signal }));
      return loadedInfo(await ctx.runtime.load(record, { contextScale: args.contextScale }));
    },

    /** The memory a load at this scale needs, from the GGUF header, with nothing loaded. */
    async 'models:estimate'(args) {
      const record = ctx.models.find(args.idOrPath);
      const modelPath = record?.path ?? path.resolve(args.idOrPath);
      const trainContextSize = record?.trainContextSize ?? (await ctx.models.inspect(args.idOrPath)).trainContextSize;
      return estimateMemory(modelPath, trainContextSize * args.contextScale);
    },

    async 'models:unload'() {
      const was = ctx.runtime.loaded !== null;
      await ctx.runtime.unload();
      return { unloaded: was };
    },

    async 'models:loaded'() {
      const loaded = ctx.runtime.loaded;
      return { model: loaded ? loadedInfo(loaded) : null };
    },
  };
}

function loadedInfo(l: LoadedModel): LoadedModelInfo {
  return { model: l.record, contextSize: l.contextSize, trainContextSize: l.trainContextSize, scale: l.scale, ropeScaling: l.ropeScaling, chatWrapper: l.chatWrapperName };
}
