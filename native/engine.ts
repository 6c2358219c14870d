import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { readAppSettings, userDataDir, writeAppSettings } from './appPaths.js';
import type { Database } from 'better-sqlite3';
import { LecternError } from './api/errors.js';
import type { LoadedModelInfo } from './api/types.js';
import { commandSchemas, type AppInfo, type CommandArgs, type CommandName, type CommandResults, type Commands, type EngineEvents } from './api/commands.js';
import { DEFAULT_MAX_BYTES, ingestFiles, type IngestOptions } from './ingest/ingestFiles.js';
import { PdfWorkerPool } from './ingest/PdfWorkerPool.js';
import { reingestOutdated } from './ingest/reingestOutdated.js';
import type { RereadResult, RereadStatus } from './api/types.js';
import { PassageSearch } from './search/PassageSearch.js';
import { estimateMemory } from './llm/estimateMemory.js';
import { KvStateStore } from './llm/KvStateStore.js';
import { LlmRuntime, type LoadedModel } from './llm/LlmRuntime.js';
import { loadModelCatalog } from './llm/modelCatalog.js';
import { ModelRegistry, type AddModelOptions } from './llm/ModelRegistry.js';
import { EntityStore } from './knowledge/EntityStore.js';
import { ProfileStore } from './knowledge/ProfileStore.js';
import { SuggestionService } from './knowledge/SuggestionService.js';
import { AskService } from './qa/AskService.js';
import { ConversationRepository } from './store/ConversationRepository.js';
import { DemonstrationRepository } from './store/DemonstrationRepository.js';
import { DocumentRepository, notFound } from './store/DocumentRepository.js';
import { DocumentSources } from './store/DocumentSources.js';
import { LibraryFolder } from './store/libraryPath.js';
import { openLibraryDatabase } from './store/openLibraryDatabase.js';

export interface EngineOptions {
  libraryDir: string;
  /** PDF worker threads; default: available parallelism, at most 4. */
  pdfWorkers?: number;
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

/**
 * The composition root: one library folder, its database, the PDF workers and
 * the services on top. Implements the command map; transports call `invoke`.
 */
export class Engine implements Commands {
  readonly db: Database;
  /** The library folder: every file the engine deletes, reads or serves of its own is confined to it. */
  readonly folder: LibraryFolder;
  /** Documents' source files for the reader, served only while they are still the imported files. */
  readonly sources: DocumentSources;
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
  private readonly downloadControllers = new Map<string, AbortController>();
  private readonly pool: PdfWorkerPool;
  private readonly askControllers = new Map<string, AbortController>();
  private readonly events = new EventEmitter();
  private readonly ingestControllers = new Map<string, AbortController>();
  private readonly backgroundWork = new AbortController();
  /** The re-read of outdated documents under way: one at a time, joined by later requests. */
  private rereading: { controller: AbortController; done: Promise<RereadResult> } | null = null;
  /** That re-read, or the last one, for 'library:rereadStatus'. */
  private rereadStatus: RereadStatus = { running: false, startedAt: null, progress: null, result: null };

  constructor(private readonly options: EngineOptions) {
    this.db = openLibraryDatabase(options.libraryDir);
    this.documents = new DocumentRepository(this.db);
    this.passageSearch = new PassageSearch(this.db);
    this.pool = new PdfWorkerPool({ size: options.pdfWorkers, taskBudgetMs: options.pdfTaskBudgetMs });
    this.runtime = new LlmRuntime({ threads: options.llmThreads, log: options.llmLog });
    const savedThreads = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(THREADS_SETTING) as { value: string } | undefined;
    if (options.llmThreads === undefined && savedThreads) this.runtime.setThreads(Number(savedThreads.value));
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
  }

  /** The library folder this engine opened. */
  get libraryDir(): string {
    return this.options.libraryDir;
  }

