import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DefinedTerm, DocumentEntity, EntityUse } from '../api/types.js';
import { notFound } from '../store/DocumentRepository.js';
import { KIND_WEIGHT } from '../model/entityModel.js';
import type { EntityReader } from '../store/EntityReader.js';
import type { EntityWriter } from '../store/EntityWriter.js';
import type { Transact } from '../store/transactionOn.js';
import { EXTRACTOR_VERSION, extractEntities, type EntityExtractor } from './entities/extractEntities.js';

/** Where EntityStore reads and writes: the entity graph's repositories and the library's transactions. */
export interface EntityStoreRepositories {
  reader: EntityReader;
  writer: EntityWriter;
  transact: Transact;
}

export interface EntityStoreOptions {
  /** Default: the built-in extractor. */
  extract?: EntityExtractor;
  now?: () => Date;
  /** Told of documents back-fill could not read; default console.warn. */
  onWarning?: (message: string) => void;
}

/** Uses listed per term; the count of all of them is in `mentions`. */
const MAX_USES = 200;
const DEFAULT_ENTITY_LIMIT = 50;

/** Reads the library's entities (written at ingest) and back-fills documents stored without them. */
export class EntityStore {
  private readonly reader: EntityReader;
  private readonly writer: EntityWriter;
  private readonly transact: Transact;

  constructor(
    repositories: EntityStoreRepositories,
    private readonly options: EntityStoreOptions = {},
  ) {
    this.reader = repositories.reader;
    this.writer = repositories.writer;
    this.transact = repositories.transact;
  }

  /** The terms a document defines, in document order (where defined, else where first used). Throws DOCUMENT_NOT_FOUND. */
  terms(documentId: string): DefinedTerm[] {
    this.assertDocument(documentId);
    const rows = this.reader.terms(documentId);
    const uses = new Map<number, Array<EntityUse & { ord: number }>>();
    const useRows = this.reader.termUses(documentId);
    for (const u of useRows) {
      let list = uses.get(u.entity_id);
      if (!list) uses.set(u.entity_id, (list = []));
      if (list.length < MAX_USES) list.push({ passageId: u.passage_id, page: u.page, count: u.count, ord: u.ord });
    }
    const placed = rows.map((r) => {
      const termUses = uses.get(r.entity_id) ?? [];
      const term: DefinedTerm = {
        entityId: r.entity_id,
        term: r.name,
        aliases: parseAliases(r.aliases),
        definition: r.definition,
        definedAt: r.definition_passage_id === null || r.page === null ? null : { passageId: r.definition_passage_id, page: r.page },
        uses: termUses.map(({ passageId, page, count }) => ({ passageId, page, count })),
        mentions: r.mentions,
      };
      // Several terms defined in one passage (a preamble) keep the order they are written in.
      const within = r.text?.indexOf(r.name) ?? -1;
      return { term, at: r.ord ?? termUses[0]?.ord ?? Number.MAX_SAFE_INTEGER, within: within < 0 ? Number.MAX_SAFE_INTEGER : within };
    });
    placed.sort((a, b) => a.at - b.at || a.within - b.within || a.term.term.localeCompare(b.term.term));
    return placed.map((p) => p.term);
  }

  /**
   * A document's entities, or those mentioned on one page; most salient first. Salience is
   * the entity's weight in the document (or on the page) times its inverse document
   * frequency in the library now, so what every contract mentions ranks below what this one is about.
   */
  entities(documentId: string, options: { page?: number; limit?: number } = {}): DocumentEntity[] {
    this.assertDocument(documentId);
    const libraryDocuments = this.reader.documentCount();
    const idf = (df: number) => Math.log((libraryDocuments + 1) / (df + 1)) + 1;
    let ranked: DocumentEntity[];
    if (options.page === undefined) {
      ranked = this.reader.documentEntities(documentId).map((r) => ({ entityId: r.id, kind: r.kind, name: r.name, mentions: r.mentions, salience: r.salience * idf(r.df) }));
    } else {
      ranked = this.reader
        .pageEntities(documentId, options.page)
        .map((r) => ({ entityId: r.id, kind: r.kind, name: r.name, mentions: r.mentions, salience: Math.log1p(r.mentions) * KIND_WEIGHT[r.kind] * idf(r.df) }));
    }
    ranked.sort((a, b) => b.salience - a.salience || b.mentions - a.mentions || a.name.localeCompare(b.name));
    return ranked.slice(0, options.limit ?? DEFAULT_ENTITY_LIMIT);
  }

  /**
   * Extracts entities for every document stored without current ones (imported before
   * extraction existed, with it switched off, or read by an older extractor), each in its
   * own transaction, yielding between documents. Cancelling stops after the document under
   * way; what was done stays done. Returns the documents read and entities stored.
   */
  async backfill(options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<{ documents: number; entities: number }> {
    const pending = this.reader.pendingExtraction(EXTRACTOR_VERSION);
    const extract = this.options.extract ?? extractEntities;
    let done = 0;
    let documents = 0;
    let entities = 0;
    options.onProgress?.(0, pending.length);
    for (const id of pending) {
      if (options.signal?.aborted) break;
      const read = this.reader.source(id);
      if (read) {
        try {
          const extracted = await extract(read.source);
          if (options.signal?.aborted) break;
          const stored = this.store(id, read.passageIds, extracted);
          if (stored !== null) {
            documents++;
            entities += stored;
          }
        } catch (error) {
          (this.options.onWarning ?? console.warn)(`The entities of document ${id} could not be read: ${(error as Error).message}`);
        }
      }
      options.onProgress?.(++done, pending.length);
      await nextTurn(); // let reading, searching and asking go on between documents
    }
    return { documents, entities };
  }

  /** Replaces a document's entities in one transaction; null when it changed or went while it was being read. */
  private store(documentId: string, passageIds: readonly number[], extracted: Parameters<EntityWriter['write']>[2]): number | null {
    return this.transact(() => {
      const now = this.reader.passageStats(documentId);
      const exists = this.reader.documentExists(documentId);
      if (!exists || now.n !== passageIds.length || (now.n > 0 && now.first !== passageIds[0])) return null;
      const before = this.writer.clear(documentId);
      const stored = this.writer.write(documentId, passageIds, extracted, (this.options.now ?? (() => new Date()))());
      this.writer.pruneOrphans(before);
      return stored;
    }, 'immediate');
  }

  private assertDocument(documentId: string): void {
    if (!this.reader.documentExists(documentId)) throw notFound(documentId);
  }
}

function parseAliases(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((a): a is string => typeof a === 'string') : [];
  } catch {
    return [];
  }
}
