import type { Database, Statement } from 'better-sqlite3';
import type { EntityKind } from '../api/types.js';

/** An entity of a document (or of the library) as a suggestion candidate. */
export interface DocumentEntityRow {
  entityId: number;
  kind: EntityKind;
  name: string;
  mentions: number;
  salience: number;
  definedOnPage: number | null;
  /** Documents that mention it. */
  df: number;
  /** A defined term's definition (its defining sentence or the phrase a parenthesis names); null otherwise. */
  definition?: string | null;
}

/** The queries knowledge/suggest/ContextCandidateReader reads a context (document, page, section, selection) with. */
export class SuggestionContextQueries {
  readonly document: Statement<[string], { title: string; pages: number; format: string }>;
  /** Pairs of people named together in one section (a chapter), most often first: what a book's questions are about. */
  readonly peopleTogether: Statement<[{ doc: string; maxPage: number }], { a: number; b: number; aName: string; bName: string; section: string; together: number }>;
  readonly entities: Statement<[string, number], DocumentEntityRow>;
  readonly onPage: Statement<[{ doc: string; page: number; lo: number; hi: number }], { entityId: number; pages: number }>;
  readonly partyAliases: Statement<[string], { name: string; aliases: string }>;
  readonly inSection: Statement<[{ section: number; doc: string }], { entityId: number }>;
  readonly sectionOf: Statement<[number], { documentId: string }>;
  readonly sections: Statement<[string], { title: string; level: number; page: number }>;
  readonly widespread: Statement<[number], DocumentEntityRow>;
  readonly documentCount: Statement<[], { n: number }>;
  readonly names: Statement<[string, string], { entityId: number; kind: EntityKind; name: string }>;
  readonly chosen: Statement<[string, string], DocumentEntityRow>;
  readonly anywhere: Statement<[string], DocumentEntityRow>;
  readonly passageRange: Statement<[string], { lo: number | null; hi: number | null }>;
  readonly textHits: Statement<[{ query: string; lo: number; hi: number }], { n: number }>;

  /**
   * Passages matching an FTS5 expression (the passage_search index search and qa use, titles
   * included) within a passage id range, the first `limit` in order: where a suggestion is answered from.
   */
  readonly supportHits: Statement<
    [{ match: string; lo: number; hi: number; limit: number }],
    { passageId: number; page: number; pageEnd: number; text: string; section: string | null }
  >;
  /** The passages of an id range that mention an entity, most mentions first (extraction's own index of where it is). */
  readonly mentionHits: Statement<
    [{ entity: number; lo: number; hi: number; limit: number }],
    { passageId: number; page: number; pageEnd: number; text: string; section: string | null }
  >;
  /** One passage, for the overview's answer (a document's opening). */
  readonly passage: Statement<[number], { passageId: number; page: number; text: string }>;
  /** A document's title (SuggestionService, for the model's phrasing). */
  readonly titleOf: Statement<[string], { title: string }>;
  /** Which of these entities the document mentions ('' for the library: any document), for reasons that name only what is true there. */
  readonly presentIn: Statement<[{ doc: string; ids: string }], { entityId: number }>;
  /** Entities' names and kinds by id (SuggestionService, for what a suggestion is about). */
  readonly namesOf: Statement<[string], { id: number; name: string; kind: string }>;

