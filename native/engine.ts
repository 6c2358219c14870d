import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { LecternError } from './api/errors.js';
import { commandSchemas, type AppInfo, type CommandArgs, type CommandName, type CommandResults, type EngineEvents } from './api/commands.js';
import { DEFAULT_MAX_BYTES } from './ingest/ingestFiles.js';
import { PdfWorkerPool } from './ingest/PdfWorkerPool.js';
import { OcrPool } from './ingest/ocr/OcrPool.js';
import { RecognitionRepository } from './store/RecognitionRepository.js';
import { PassageSearch } from './search/PassageSearch.js';
import { KvStateStore } from './llm/KvStateStore.js';
import { LlmRuntime } from './llm/LlmRuntime.js';
import { ModelRegistry } from './llm/ModelRegistry.js';
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
import type { CallOptions, CommandHandlers } from './commands/CommandHandler.js';
import { commandHandlers, handlerFor } from './commands/commandHandlers.js';
import { THREADS_SETTING, type EngineContext } from './commands/EngineContext.js';
import { RunningRequests } from './commands/RunningRequests.js';

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

// The command methods are installed by the constructor (declaration merging gives them their types).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Engine extends CommandMethods {}

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
  /** Documents' source files for the reader, served only while they are still the imported files. */
  readonly sources: DocumentSources;
  readonly settings: SettingsRepository;
  readonly documents: DocumentRepository;
  readonly passageSearch: PassageSearch;
  readonly runtime: LlmRuntime;
  readonly kvStates: KvStateStore;
  readonly conversations: ConversationRepository;
  readonly asking: AskService;
  /** GGUF models: added by path, or downloaded into `<libraryDir>/models`. */
  readonly models: ModelRegistry;
  readonly entities: EntityStore;
  readonly profiles: ProfileStore;
  readonly suggestions: SuggestionService;
  private readonly pool: PdfWorkerPool;
  private readonly ocrPool: OcrPool;
  private readonly events = new EventEmitter();
  private readonly running = new RunningRequests();
  /** Aborted by close(): stops every command still running, and the background work. */
  private readonly lifetime = new AbortController();
  private readonly handlers: CommandHandlers<CommandName>;

  constructor(private readonly options: EngineOptions) {
    this.db = openLibraryDatabase(options.libraryDir);
    this.settings = new SettingsRepository(this.db);
    this.documents = new DocumentRepository(this.db);
    this.passageSearch = new PassageSearch(this.db);
    this.pool = new PdfWorkerPool({ size: options.pdfWorkers, taskBudgetMs: options.pdfTaskBudgetMs });
    this.ocrPool = new OcrPool({ size: options.ocrWorkers });
    this.runtime = new LlmRuntime({ threads: options.llmThreads, log: options.llmLog });
    const savedThreads = this.settings.get(THREADS_SETTING);
    if (options.llmThreads === undefined && savedThreads !== null) this.runtime.setThreads(Number(savedThreads));
    this.folder = new LibraryFolder(options.libraryDir);
    this.sources = new DocumentSources(this.documents, this.folder);
    this.kvStates = new KvStateStore(this.db, this.folder, { onDiscarded: (code, message) => this.events.emit('qa:stateDiscarded', { code, message }) });
    this.kvStates.sweep();
    this.conversations = new ConversationRepository(this.db);
    this.asking = new AskService({
      documents: this.documents,
      search: this.passageSearch,
      runtime: this.runtime,
      kvStates: this.kvStates,
      conversations: this.conversations,
      demonstrations: new DemonstrationRepository(this.db),
      onSaveFailed: (error) => options.llmLog?.('warn', `The reading state was not saved: ${(error as Error).message}`),
    });
    this.models = new ModelRegistry(this.db, { modelsDir: path.join(options.libraryDir, 'models'), hfEndpoint: options.hfEndpoint });
    this.entities = new EntityStore(this.db);
    this.profiles = new ProfileStore(this.db);
    this.suggestions = new SuggestionService({ db: this.db, profiles: this.profiles, runtime: this.runtime });

    const context: EngineContext = {
      options,
      db: this.db,
      settings: this.settings,
      documents: this.documents,
      sources: this.sources,
      pool: this.pool,
      passageSearch: this.passageSearch,
      runtime: this.runtime,
      kvStates: this.kvStates,
      conversations: this.conversations,
      asking: this.asking,
      models: this.models,
      entities: this.entities,
      profiles: this.profiles,
      suggestions: this.suggestions,
      ocrPool: this.ocrPool,
      recognitions: new RecognitionRepository(this.db),
      emit: (event, payload) => this.events.emit(event, payload),
      cancel: (requestId) => this.running.cancel(requestId),
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
   * (INVALID_ARGUMENT otherwise), then runs its handler. `options.signal` stops it (see
   * CallOptions for what a stopped command returns); so do `cancel(args.requestId)` and close().
   */
  async invoke<C extends CommandName>(name: C, args: unknown, options: CallOptions<C> = {}): Promise<CommandResults[C]> {
    const handler = handlerFor(this.handlers, name);
    const schema = Object.hasOwn(commandSchemas, name) ? commandSchemas[name] : undefined;
    if (!handler || !schema) throw new LecternError('INVALID_ARGUMENT', `Unknown command "${String(name)}".`);
    const parsed = schema.safeParse(args);
    if (!parsed.success) {
      throw new LecternError('INVALID_ARGUMENT', `Invalid arguments for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'args'}: ${i.message}`).join('; ')}`);
    }
    const checked = parsed.data as CommandArgs<C>;
    // A cancel command names the request it stops: it must not register under that id itself.
    const requestId = /cancel$/i.test(name) ? undefined : (checked as { requestId?: string }).requestId;
    const run = this.running.start(requestId, options.signal ? [options.signal, this.lifetime.signal] : [this.lifetime.signal]);
    try {
      return await handler(checked, { ...options, signal: run.signal });
    } finally {
      run.end();
    }
  }

  on<E extends keyof EngineEvents>(event: E, listener: (payload: EngineEvents[E]) => void): () => void {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  /** Stops the command running with this `requestId` (in its arguments); false when none is. */
  cancel(requestId: string): boolean {
    return this.running.cancel(requestId);
  }

  /** An import's cancel by request id; see cancel(). Files already stored stay. */
  cancelIngest(requestId: string): boolean {
    return this.cancel(requestId);
  }

  /**
   * In the background: first re-reads the documents an older text pipeline stored
   * ('library:reread'), then back-fills the entities of documents stored before extraction
   * existed (or by an older extractor). The app and web mode start it once after opening a library; it
   * yields between documents, so reading and asking go on. Never rejects: a failure is logged.
   * `close()` stops it.
   */
  async backfillInBackground(log: (message: string) => void = () => {}): Promise<void> {
    try {
      const reread = await this.invoke('library:reread', {});
      if (reread.documents > 0) log(`Read ${reread.documents} document${reread.documents === 1 ? '' : 's'} again with this version's text extraction.`);
      for (const skipped of reread.skipped) log(skipped.message);
    } catch (error) {
      log(`Re-reading documents stopped: ${(error as Error).message}`);
    }
    if (this.lifetime.signal.aborted) return;
    try {
      const done = await this.invoke('knowledge:backfill', {});
      if (done.documents > 0) log(`Found ${done.entities} entities in ${done.documents} document${done.documents === 1 ? '' : 's'} stored before entity extraction.`);
    } catch (error) {
      if ((error as { code?: string }).code !== 'CANCELLED') log(`Entity back-fill stopped: ${(error as Error).message}`);
    }
  }

  async close(): Promise<void> {
    this.lifetime.abort();
    await this.runtime.dispose();
    await this.pool.dispose();
    await this.ocrPool.dispose();
    this.db.close();
  }
}

export function createEngine(options: EngineOptions): Engine {
  return new Engine(options);
}
