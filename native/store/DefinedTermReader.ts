import type { Database, Statement } from 'better-sqlite3';

/** A name a document defines and the other names it gives the same thing. */
export interface DefinedNames {
  /** The defined name first, then its aliases, as the document writes them. */
  names: string[];
  /** The defining sentence or the phrase a parenthesis names; null when there is none. */
  definition: string | null;
}

/**
 * Reads the defined terms and parties that ingest stored for documents (`document_entities`,
 * kinds `term` and `party`), so search can treat a name and its aliases as one thing
 * without reading the text again.
 */
export class DefinedTermReader {
  private readonly ofDocument: Statement<[string], { name: string; aliases: string; definition: string | null }>;
  private readonly passageTexts: Statement<[string], { text: string }>;

  constructor(db: Database) {
    this.passageTexts = db.prepare('SELECT text FROM passages WHERE document_id = ? ORDER BY id');
    this.ofDocument = db.prepare(`SELECT de.name, de.aliases, de.definition FROM document_entities de JOIN entities e ON e.id = de.entity_id
      WHERE de.document_id = ? AND e.kind IN ('term', 'party')`);
  }

  /** The document's passages' text in reading order, where it introduces abbreviations ("Chief Executive Officer (CEO)"). */
  passageTextsOf(documentId: string): string[] {
    return this.passageTexts.all(documentId).map((r) => r.text);
  }

  /** The document's defined names; empty when it has none or its entities were not extracted yet. */
  namesOf(documentId: string): DefinedNames[] {
    return this.ofDocument.all(documentId).map((r) => ({ names: [r.name, ...parseAliases(r.aliases)], definition: r.definition }));
  }
}

function parseAliases(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((a): a is string => typeof a === 'string') : [];
  } catch {
    return [];
  }
}
