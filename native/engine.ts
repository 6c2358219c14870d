import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { PassageIndex } from './store/PassageIndex.js';
import { DefinedTermReader } from './store/DefinedTermReader.js';
import { LecternError } from './api/errors.js';
import { cancelledPartial, commandSchemas, type AppInfo, type CommandArgs, type CommandName, type CommandResults, type EngineEvents } from './api/commands.js';
import { DEFAULT_MAX_BYTES } from './ingest/ingestFiles.js';
import { PdfWorkerPool } from './ingest/PdfWorkerPool.js';
import { OcrPool } from './ingest/ocr/OcrPool.js';
import { RecognitionRepository } from './store/RecognitionRepository.js';
import { PassageSearch } from './search/PassageSearch.js';
import { HybridSearch } from './search/HybridSearch.js';
import { EmbeddingRuntime } from './llm/EmbeddingRuntime.js';
import { VectorRepository } from './store/VectorRepository.js';
import { EmbeddingService } from './commands/EmbeddingService.js';
import { ChatBackends } from './llm/ChatBackends.js';
import { FileSecretStore } from './llm/FileSecretStore.js';
import { SealedFileSecretStore } from './llm/SealedFileSecretStore.js';
import { KvStateStore } from './llm/KvStateStore.js';
import type { SecretStore } from './llm/SecretStore.js';
import { LlmRuntime } from './llm/LlmRuntime.js';
import { ModelRegistry } from './llm/ModelRegistry.js';
import { askedClauseTest, clauseKindsOf } from './knowledge/entities/clauseConcepts.js';
import { EntityStore } from './knowledge/EntityStore.js';
import { ProfileStore } from './knowledge/ProfileStore.js';
import { SuggestionService } from './knowledge/SuggestionService.js';
import { AskService } from './qa/AskService.js';
import { ConversationRepository } from './store/ConversationRepository.js';
import { DemonstrationRepository } from './store/DemonstrationRepository.js';
import { DocumentRepository } from './store/DocumentRepository.js';
import { DocumentSources } from './store/DocumentSources.js';
import { LibraryFolder } from './store/libraryPath.js';
import { openLibraryDatabase } from './store/openLibraryDatabase.js';
import { SettingsRepository } from './store/SettingsRepository.js';
import { EntityReader } from './store/EntityReader.js';
import { EntityWriter } from './store/EntityWriter.js';
import { KvStateRepository } from './store/KvStateRepository.js';
import { ModelRepository } from './store/ModelRepository.js';
import { ServerModelRepository } from './store/ServerModelRepository.js';
import { profileRepositories } from './store/profileRepositories.js';
import { suggestionQueries } from './store/suggestionQueries.js';
import { transactionOn } from './store/transactionOn.js';
import { AnnotationRepository } from './store/AnnotationRepository.js';
import { ReadingProgressRepository } from './store/ReadingProgressRepository.js';
import type { CallOptions, CommandHandlers } from './commands/CommandHandler.js';
import { commandHandlers, handlerFor } from './commands/commandHandlers.js';
import { THREADS_SETTING, type EngineContext, type EngineServices } from './commands/EngineContext.js';

export type { CallOptions } from './commands/CommandHandler.js';

