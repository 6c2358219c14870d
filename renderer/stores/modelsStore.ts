/** Local models: the registry, the loaded one and its context, the catalog and downloads in flight. */
import { create } from 'zustand';
import type { CatalogModel } from '../../native/api/commands.js';
import type { ContextScale, DownloadProgress, LoadedModelInfo, MemoryEstimate, ModelRecord } from '../../native/api/types.js';
import { transport } from '../transport/appTransport.js';
import { errorCode, errorMessage, newRequestId } from './requestId.js';

export interface Download {
  requestId: string;
  uri: string;
  progress: DownloadProgress | null;
  error: string | null;
}

interface ModelsState {
  models: ModelRecord[];
  loaded: LoadedModelInfo | null;
  catalog: CatalogModel[];
  downloads: Download[];
  contextScale: ContextScale;
  /** Memory each chat model needs at the chosen scale (or why it could not be estimated), by model id. */
  estimates: Record<string, { scale: ContextScale; estimate: MemoryEstimate | null; error: string | null }>;
  /** A load or unload in progress: the model id, or 'unload'. */
  busy: string | null;
  error: string | null;
  notice: string | null;
  refresh(): Promise<void>;
  addPath(path: string): Promise<void>;
  /**
   * Registers an inference server. Resolves 'confirm' when its plain-http address needs the
   * person's confirmation (the message is in `error`), true when added, false when refused.
   */
  addServer(server: { name: string; baseUrl: string; model?: string; apiKey?: string; confirmedInsecure?: boolean }): Promise<boolean | 'confirm'>;
  download(uri: string): Promise<void>;
  cancelDownload(requestId: string): Promise<void>;
  setContextScale(scale: ContextScale): void;
  /** Estimates the memory of every chat model at the chosen context scale. */
  estimateAll(): Promise<void>;
  load(id: string): Promise<void>;
  unload(): Promise<void>;
  remove(id: string): Promise<void>;
}

let progressSubscription: (() => void) | null = null;
/** Stops each download in flight, by its request id. */
const downloadStops = new Map<string, AbortController>();

export const useModelsStore = create<ModelsState>()((set, get) => ({
  models: [],
  loaded: null,
  catalog: [],
  downloads: [],
  contextScale: 1,
  estimates: {},
  busy: null,
  error: null,
  notice: null,

  async refresh() {
    try {
      const [{ models }, { model }, { models: catalog }] = await Promise.all([
        transport().invoke('models:list', {}),
        transport().invoke('models:loaded', {}),
        transport().invoke('models:catalog', {}),
      ]);
      set({ models, loaded: model, catalog, error: null });
      void get().estimateAll();
    } catch (error) {
      set({ error: `Could not list the models: ${errorMessage(error)}` });
    }
  },

  async addPath(path) {
    set({ error: null, notice: null });
    try {
      const { model, duplicate } = await transport().invoke('models:add', { pathOrUri: path.trim() });
      set({ notice: duplicate ? `${model.name} was already registered.` : `Added ${model.name}.` });
      await get().refresh();
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },

  async addServer(server) {
    set({ error: null, notice: null });
    try {
      const args = { name: server.name.trim(), baseUrl: server.baseUrl.trim(), confirmedInsecure: server.confirmedInsecure };
      const { model } = await transport().invoke('models:addServer', {
        ...args,
        ...(server.model?.trim() ? { model: server.model.trim() } : {}),
        ...(server.apiKey?.trim() ? { apiKey: server.apiKey.trim() } : {}),
      });
      set({ notice: `Added ${model.name}. Load it to answer questions on ${new URL(model.server!.baseUrl).hostname}: your documents' text will be sent there.` });
      await get().refresh();
      return true;
    } catch (error) {
      set({ error: errorMessage(error) });
      return errorCode(error) === 'CONFIRMATION_NEEDED' ? 'confirm' : false;
    }
  },

  async download(uri) {
    const requestId = newRequestId('download');
    progressSubscription ??= transport().on('models:downloadProgress', (p) => {
      set((s) => ({ downloads: s.downloads.map((d) => (d.requestId === p.requestId ? { ...d, progress: p } : d)) }));
    });
    set((s) => ({ downloads: [...s.downloads.filter((d) => d.uri !== uri), { requestId, uri, progress: null, error: null }], error: null, notice: null }));
    const stop = new AbortController();
    downloadStops.set(requestId, stop);
    try {
      const { model } = await transport().invoke('models:add', { pathOrUri: uri, requestId }, { signal: stop.signal });
      set((s) => ({ downloads: s.downloads.filter((d) => d.requestId !== requestId), notice: `Downloaded ${model.name}.` }));
      await get().refresh();
    } catch (error) {
      const message = errorCode(error) === 'CANCELLED' ? 'Stopped. Download again to resume.' : errorMessage(error);
      set((s) => ({ downloads: s.downloads.map((d) => (d.requestId === requestId ? { ...d, error: message } : d)) }));
    } finally {
      downloadStops.delete(requestId);
    }
  },

  async cancelDownload(requestId) {
    downloadStops.get(requestId)?.abort();
  },

  setContextScale(contextScale) {
    set({ contextScale });
    void get().estimateAll();
  },

  async estimateAll() {
    const scale = get().contextScale;
    await Promise.all(
      get()
        .models.filter((m) => m.kind === 'chat' && m.backend !== 'server')
        .map(async (m) => {
          let entry: ModelsState['estimates'][string];
          try {
            entry = { scale, estimate: await transport().invoke('models:estimate', { idOrPath: m.id, contextScale: scale }), error: null };
          } catch (error) {
            entry = { scale, estimate: null, error: errorMessage(error) };
          }
          // A later choice of scale wins over a slower answer for an earlier one.
          if (get().contextScale === scale) set((s) => ({ estimates: { ...s.estimates, [m.id]: entry } }));
        }),
    );
  },

  async load(id) {
    set({ busy: id, error: null, notice: null });
    try {
      const loaded = await transport().invoke('models:load', { idOrPath: id, contextScale: get().contextScale });
      set({ loaded });
    } catch (error) {
      set({ error: errorMessage(error) });
    } finally {
      set({ busy: null });
      void get().estimateAll();
    }
  },

  async unload() {
    set({ busy: 'unload', error: null });
    try {
      await transport().invoke('models:unload', {});
      set({ loaded: null });
    } catch (error) {
      set({ error: errorMessage(error) });
    } finally {
      set({ busy: null });
      void get().estimateAll();
    }
  },

  async remove(id) {
    set({ error: null });
    try {
      await transport().invoke('models:remove', { id });
      await get().refresh();
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
}));
