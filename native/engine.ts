import { EventEmitter } from 'node:events';
import type { Database } from 'better-sqlite3';
import { LecternError } from './api/errors.js';
import { commandSchemas, type CommandArgs, type CommandName, type CommandResults, type Commands, type EngineEvents } from './api/commands.js';
import { ingestFiles, type IngestOptions } from './ingest/ingestFiles.js';
import { PdfWorkerPool } from './ingest/PdfWorkerPool.js';
import { PassageSearch } from './search/PassageSearch.js';
import { DocumentRepository, notFound } from './store/DocumentRepository.js';
import { openLibraryDatabase } from './store/openLibraryDatabase.js';

export interface EngineOptions {
  libraryDir: string;
  /** PDF worker threads; default: available parallelism, at most 4. */
  pdfWorkers?: number;
  /** Import limits; see IngestOptions. */
  maxPages?: number;
  maxBytes?: number;
}

/**
 * The composition root: one library folder, its database, the PDF workers and
 * the services on top. Implements the command map; transports call `invoke`.
 */
export class Engine implements Commands {
  readonly db: Database;
  readonly documents: DocumentRepository;
  readonly passageSearch: PassageSearch;
  private readonly pool: PdfWorkerPool;
  private readonly events = new EventEmitter();
  private readonly ingestControllers = new Map<string, AbortController>();

  constructor(private readonly options: EngineOptions) {
    this.db = openLibraryDatabase(options.libraryDir);
    this.documents = new DocumentRepository(this.db);
    this.passageSearch = new PassageSearch(this.db);
    this.pool = new PdfWorkerPool({ size: options.pdfWorkers });
  }

  /** Validates arguments against the contract, then runs the command. */
  async invoke<C extends CommandName>(name: C, args: unknown): Promise<CommandResults[C]> {
    const schema = commandSchemas[name];
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

  async 'library:ingest'(args: CommandArgs<'library:ingest'>, extra: Pick<IngestOptions, 'signal' | 'onProgress' | 'passageLimits'> = {}): Promise<CommandResults['library:ingest']> {
    const controller = new AbortController();
    const signal = extra.signal ? AbortSignal.any([extra.signal, controller.signal]) : controller.signal;
    if (args.requestId) this.ingestControllers.set(args.requestId, controller);
    try {
      const documents = await ingestFiles(this.documents, this.pool, args.paths, {
        maxPages: this.options.maxPages,
        maxBytes: this.options.maxBytes,
        passageLimits: extra.passageLimits,
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
    this.passageSearch.invalidate();
    this.events.emit('library:changed', { documentIds: [args.id] });
    return { removed: args.id };
  }

  async 'search:query'(args: CommandArgs<'search:query'>): Promise<CommandResults['search:query']> {
    for (const id of args.documentIds ?? []) if (!this.documents.summary(id)) throw notFound(id);
    return { results: this.passageSearch.search(args) };
  }

  async close(): Promise<void> {
    for (const c of this.ingestControllers.values()) c.abort();
    await this.pool.dispose();
    this.db.close();
  }
}

export function createEngine(options: EngineOptions): Engine {
  return new Engine(options);
}