  /** The largest file an import accepts, in bytes (EngineOptions.maxBytes, default 1 GiB). */
  get maxImportBytes(): number {
    return this.options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  /** Validates arguments against the contract, then runs the command. */
  async invoke<C extends CommandName>(name: C, args: unknown): Promise<CommandResults[C]> {
    // Own keys only: a name like "constructor" must not reach Object.prototype.
    const schema = Object.hasOwn(commandSchemas, name) ? commandSchemas[name] : undefined;
    if (!schema) throw new LecternError('INVALID_ARGUMENT', `Unknown command "${String(name)}".`);
    const parsed = schema.safeParse(args);
    if (!parsed.success) {
      throw new LecternError('INVALID_ARGUMENT', `Invalid arguments for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'args'}: ${i.message}`).join('; ')}`);
    }
    const handler = this[name] as (a: CommandArgs<C>) => Promise<CommandResults[C]>;
    return handler.call(this, parsed.data as CommandArgs<C>);
  }

  on<E extends keyof EngineEvents>(event: E, listener: (payload: EngineEvents[E]) => void): () => void {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  async 'library:ingest'(args: CommandArgs<'library:ingest'>, extra: Pick<IngestOptions, 'signal' | 'onProgress' | 'passageLimits' | 'onWarning'> = {}): Promise<CommandResults['library:ingest']> {
    const controller = new AbortController();
    const signal = extra.signal ? AbortSignal.any([extra.signal, controller.signal]) : controller.signal;
    if (args.requestId) this.ingestControllers.set(args.requestId, controller);
    try {
      const documents = await ingestFiles(this.documents, this.pool, args.paths, {
        maxPages: this.options.maxPages,
        maxBytes: this.options.maxBytes,
        passageLimits: extra.passageLimits,
        onWarning: extra.onWarning,
        signal,
        onProgress: (p) => {
          extra.onProgress?.(p);
          this.events.emit('library:ingestProgress', { ...p, requestId: args.requestId });
        },
      });
      const changed = documents.filter((d) => d.status === 'ingested' || d.status === 'needs-ocr').map((d) => d.id!);
      if (changed.length > 0) {
        this.passageSearch.invalidate();
        this.events.emit('library:changed', { documentIds: changed });
      }
      return { documents };
    } finally {
      if (args.requestId) this.ingestControllers.delete(args.requestId);
    }
  }

  /** Cancels an import started with this request id; files already stored stay. */
  cancelIngest(requestId: string): boolean {
    const controller = this.ingestControllers.get(requestId);
    controller?.abort();
    return controller !== undefined;
  }

  async 'library:list'(): Promise<CommandResults['library:list']> {
    return { documents: this.documents.list() };
  }

  async 'library:get'(args: CommandArgs<'library:get'>): Promise<CommandResults['library:get']> {
    return this.documents.detail(args.id);
  }

  async 'library:passages'(args: CommandArgs<'library:passages'>): Promise<CommandResults['library:passages']> {
    return { passages: this.documents.passages(args.id) };
  }

  async 'library:remove'(args: CommandArgs<'library:remove'>): Promise<CommandResults['library:remove']> {
    this.documents.remove(args.id);
    this.kvStates.clearForDocument(args.id);
    this.passageSearch.invalidate();
    this.events.emit('library:changed', { documentIds: [args.id] });
    return { removed: args.id };
  }

  /**
   * Re-reads the documents an older text pipeline stored (see reingestOutdated), one
   * transaction each. A second request while one runs gets that one's result; its progress
   * events carry the first request's id. Stopped by 'library:rereadCancel', `extra.signal`
   * (of the request that started it) or closing the engine.
   */
  async 'library:reread'(args: CommandArgs<'library:reread'>, extra: { signal?: AbortSignal } = {}): Promise<CommandResults['library:reread']> {
    if (this.rereading) return this.rereading.done;
    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, this.backgroundWork.signal, ...(extra.signal ? [extra.signal] : [])]);
    const status: RereadStatus = { running: true, startedAt: new Date().toISOString(), progress: null, result: null };
    this.rereadStatus = status;
    const done = reingestOutdated(this.documents, this.pool, {
      maxPages: this.options.maxPages,
      maxBytes: this.options.maxBytes,
      signal,
      onProgress: (p) => {
        status.progress = p;
        this.events.emit('library:rereadProgress', { ...p, requestId: args.requestId });
      },
      onReplaced: (id) => {
        this.kvStates.clearForDocument(id); // reading states of the old text
        this.passageSearch.invalidate();
        this.events.emit('library:changed', { documentIds: [id] });
      },
    })
      .then((result) => {
        status.result = result;
        this.events.emit('library:rereadFinished', { ...result, requestId: args.requestId, startedAt: status.startedAt! });
        return result;
      })
      .finally(() => {
        status.running = false;
        this.rereading = null;
      });
    this.rereading = { controller, done };
    return done;
  }

  async 'library:rereadCancel'(): Promise<CommandResults['library:rereadCancel']> {
    const job = this.rereading;
    job?.controller.abort();
    return { cancelled: job !== null };
  }

  async 'library:rereadStatus'(): Promise<CommandResults['library:rereadStatus']> {
    const { running, startedAt, progress, result } = this.rereadStatus;
    return { running, startedAt, progress: progress && { ...progress }, result };
  }

  /** Renames a document; its title then stays through re-reads. */
  async 'library:rename'(args: CommandArgs<'library:rename'>): Promise<CommandResults['library:rename']> {
    const document = this.documents.rename(args.id, args.title);
    // Search hits carry the document title.
    this.passageSearch.invalidate();
    this.events.emit('library:changed', { documentIds: [args.id] });
    return { document };
  }

  async 'search:query'(args: CommandArgs<'search:query'>): Promise<CommandResults['search:query']> {
    for (const id of args.documentIds ?? []) if (!this.documents.summary(id)) throw notFound(id);
    return { results: this.passageSearch.search(args) };
  }

  /** Loads a model (registering a file path on first use) at a context scale; replaces the loaded one. */
  async 'models:load'(args: CommandArgs<'models:load'>): Promise<CommandResults['models:load']> {
    const record = this.models.find(args.idOrPath) ?? (await this.models.add(args.idOrPath));
    return loadedInfo(await this.runtime.load(record, { contextScale: args.contextScale }));
  }

  /** The memory a load at this scale needs, from the GGUF header, with nothing loaded. */
  async 'models:estimate'(args: CommandArgs<'models:estimate'>): Promise<CommandResults['models:estimate']> {
    const record = this.models.find(args.idOrPath);
    const modelPath = record?.path ?? path.resolve(args.idOrPath);
    const trainContextSize = record?.trainContextSize ?? (await this.models.inspect(args.idOrPath)).trainContextSize;
    return estimateMemory(modelPath, trainContextSize * args.contextScale);
  }

  async 'models:unload'(): Promise<CommandResults['models:unload']> {
    const was = this.runtime.loaded !== null;
    await this.runtime.unload();
    return { unloaded: was };
  }

  async 'models:loaded'(): Promise<CommandResults['models:loaded']> {
    const loaded = this.runtime.loaded;
    return { model: loaded ? loadedInfo(loaded) : null };
  }

  /**
   * Answers a question with citations; the answer streams as 'qa:answerDelta' events.
   * Questions queue behind each other (never interleave); `qa:cancel` stops one.
   */
  async 'qa:ask'(args: CommandArgs<'qa:ask'>, extra: { signal?: AbortSignal; onText?: (delta: string) => void } = {}): Promise<CommandResults['qa:ask']> {
    const controller = new AbortController();
    const signal = extra.signal ? AbortSignal.any([extra.signal, controller.signal]) : controller.signal;
    if (args.requestId) this.askControllers.set(args.requestId, controller);
    this.suggestions.yieldModel(); // a person's question goes before wording suggestions
    try {
      return await this.asking.ask(args.question, {
        documentIds: args.documentIds,
        conversationId: args.conversationId,
        maxTokens: args.maxTokens,
        signal,
        onText: (delta) => {
          extra.onText?.(delta);
          this.events.emit('qa:answerDelta', { requestId: args.requestId, delta });
        },
      });
    } finally {
      if (args.requestId) this.askControllers.delete(args.requestId);
    }
  }

  async 'qa:cancel'(args: CommandArgs<'qa:cancel'>): Promise<CommandResults['qa:cancel']> {
    const controller = this.askControllers.get(args.requestId);
    controller?.abort();
    return { cancelled: controller !== undefined };
  }

  async 'qa:preread'(args: CommandArgs<'qa:preread'>, extra: { signal?: AbortSignal } = {}): Promise<CommandResults['qa:preread']> {
    const controller = new AbortController();
    const signal = extra.signal ? AbortSignal.any([extra.signal, controller.signal]) : controller.signal;
    if (args.requestId) this.askControllers.set(args.requestId, controller);
    this.suggestions.yieldModel();
    try {
      return await this.asking.preread(args.documentIds, { signal, onProgress: (stage) => this.events.emit('qa:prereadProgress', { requestId: args.requestId, stage }) });
    } finally {
      if (args.requestId) this.askControllers.delete(args.requestId);
    }
  }

  async 'qa:prereadStatus'(args: CommandArgs<'qa:prereadStatus'>): Promise<CommandResults['qa:prereadStatus']> {
    const loaded = this.runtime.loaded;
    return {
      statuses: args.documentIds.map((documentId) => ({
        documentId,
        state: !loaded ? 'no-model' : this.kvStates.hasScope(loaded.record.id, loaded.settingsHash, documentId) ? 'read' : 'not-read',
      })),
    };
  }

  async 'qa:conversations'(args: CommandArgs<'qa:conversations'>): Promise<CommandResults['qa:conversations']> {
    return { conversations: this.conversations.listForDocument(args.documentId) };
  }

  async 'qa:messages'(args: CommandArgs<'qa:messages'>): Promise<CommandResults['qa:messages']> {
    return { messages: this.conversations.messages(args.conversationId) };
  }

  async 'kv:usage'(): Promise<CommandResults['kv:usage']> {
    return this.kvStates.usage();
  }

  async 'kv:clear'(): Promise<CommandResults['kv:clear']> {
    return { freedBytes: this.kvStates.clear() };
  }

  async 'kv:setBudget'(args: CommandArgs<'kv:setBudget'>): Promise<CommandResults['kv:setBudget']> {
    this.kvStates.setBudget(args.bytes);
    return this.kvStates.usage();
  }

  async 'models:list'(): Promise<CommandResults['models:list']> {
    return { models: this.models.list() };
  }

  /** Registers a file or downloads a URI; a download reports 'models:downloadProgress' and stops with 'models:cancel'. */
  async 'models:add'(args: CommandArgs<'models:add'>, extra: AddModelOptions = {}): Promise<CommandResults['models:add']> {
    const controller = new AbortController();
    const signal = extra.signal ? AbortSignal.any([extra.signal, controller.signal]) : controller.signal;
    if (args.requestId) this.downloadControllers.set(args.requestId, controller);
    try {
      const known = new Set(this.models.list().map((m) => m.id));
      const model = await this.models.add(args.pathOrUri, {
        signal,
        onProgress: (p) => {
          extra.onProgress?.(p);
          this.events.emit('models:downloadProgress', { ...p, requestId: args.requestId });
        },
      });
      return { model, duplicate: known.has(model.id) };
    } finally {
      if (args.requestId) this.downloadControllers.delete(args.requestId);
    }
  }

  async 'models:inspect'(args: CommandArgs<'models:inspect'>): Promise<CommandResults['models:inspect']> {
    return this.models.inspect(args.idOrPath);
  }

  async 'models:remove'(args: CommandArgs<'models:remove'>): Promise<CommandResults['models:remove']> {
    const { model, deletedFile } = await this.models.remove(args.id);
    return { removed: model.id, deletedFile };
  }

  async 'models:catalog'(): Promise<CommandResults['models:catalog']> {
    return { models: loadModelCatalog() };
  }

  async 'models:cancel'(args: CommandArgs<'models:cancel'>): Promise<CommandResults['models:cancel']> {
    const controller = this.downloadControllers.get(args.requestId);
    controller?.abort();
    return { cancelled: controller !== undefined };
  }

  /** Takes effect when a model is next loaded. An explicit `llmThreads` option (or LECTERN_LLM_THREADS) still wins at start. */
  async 'app:setThreads'(args: CommandArgs<'app:setThreads'>): Promise<CommandResults['app:setThreads']> {
    if (args.threads === null) this.db.prepare('DELETE FROM settings WHERE key = ?').run(THREADS_SETTING);
    else this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(THREADS_SETTING, String(args.threads));
    this.runtime.setThreads(args.threads);
    return this['app:info']();
  }

  /**
   * Chooses the library folder Lectern opens from its next start (the open library stays
   * open until then). The folder must be creatable and writable; an explicit --library or
   * LECTERN_LIBRARY still wins.
   */
  async 'app:setLibraryDir'(args: CommandArgs<'app:setLibraryDir'>): Promise<CommandResults['app:setLibraryDir']> {
    const next = args.libraryDir === null ? null : usableLibraryFolder(args.libraryDir);
    const nextLibraryDir = this.rememberLibraryDir(next);
    return { ...(await this['app:info']()), nextLibraryDir };
  }

  /**
   * Opens another library now, through the host (see EngineOptions.switchLibrary), and from
   * the next start on. The folder is checked first; a library that cannot be opened leaves this
   * one open. This engine closes once the reply is on its way.
   */
  async 'app:openLibrary'(args: CommandArgs<'app:openLibrary'>): Promise<CommandResults['app:openLibrary']> {
    const folder = usableLibraryFolder(args.libraryDir);
    if (!this.options.switchLibrary) {
      throw new LecternError('INVALID_ARGUMENT', 'This Lectern cannot switch libraries while it runs. From the command line, give the folder with --library.');
    }
    const opened = await this.options.switchLibrary(folder);
    this.rememberLibraryDir(folder);
    return opened;
  }

  /** Keeps the library folder for the next start in the app's settings; null: the default. Returns the folder that will open. */
  private rememberLibraryDir(libraryDir: string | null): string {
    const dataDir = this.options.userDataDir ?? userDataDir();
    const settings = readAppSettings(dataDir);
    if (libraryDir === null) delete settings.libraryDir;
    else settings.libraryDir = libraryDir;
    writeAppSettings(dataDir, settings);
    return settings.libraryDir ?? path.join(dataDir, 'library');
  }

  async 'knowledge:terms'(args: CommandArgs<'knowledge:terms'>): Promise<CommandResults['knowledge:terms']> {
    return { terms: this.entities.terms(args.documentId) };
  }

  async 'knowledge:entities'(args: CommandArgs<'knowledge:entities'>): Promise<CommandResults['knowledge:entities']> {
    return { entities: this.entities.entities(args.documentId, { page: args.page, limit: args.limit }) };
  }

  async 'knowledge:backfill'(args: CommandArgs<'knowledge:backfill'>, extra: { signal?: AbortSignal } = {}): Promise<CommandResults['knowledge:backfill']> {
    return this.entities.backfill({
      signal: extra.signal,
      onProgress: (done, total) => this.events.emit('knowledge:backfillProgress', { requestId: args.requestId, done, total }),
    });
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
      const reread = await this['library:reread']({});
      if (reread.documents > 0) log(`Read ${reread.documents} document${reread.documents === 1 ? '' : 's'} again with this version's text extraction.`);
      for (const skipped of reread.skipped) log(skipped.message);
    } catch (error) {
      log(`Re-reading documents stopped: ${(error as Error).message}`);
    }
    if (this.backgroundWork.signal.aborted) return;
    try {
      const done = await this['knowledge:backfill']({}, { signal: this.backgroundWork.signal });
      if (done.documents > 0) log(`Found ${done.entities} entities in ${done.documents} document${done.documents === 1 ? '' : 's'} stored before entity extraction.`);
    } catch (error) {
      if ((error as { code?: string }).code !== 'CANCELLED') log(`Entity back-fill stopped: ${(error as Error).message}`);
    }
  }

