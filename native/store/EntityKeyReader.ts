import type { Database, Statement } from 'better-sqlite3';

/** An entity whose key or alias matched, whether the document at hand names it, and in how many documents it is. */
export interface KeyMatch {
  id: number;
  key: string;
  inDocument: number;
  df: number;
}

/** A table's size and newest id: changes when rows are added or removed, so a cache built from it knows when to go. */
export interface TableVersion {
  maxId: number | null;
  n: number;
}

/**
 * Looks entities up by their normalized keys (`entities.key`, `entity_aliases.key`) and counts
 * words in the passages' full-text index, for knowledge/profile/TextEntityLinker.
 */
export class EntityKeyReader {
  private readonly lookup: Statement<[{ keys: string; doc: string }], KeyMatch>;
  private readonly documentCount: Statement<[], { n: number }>;
  private readonly entityVersion: Statement<[], TableVersion>;
  private readonly multiWordKeys: Statement<[], { key: string }>;
  private readonly passageVersion: Statement<[], TableVersion>;
  private readonly passageCount: Statement<[], { n: number }>;
  private readonly passagesWithWord: Statement<[string], { doc: number }>;
  private readonly entity: Statement<[number]>;

  constructor(db: Database) {
    this.lookup = db.prepare(`
      WITH wanted (key) AS (SELECT value FROM json_each(@keys)),
      matched (id, key) AS (
        SELECT e.id, e.key FROM entities e JOIN wanted w ON e.key = w.key
        UNION
        SELECT a.entity_id, a.key FROM entity_aliases a JOIN wanted w ON a.key = w.key
      )
      SELECT m.id, m.key,
             EXISTS (SELECT 1 FROM document_entities d WHERE d.document_id = @doc AND d.entity_id = m.id) AS inDocument,
             (SELECT count(*) FROM document_entities d WHERE d.entity_id = m.id) AS df
      FROM matched m`);
    this.documentCount = db.prepare('SELECT count(*) AS n FROM documents');
    this.entity = db.prepare('SELECT 1 FROM entities WHERE id = ?');
    this.entityVersion = db.prepare('SELECT max(id) AS maxId, count(*) AS n FROM entities');
    // Counting 36,000 passages on every suggestion costs more than the rest of the lookup: the
    // newest passage id and the number of documents change whenever passages are added or removed.
    this.passageVersion = db.prepare('SELECT (SELECT max(id) FROM passages) AS maxId, (SELECT count(*) FROM documents) AS n');
    this.passageCount = db.prepare('SELECT count(*) AS n FROM passages');
    // The porter tokenizer of passage_search stems as entity keys do (Porter), so a key word is a term there.
    this.passagesWithWord = db.prepare('SELECT doc FROM passage_search_terms WHERE term = ?');
    this.multiWordKeys = db.prepare(`SELECT key FROM entities WHERE key LIKE '% %' UNION SELECT key FROM entity_aliases WHERE key LIKE '% %'`);
  }

  /** The entities whose key or an alias is one of `keys`; `documentId` ('' for none) sets `inDocument`. */
  match(keys: readonly string[], documentId: string): KeyMatch[] {
    return this.lookup.all({ keys: JSON.stringify(keys), doc: documentId });
  }

  /** Whether the library has an entity with this id. */
  exists(entityId: number): boolean {
    return this.entity.get(entityId) !== undefined;
  }

  documents(): number {
    return this.documentCount.get()!.n;
  }

  entitiesVersion(): TableVersion {
    return this.entityVersion.get()!;
  }

  /** The newest passage id and the number of documents: changes when passages are added or removed (`n` is not the passages). */
  passagesVersion(): TableVersion {
    return this.passageVersion.get()!;
  }

  /** How many passages the library has. */
  passages(): number {
    return this.passageCount.get()!.n;
  }

  /** Every key and alias of more than one word. */
  multiWord(): string[] {
    return this.multiWordKeys.all().map((r) => r.key);
  }

  /** How many passages hold this (stemmed) word; undefined when none does. */
  passagesWith(word: string): number | undefined {
    return this.passagesWithWord.get(word)?.doc;
  }
}