export interface EngineOptions {
  libraryDir: string;
  /** PDF worker threads; default: available parallelism, at most 4. */
  pdfWorkers?: number;
  /** OCR worker threads (each holds a tesseract model, some 100 MB); default: available parallelism, at most 4. */
  ocrWorkers?: number;
  /** Time one PDF (or one worker's share of a long one) may take to read before it fails with TOO_COMPLEX; default 120 s. */
  pdfTaskBudgetMs?: number;
  /** CPU threads for the language model; default: available parallelism. */
  llmThreads?: number;
  /** Receives llama.cpp's log lines. */
  llmLog?: (level: string, message: string) => void;
  /** Import limits; see IngestOptions. */
  maxPages?: number;
  maxBytes?: number;
  /** Where app-wide settings live (which library to open); default: the platform's user-data folder. */
  userDataDir?: string;
  /** Reported by 'app:info'; default: the version in package.json. */
  version?: string;
  /** Where `hf:` model addresses point (a mirror, or a local server in tests); default https://huggingface.co. */
  hfEndpoint?: string;
  /**
   * Given by a host that can switch libraries while it runs (see LibrarySlot): opens another
   * library in place of this one. Without it, 'app:openLibrary' is refused.
   */
  switchLibrary?: (libraryDir: string) => Promise<AppInfo>;
  /** Where inference servers' API keys are kept; default: 0600 files in `<libraryDir>/keys`, sealed with `secretKey` when given. */
  secrets?: SecretStore;
  /** 32 bytes that seal the API key files (the desktop's, kept by the OS keychain through Electron's safeStorage). */
  secretKey?: Buffer;
}

/** Arguments may be left out for commands that take none (`engine['library:list']()`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{}` is exactly "an args object that may be empty"
type ArgsParam<C extends CommandName> = {} extends CommandArgs<C> ? [args?: CommandArgs<C>] : [args: CommandArgs<C>];
/** `onText` is the older name of qa:ask's progress (each piece of answer text). */
type LegacyOptions<C extends CommandName> = CallOptions<C> & (C extends 'qa:ask' ? { onText?: (delta: string) => void } : unknown);

/**
 * A shorthand for tests and scripts in this process: `engine['library:list']()` is
 * `engine.invoke('library:list', {})`, validated the same way. Product code (CLI, web mode,
 * the desktop host) calls `invoke`.
 */
export type CommandMethods = { [C in CommandName]: (...params: [...ArgsParam<C>, options?: LegacyOptions<C>]) => Promise<CommandResults[C]> };

// The command methods and the services are installed by the constructor (declaration merging gives them their types).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Engine extends CommandMethods, EngineServices {}