  async 'users:list'(): Promise<CommandResults['users:list']> {
    return { users: this.profiles.listUsers() };
  }

  async 'users:create'(args: CommandArgs<'users:create'>): Promise<CommandResults['users:create']> {
    return { user: this.profiles.createUser(args.name) };
  }

  async 'users:delete'(args: CommandArgs<'users:delete'>): Promise<CommandResults['users:delete']> {
    return this.profiles.deleteUser(args.user);
  }

  async 'profile:get'(args: CommandArgs<'profile:get'>): Promise<CommandResults['profile:get']> {
    return this.profiles.profile(args.user, args.limit);
  }

  async 'profile:export'(args: CommandArgs<'profile:export'>): Promise<CommandResults['profile:export']> {
    return this.profiles.exportProfile(args.user);
  }

  async 'profile:forget'(args: CommandArgs<'profile:forget'>): Promise<CommandResults['profile:forget']> {
    this.profiles.forget(args.user, args.entityId);
    this.events.emit('profile:changed', { user: args.user });
    return this.profiles.profile(args.user);
  }

  async 'profile:setLearning'(args: CommandArgs<'profile:setLearning'>): Promise<CommandResults['profile:setLearning']> {
    this.profiles.setLearning(args.user, args.paused);
    this.events.emit('profile:changed', { user: args.user });
    return this.profiles.profile(args.user);
  }

