import { LecternError } from '../api/errors.js';
import type { ModelRecord } from '../api/types.js';
import type { BackendModel, ChatBackend } from './ChatBackend.js';
import type { KvStateStore } from './KvStateStore.js';
import type { LlmRuntime } from './LlmRuntime.js';
import { LocalBackend } from './LocalBackend.js';
import { ServerBackend } from './ServerBackend.js';

/**
 * Which chat model answers now: the local runtime's, or a registered inference server's. One at a
 * time: loading a server unloads the local model (its memory is better spent elsewhere), and
 * loading a local model forgets the server.
 */
export class ChatBackends {
  readonly local: LocalBackend;
  private serverBackend: ServerBackend | null = null;
  private serverRecord: ModelRecord | null = null;

  constructor(
    private readonly runtime: LlmRuntime,
    kvStates: KvStateStore,
    onSaveFailed?: (error: unknown) => void,
  ) {
    this.local = new LocalBackend(runtime, kvStates, onSaveFailed);
  }

  /** The backend answering now; null when no model is loaded anywhere. */
  current(): ChatBackend | null {
    if (this.serverBackend?.model) return this.serverBackend;
    return this.runtime.loaded ? this.local : null;
  }

  /** The server in use and its record, when one is. */
  get server(): { backend: ServerBackend; record: ModelRecord } | null {
    return this.serverBackend?.model && this.serverRecord ? { backend: this.serverBackend, record: this.serverRecord } : null;
  }

  /**
   * Checks a server (reachable, key accepted, model served) and makes it the one that answers;
   * the local model is unloaded once the server has answered. A failed check changes nothing.
   */
  async useServer(record: ModelRecord, apiKey: () => string | null, signal?: AbortSignal): Promise<BackendModel> {
    if (!record.server) throw new LecternError('INVALID_ARGUMENT', `${record.name} is not a model on an inference server.`);
    const backend = new ServerBackend({
      modelId: record.id,
      name: record.name,
      baseUrl: record.server.baseUrl,
      model: record.server.model,
      apiKey,
      timeoutMs: record.server.timeoutMs ?? undefined,
    });
    const model = await backend.connect(signal);
    await this.runtime.unload();
    this.serverBackend = backend;
    this.serverRecord = record;
    return model;
  }

  /** Stops using the server (a local model loaded next answers instead). True when one was in use. */
  dropServer(): boolean {
    const was = this.serverBackend !== null;
    this.serverBackend?.disconnect();
    this.serverBackend = null;
    this.serverRecord = null;
    return was;
  }
}
