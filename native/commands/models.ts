import path from 'node:path';
import type { LoadedModelInfo, ModelRecord } from '../api/types.js';
import type { BackendModel } from '../llm/ChatBackend.js';
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

    async 'models:addServer'(args) {
      const { timeoutSeconds, ...rest } = args;
      return { model: ctx.models.addServer({ ...rest, timeoutMs: timeoutSeconds === undefined ? null : timeoutSeconds * 1000 }) };
    },

    async 'models:inspect'(args) {
      return ctx.models.inspect(args.idOrPath);
    },

    async 'models:remove'(args) {
      const { model, deletedFile } = await ctx.models.remove(args.id);
      if (ctx.chat.server?.record.id === model.id) ctx.chat.dropServer();
      return { removed: model.id, deletedFile };
    },

    async 'models:catalog'() {
      return { models: loadModelCatalog() };
    },

    /** Loads a model (registering a file path on first use) at a context scale; replaces the loaded one. */
    async 'models:load'(args, call) {
      const record = ctx.models.find(args.idOrPath) ?? (await ctx.models.add(args.idOrPath, { signal: call.signal }));
      if (record.backend === 'server') {
        // Loading a server is checking it: reachable, the key accepted, the model served.
        const m = await ctx.chat.useServer(record, () => ctx.models.serverKey(record.id), call.signal);
        return serverInfo(record, m, ctx.chat.server!.backend.where);
      }
      const loaded = await ctx.runtime.load(record, { contextScale: args.contextScale });
      ctx.chat.dropServer();
      return loadedInfo(loaded);
    },

    /** The memory a load at this scale needs, from the GGUF header, with nothing loaded. */
    async 'models:estimate'(args) {
      const record = ctx.models.find(args.idOrPath);
      const modelPath = record?.path ?? path.resolve(args.idOrPath);
      const trainContextSize = record?.trainContextSize ?? (await ctx.models.inspect(args.idOrPath)).trainContextSize;
      return estimateMemory(modelPath, trainContextSize * args.contextScale);
    },

    async 'models:unload'() {
      const was = ctx.runtime.loaded !== null || ctx.chat.dropServer();
      await ctx.runtime.unload();
      return { unloaded: was };
    },

    async 'models:loaded'() {
      const server = ctx.chat.server;
      if (server) return { model: serverInfo(server.record, server.backend.model!, server.backend.where) };
      const loaded = ctx.runtime.loaded;
      return { model: loaded ? loadedInfo(loaded) : null };
    },
  };
}

function loadedInfo(l: LoadedModel): LoadedModelInfo {
  return {
    model: l.record,
    contextSize: l.contextSize,
    trainContextSize: l.trainContextSize,
    scale: l.scale,
    ropeScaling: l.ropeScaling,
    chatWrapper: l.chatWrapperName,
    where: 'on this computer',
  };
}

function serverInfo(record: ModelRecord, m: BackendModel, where: string): LoadedModelInfo {
  return { model: record, contextSize: m.contextSize, trainContextSize: m.trainContextSize, scale: m.scale, ropeScaling: m.ropeScaling, chatWrapper: 'server', where };
}