/**
 * The composition root: one library folder, its database, the PDF workers and the services
 * on top, and the command handlers (native/commands/*) over them. Every way in goes through
 * `invoke`; this class only wires and owns the lifecycle.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Engine {
  readonly db: Database;
  /** The library folder: every file the engine deletes, reads or serves of its own is confined to it. */
  readonly folder: LibraryFolder;
  private readonly embeddingRuntime: EmbeddingRuntime;
  private readonly pool: PdfWorkerPool;
  private readonly ocrPool: OcrPool;
  private readonly events = new EventEmitter();
  /** Aborted by close(): stops every command still running, and the background work. */
  private readonly lifetime = new AbortController();
  private readonly handlers: CommandHandlers<CommandName>;

  constructor(private readonly options: EngineOptions) {
    const db = (this.db = openLibraryDatabase(options.libraryDir));
    this.folder = new LibraryFolder(options.libraryDir);
    this.pool = new PdfWorkerPool({ size: options.pdfWorkers, taskBudgetMs: options.pdfTaskBudgetMs });
    this.ocrPool = new OcrPool({ size: options.ocrWorkers });
    const settings = new SettingsRepository(db);
    const documents = new DocumentRepository(db);
    // Kinds of clause from the clause concepts, for search and extractive answers (which may not read knowledge themselves).
    const clauseKinds = { askedIn: askedClauseTest, of: clauseKindsOf };
    const passageSearch = new PassageSearch(new PassageIndex(db), new DefinedTermReader(db), { clauseKinds });
    const runtime = new LlmRuntime({ threads: options.llmThreads, log: options.llmLog });
    const savedThreads = settings.get(THREADS_SETTING);
    if (options.llmThreads === undefined && savedThreads !== null) runtime.setThreads(Number(savedThreads));
    const kvStates = new KvStateStore({ states: new KvStateRepository(db), settings }, this.folder, {
      onDiscarded: (code, message) => this.events.emit('qa:stateDiscarded', { code, message }),
    });
    kvStates.sweep();
    const conversations = new ConversationRepository(db);
    const readingProgress = new ReadingProgressRepository(db);
    const annotations = new AnnotationRepository(db);
    const profiles = new ProfileStore(profileRepositories(db));
    const models = new ModelRegistry(new ModelRepository(db), {
      modelsDir: path.join(options.libraryDir, 'models'),
      hfEndpoint: options.hfEndpoint,
      servers: new ServerModelRepository(db),
      secrets:
        options.secrets ??
        (options.secretKey ? new SealedFileSecretStore(path.join(options.libraryDir, 'keys'), options.secretKey) : new FileSecretStore(path.join(options.libraryDir, 'keys'))),
    });
    const chat = new ChatBackends(runtime, kvStates, (error) => options.llmLog?.('warn', `The reading state was not saved: ${(error as Error).message}`));
    const vectors = new VectorRepository(db);
    this.embeddingRuntime = new EmbeddingRuntime({ llama: () => runtime.sharedLlama(), threads: () => runtime.threads, log: options.llmLog });
    const embeddings = new EmbeddingService({
      settings,
      models,
      vectors,
      runtime: this.embeddingRuntime,
      chat: runtime,
      lifetime: this.lifetime.signal,
      onProgress: (progress) => this.events.emit('embeddings:progress', progress),
      onDimensionChanged: (modelId, message) => this.events.emit('embeddings:dimensionChanged', { modelId, code: 'EMBEDDING_DIMENSION_CHANGED', message }),
      log: (level, message) => options.llmLog?.(level, message),
    });
    const hybridSearch = new HybridSearch(passageSearch, vectors, documents, (text, signal) => embeddings.queryVector(text, signal));
    const services: EngineServices = {
      settings,
      documents,
      /** Documents' source files for the reader, served only while they are still the imported files. */
      sources: new DocumentSources(documents, this.folder),
      passageSearch,
      runtime,
      kvStates,
      chat,
      conversations,
      asking: new AskService({
        retrieve: (query, signal) => hybridSearch.search(query, signal),
        documents,
        search: passageSearch,
        runtime,
        kvStates,
        backends: chat,
        conversations,
        demonstrations: new DemonstrationRepository(db),
        askedClauses: clauseKinds.askedIn,
        onSaveFailed: (error) => options.llmLog?.('warn', `The reading state was not saved: ${(error as Error).message}`),
      }),
      /** GGUF models: added by path, or downloaded into `<libraryDir>/models`. */
      models,
      entities: new EntityStore({ reader: new EntityReader(db), writer: new EntityWriter(db), transact: transactionOn(db) }),
      profiles,
      suggestions: new SuggestionService({
        queries: suggestionQueries(db),
        profiles,
        runtime,
        chat: () => chat.current(),
        spoilerLimit: (userId, documentId) => readingProgress.spoilerLimit(userId, documentId),
        highlightedEntities: (userId, documentId) => annotations.highlightedEntityIds(userId, documentId),
      }),
      /** The library's embedding model and the passage vectors of hybrid search. */
      embeddings,
      hybridSearch,
      annotations,
      readingProgress,
    };
    // The services become the engine's own read-only fields (declared once, in EngineServices).
    for (const [name, service] of Object.entries(services)) Object.defineProperty(this, name, { value: service, enumerable: true });

    const context: EngineContext = {
      ...services,
      options,
      pool: this.pool,
      ocrPool: this.ocrPool,
      recognitions: new RecognitionRepository(db),
      emit: (event, payload) => this.events.emit(event, payload),
    };
    this.handlers = commandHandlers(context);
    for (const name of Object.keys(this.handlers) as CommandName[]) {
      const method = (args: unknown = {}, options: CallOptions & { onText?: (delta: string) => void } = {}) => {
        const { onText, ...call } = options;
        const onProgress = onText ? (p: unknown) => onText((p as { delta: string }).delta) : call.onProgress;
        return this.invoke(name, args, { ...call, onProgress } as CallOptions<typeof name>);
      };
      Object.defineProperty(this, name, { value: method, enumerable: false });
    }
  }

  /** The library folder this engine opened. */
  get libraryDir(): string {
    return this.options.libraryDir;
  }

  /** The largest file an import accepts, in bytes (EngineOptions.maxBytes, default 1 GiB). */
  get maxImportBytes(): number {
    return this.options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  /**
   * The one way into the engine: validates `args` against the command's schema
   * (INVALID_ARGUMENT otherwise), then runs its handler. `options.signal` stops it, and so does
   * close(): it then rejects CANCELLED (see CallOptions).
   */
  async invoke<C extends CommandName>(name: C, args: unknown, options: CallOptions<C> = {}): Promise<CommandResults[C]> {
    const handler = handlerFor(this.handlers, name);
    const schema = Object.hasOwn(commandSchemas, name) ? commandSchemas[name] : undefined;
    if (!handler || !schema) throw new LecternError('INVALID_ARGUMENT', `Unknown command "${String(name)}".`);
    const parsed = schema.safeParse(args);
    if (!parsed.success) {
      throw new LecternError('INVALID_ARGUMENT', `Invalid arguments for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'args'}: ${i.message}`).join('; ')}`);
    }
    if (options.signal?.aborted) throw new LecternError('CANCELLED', `${name} was cancelled before it started.`);
    const signal = options.signal ? AbortSignal.any([options.signal, this.lifetime.signal]) : this.lifetime.signal;
    try {
      return await handler(parsed.data as CommandArgs<C>, { ...options, signal });
    } catch (error) {
      // One outcome for a stopped command, whatever the library underneath threw when the signal aborted (an AbortError).
      if (signal.aborted && (error as { name?: unknown } | null)?.name === 'AbortError') throw new LecternError('CANCELLED', `${name} was cancelled.`, { cause: error });
      throw error;
    }
  }

  on<E extends keyof EngineEvents>(event: E, listener: (payload: EngineEvents[E]) => void): () => void {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  /**
   * In the background: starts the PDF workers (so the first import reads at full speed), then re-reads the documents an older text pipeline stored
   * ('library:reread'), then back-fills the entities of documents stored before extraction
   * existed (or by an older extractor). The app and web mode start it once after opening a library; it
   * yields between documents, so reading and asking go on. Never rejects: a failure is logged.
   * `close()` stops it.
   */
  async backfillInBackground(log: (message: string) => void = () => {}): Promise<void> {
    await this.pool.warm().catch((error: unknown) => {
      if ((error as { code?: string }).code !== 'CANCELLED') log(`The PDF readers did not start: ${(error as Error).message}`);
    });
    const reread = await this.invoke('library:reread', {}).catch((error: unknown) => {
      // Stopped (from a window, or by close()): what it did before is still worth saying.
      const partial = cancelledPartial(error, 'library:reread');
      if (!partial) log(`Re-reading documents stopped: ${(error as Error).message}`);
      return partial;
    });
    if (reread && reread.documents > 0) log(`Read ${reread.documents} document${reread.documents === 1 ? '' : 's'} again with this version's text extraction.`);
    for (const skipped of reread?.skipped ?? []) log(skipped.message);
    if (this.lifetime.signal.aborted) return;
    try {
      const done = await this.invoke('knowledge:backfill', {});
      if (done.documents > 0) log(`Found ${done.entities} entities in ${done.documents} document${done.documents === 1 ? '' : 's'} stored before entity extraction.`);
    } catch (error) {
      if ((error as { code?: string }).code !== 'CANCELLED') log(`Entity back-fill stopped: ${(error as Error).message}`);
    }
    // Passages imported or re-read before the embedding model was chosen, or by a run that was stopped.
    this.embeddings.schedule();
  }

  async close(): Promise<void> {
    this.lifetime.abort();
    this.embeddings.close();
    // Before the chat runtime, which owns the llama.cpp instance both share.
    await this.embeddingRuntime.dispose();
    await this.runtime.dispose();
    await this.pool.dispose();
    await this.ocrPool.dispose();
    this.db.close();
  }
}

export function createEngine(options: EngineOptions): Engine {
  return new Engine(options);
}