  constructor(db: Database) {
    this.titleOf = db.prepare('SELECT title FROM documents WHERE id = ?');
    this.mentionHits = db.prepare(`
      SELECT p.id AS passageId, p.page_start AS page, p.page_end AS pageEnd, p.text, s.title AS section
      FROM mentions m JOIN passages p ON p.id = m.passage_id LEFT JOIN sections s ON s.id = p.section_id
      WHERE m.entity_id = @entity AND m.passage_id BETWEEN @lo AND @hi ORDER BY m.count DESC, m.passage_id LIMIT @limit`);
    this.passage = db.prepare('SELECT id AS passageId, page_start AS page, text FROM passages WHERE id = ?');
    // No bm25(): it counts each word's passages across the whole index, on every query. Within
    // one document the few passages that match are ranked by the caller.
    this.supportHits = db.prepare(`
      WITH matched AS (
        SELECT rowid AS id FROM passage_search WHERE passage_search MATCH @match AND rowid BETWEEN @lo AND @hi LIMIT @limit)
      SELECT p.id AS passageId, p.page_start AS page, p.page_end AS pageEnd, p.text, s.title AS section
      FROM matched m JOIN passages p ON p.id = m.id LEFT JOIN sections s ON s.id = p.section_id ORDER BY p.id`);
    this.presentIn = db.prepare(`
      SELECT DISTINCT d.entity_id AS entityId FROM document_entities d
      WHERE d.entity_id IN (SELECT value FROM json_each(@ids)) AND (@doc = '' OR d.document_id = @doc)`);
    this.namesOf = db.prepare('SELECT id, name, kind FROM entities WHERE id IN (SELECT value FROM json_each(?))');
    this.document = db.prepare('SELECT title, pages, format FROM documents WHERE id = ?');
    this.peopleTogether = db.prepare(`
      WITH inSection AS (
        SELECT m.entity_id, p.section_id, sum(m.count) AS n FROM passages p JOIN mentions m ON m.passage_id = p.id JOIN entities e ON e.id = m.entity_id
        WHERE p.document_id = @doc AND e.kind = 'person' AND p.section_id IS NOT NULL AND p.page_end <= @maxPage
        GROUP BY m.entity_id, p.section_id)
      SELECT x.entity_id AS a, y.entity_id AS b, dx.name AS aName, dy.name AS bName, s.title AS section, min(x.n, y.n) AS together
      FROM inSection x JOIN inSection y ON y.section_id = x.section_id AND y.entity_id > x.entity_id
      JOIN sections s ON s.id = x.section_id
      JOIN document_entities dx ON dx.document_id = @doc AND dx.entity_id = x.entity_id
      JOIN document_entities dy ON dy.document_id = @doc AND dy.entity_id = y.entity_id
      ORDER BY together DESC, s.ord LIMIT 8`);
    this.entities = db.prepare(`
      SELECT d.entity_id AS entityId, e.kind, d.name, d.mentions, d.salience, p.page_start AS definedOnPage, d.definition,
             (SELECT count(*) FROM document_entities x WHERE x.entity_id = d.entity_id) AS df
      FROM document_entities d JOIN entities e ON e.id = d.entity_id LEFT JOIN passages p ON p.id = d.definition_passage_id
      WHERE d.document_id = ? ORDER BY d.salience DESC, d.entity_id LIMIT ?`);
    // With each entity, on how many of the document's pages it comes up (its passages' id range
    // keeps the count to this document, through mentions_entity).
    this.onPage = db.prepare(`
      WITH here AS (
        SELECT DISTINCT m.entity_id FROM passages p JOIN mentions m ON m.passage_id = p.id
        WHERE p.document_id = @doc AND p.page_start <= @page AND p.page_end >= @page)
      SELECT h.entity_id AS entityId,
             (SELECT count(DISTINCT p.page_start) FROM mentions m JOIN passages p ON p.id = m.passage_id
              WHERE m.entity_id = h.entity_id AND m.passage_id BETWEEN @lo AND @hi) AS pages
      FROM here h`);
    this.partyAliases = db.prepare(`
      SELECT d.name, d.aliases FROM document_entities d JOIN entities e ON e.id = d.entity_id
      WHERE d.document_id = ? AND e.kind = 'party'`);
    this.inSection = db.prepare(`
      WITH RECURSIVE tree (id) AS (SELECT @section UNION ALL SELECT s.id FROM sections s JOIN tree t ON s.parent_id = t.id)
      SELECT DISTINCT m.entity_id AS entityId FROM passages p JOIN mentions m ON m.passage_id = p.id
      WHERE p.document_id = @doc AND p.section_id IN (SELECT id FROM tree)`);
    this.sectionOf = db.prepare('SELECT document_id AS documentId FROM sections WHERE id = ?');
    this.sections = db.prepare('SELECT title, level, page FROM sections WHERE document_id = ? ORDER BY ord');
    this.widespread = db.prepare(`
      WITH spread AS (SELECT entity_id, count(*) AS df FROM document_entities GROUP BY entity_id ORDER BY df DESC LIMIT ?)
      SELECT s.entity_id AS entityId, e.kind, e.name, s.df AS mentions, s.df, 0 AS salience, NULL AS definedOnPage
      FROM spread s JOIN entities e ON e.id = s.entity_id WHERE e.kind IN ('term', 'topic', 'party', 'organization', 'person')`);
    this.documentCount = db.prepare('SELECT count(*) AS n FROM documents');
    this.names = db.prepare(`
      SELECT e.id AS entityId, e.kind, coalesce(d.name, e.name) AS name
      FROM entities e LEFT JOIN document_entities d ON d.entity_id = e.id AND d.document_id = ?
      WHERE e.id IN (SELECT value FROM json_each(?))`);
    this.chosen = db.prepare(`
      SELECT d.entity_id AS entityId, e.kind, d.name, d.mentions, d.salience, p.page_start AS definedOnPage,
             (SELECT count(*) FROM document_entities x WHERE x.entity_id = d.entity_id) AS df
      FROM document_entities d JOIN entities e ON e.id = d.entity_id LEFT JOIN passages p ON p.id = d.definition_passage_id
      WHERE d.document_id = ? AND d.entity_id IN (SELECT value FROM json_each(?))`);
    this.anywhere = db.prepare(`
      WITH chosen AS (
        SELECT e.id, e.kind, e.name, (SELECT count(*) FROM document_entities d WHERE d.entity_id = e.id) AS df
        FROM entities e WHERE e.id IN (SELECT value FROM json_each(?)))
      SELECT id AS entityId, kind, name, df AS mentions, df, 0 AS salience, NULL AS definedOnPage FROM chosen`);
    // A document's passages have one contiguous id range (see 0040-create-passages).
    this.passageRange = db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM passages WHERE document_id = ?');
    this.textHits = db.prepare('SELECT count(*) AS n FROM passage_search WHERE passage_search MATCH @query AND rowid BETWEEN @lo AND @hi');
  }
}