  async 'profile:setRetention'(args: CommandArgs<'profile:setRetention'>): Promise<CommandResults['profile:setRetention']> {
    this.profiles.setRetention(args.user, args.days);
    return this.profiles.profile(args.user);
  }

  async 'events:record'(args: CommandArgs<'events:record'>): Promise<CommandResults['events:record']> {
    const result = this.profiles.record(args);
    if (result.recorded && result.entities > 0) this.events.emit('profile:changed', { user: args.user });
    return result;
  }

  async 'suggest:get'(args: CommandArgs<'suggest:get'>): Promise<CommandResults['suggest:get']> {
    return { suggestions: await this.suggestions.suggest(args), modelLoaded: this.runtime.loaded !== null };
  }

  async 'suggest:autocomplete'(args: CommandArgs<'suggest:autocomplete'>): Promise<CommandResults['suggest:autocomplete']> {
    return { completions: this.suggestions.autocomplete(args) };
  }

  async 'app:info'(): Promise<CommandResults['app:info']> {
    return { libraryDir: this.options.libraryDir, modelsDir: path.join(this.options.libraryDir, 'models'), threads: this.runtime.threads, version: this.options.version ?? packageVersion() };
  }

  async close(): Promise<void> {
    this.backgroundWork.abort();
    for (const c of this.downloadControllers.values()) c.abort();
    for (const c of this.askControllers.values()) c.abort();
    for (const c of this.ingestControllers.values()) c.abort();
    await this.runtime.dispose();
    await this.pool.dispose();
    this.db.close();
  }
}

/** An absolute folder Lectern can create and write to, resolved; throws INVALID_ARGUMENT or LIBRARY_UNREADABLE. */
function usableLibraryFolder(libraryDir: string): string {
  if (!path.isAbsolute(libraryDir)) throw new LecternError('INVALID_ARGUMENT', `Give the library folder as a full path, not "${libraryDir}".`);
  try {
    fs.mkdirSync(libraryDir, { recursive: true });
    fs.accessSync(libraryDir, fs.constants.W_OK);
  } catch (error) {
    throw new LecternError('LIBRARY_UNREADABLE', `Lectern cannot use ${libraryDir} as its library folder: ${(error as Error).message}`);
  }
  return path.resolve(libraryDir);
}

function loadedInfo(l: LoadedModel): LoadedModelInfo {
  return { model: l.record, contextSize: l.contextSize, trainContextSize: l.trainContextSize, scale: l.scale, ropeScaling: l.ropeScaling, chatWrapper: l.chatWrapperName };
}

let cachedVersion: string | null = null;

/** The version in package.json (dist/native/engine.js → ../../package.json), or 'unknown'. */
function packageVersion(): string {
  if (cachedVersion === null) {
    try {
      const file = new URL('../../package.json', import.meta.url);
      cachedVersion = String((JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown }).version ?? 'unknown');
    } catch {
      cachedVersion = 'unknown';
    }
  }
  return cachedVersion;
}

const THREADS_SETTING = 'llm.threads';

export function createEngine(options: EngineOptions): Engine {
  return new Engine(options);
}
