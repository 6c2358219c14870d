import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Database } from 'better-sqlite3';
import type { DefinedTerm, DocumentEntity, EntityKind, EntityUse } from '../api/types.js';
import { notFound } from '../store/DocumentRepository.js';
import { KIND_WEIGHT } from '../model/entityModel.js';
import { EntityWriter } from '../store/EntityWriter.js';
import { EXTRACTOR_VERSION, extractEntities, type EntityExtractor } from './entities/extractEntities.js';
import { readEntitySource } from './entities/readEntitySource.js';

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
  private readonly writer: EntityWriter;

  constructor(
    private readonly db: Database,
    private readonly options: EntityStoreOptions = {},
  ) {
    this.writer = new EntityWriter(db);
  }

  /** The terms a document defines, in document order (where defined, else where first used). Throws DOCUMENT_NOT_FOUND. */
  terms(documentId: string): DefinedTerm[] {
    this.assertDocument(documentId);
    const rows = this.db
      .prepare<
        [string],
        {
          entity_id: number;
          name: string;
          aliases: string;
          mentions: number;
          definition: string | null;
          definition_passage_id: number | null;
          page: number | null;
          ord: number | null;
          text: string | null;
        }
      >(
        `SELECT de.entity_id, de.name, de.aliases, de.mentions, de.definition, de.definition_passage_id, p.page_start AS page, p.ord, p.text
         FROM document_entities de
         JOIN entities e ON e.id = de.entity_id
         LEFT JOIN passages p ON p.id = de.definition_passage_id
         WHERE de.document_id = ? AND e.kind = 'term'`,
      )
      .all(documentId);
    const uses = new Map<number, Array<EntityUse & { ord: number }>>();
    const useRows = this.db
      .prepare<[string], { entity_id: number; passage_id: number; count: number; page: number; ord: number }>(
        `SELECT m.entity_id, m.passage_id, m.count, p.page_start AS page, p.ord
         FROM passages p
         JOIN mentions m ON m.passage_id = p.id
         JOIN entities e ON e.id = m.entity_id
         WHERE p.document_id = ? AND e.kind = 'term'
         ORDER BY p.ord`,
      )
      .all(documentId);
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
    const libraryDocuments = (this.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    const idf = (df: number) => Math.log((libraryDocuments + 1) / (df + 1)) + 1;
    const df = `(SELECT count(*) FROM document_entities x WHERE x.entity_id = e.id)`;
    let ranked: DocumentEntity[];
    if (options.page === undefined) {
      ranked = this.db
        .prepare<[string], { id: number; kind: EntityKind; name: string; mentions: number; salience: number; df: number }>(
          `SELECT e.id, e.kind, de.name, de.mentions, de.salience, ${df} AS df
           FROM document_entities de JOIN entities e ON e.id = de.entity_id WHERE de.document_id = ?`,
        )
        .all(documentId)
        .map((r) => ({ entityId: r.id, kind: r.kind, name: r.name, mentions: r.mentions, salience: r.salience * idf(r.df) }));
    } else {
      ranked = this.db
        .prepare<[{ document: string; page: number }], { id: number; kind: EntityKind; name: string; mentions: number; df: number }>(
          `SELECT e.id, e.kind, de.name, on_page.mentions, ${df} AS df
           FROM (SELECT m.entity_id, sum(m.count) AS mentions
                 FROM passages p JOIN mentions m ON m.passage_id = p.id
                 WHERE p.document_id = @document AND p.page_start <= @page AND p.page_end >= @page
                 GROUP BY m.entity_id) on_page
           JOIN entities e ON e.id = on_page.entity_id
           JOIN document_entities de ON de.entity_id = e.id AND de.document_id = @document`,
        )
        .all({ document: documentId, page: options.page })
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
    const pending = this.db
      .prepare<[number], { id: string }>(
        `SELECT d.id FROM documents d LEFT JOIN entity_extraction x ON x.document_id = d.id
         WHERE x.document_id IS NULL OR x.version < ? ORDER BY d.added_at, d.id`,
      )
      .all(EXTRACTOR_VERSION)
      .map((r) => r.id);
    const extract = this.options.extract ?? extractEntities;
    let done = 0;
    let documents = 0;
    let entities = 0;
    options.onProgress?.(0, pending.length);
    for (const id of pending) {
      if (options.signal?.aborted) break;
      const read = readEntitySource(this.db, id);
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
    return this.db
      .transaction(() => {
        const now = this.db.prepare<[string], { n: number; first: number | null }>('SELECT count(*) AS n, min(id) AS first FROM passages WHERE document_id = ?').get(documentId)!;
        const exists = this.db.prepare('SELECT 1 FROM documents WHERE id = ?').get(documentId);
        if (!exists || now.n !== passageIds.length || (now.n > 0 && now.first !== passageIds[0])) return null;
        const before = this.writer.clear(documentId);
        const stored = this.writer.write(documentId, passageIds, extracted, (this.options.now ?? (() => new Date()))());
        this.writer.pruneOrphans(before);
        return stored;
      })
      .immediate();
  }

  private assertDocument(documentId: string): void {
    if (!this.db.prepare('SELECT 1 FROM documents WHERE id = ?').get(documentId)) throw notFound(documentId);
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
