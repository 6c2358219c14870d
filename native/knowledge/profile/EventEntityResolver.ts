import type { Database, Statement } from 'better-sqlite3';
import type { CommandArgs } from '../../api/commands.js';
import type { LinkedEntity, TextEntityLinker } from './TextEntityLinker.js';

type EventArgs = CommandArgs<'events:record'>;

/** Opening a document teaches a little about its few most characteristic entities. */
const OPEN_ENTITIES = 5;
/** A page or passage read or clicked: its most mentioned entities. */
const PAGE_ENTITIES = 12;

/**
 * Which entities an event is about, each with a link weight in (0, 1]:
 * open → the document's most salient entities; read → those mentioned on the page;
 * search, question, highlight → those the text names; click → those of the cited passage
 * (or page); shown, accept, dismiss → those of the suggestion (remembered when it was shown),
 * else those its text names.
 */
export class EventEntityResolver {
  private readonly salient: Statement<[string, number], { entityId: number; weight: number }>;
  private readonly onPage: Statement<[{ doc: string; page: number; limit: number }], { entityId: number; weight: number }>;
  private readonly inPassage: Statement<[number], { entityId: number; weight: number }>;
  private readonly passageDocument: Statement<[number], { documentId: string }>;
  private readonly shown: Statement<[number, string], { entityIds: string }>;

  constructor(
    db: Database,
    private readonly linker: TextEntityLinker,
  ) {
    this.salient = db.prepare(`
      SELECT entity_id AS entityId, salience / max(salience) OVER () AS weight
      FROM document_entities WHERE document_id = ? ORDER BY salience DESC, entity_id LIMIT ?`);
    this.onPage = db.prepare(`
      WITH counts AS (
        SELECT m.entity_id, sum(m.count) AS n
        FROM passages p JOIN mentions m ON m.passage_id = p.id
        WHERE p.document_id = @doc AND p.page_start <= @page AND p.page_end >= @page
        GROUP BY m.entity_id
      )
      SELECT entity_id AS entityId, CAST(n AS REAL) / max(n) OVER () AS weight FROM counts ORDER BY n DESC, entity_id LIMIT @limit`);
    this.inPassage = db.prepare(`
      SELECT entity_id AS entityId, CAST(count AS REAL) / max(count) OVER () AS weight
      FROM mentions WHERE passage_id = ? ORDER BY count DESC, entity_id LIMIT ${PAGE_ENTITIES}`);
    this.passageDocument = db.prepare('SELECT document_id AS documentId FROM passages WHERE id = ?');
    this.shown = db.prepare('SELECT entity_ids AS entityIds FROM shown_suggestions WHERE user_id = ? AND suggestion_key = ?');
  }

  resolve(userId: number, event: EventArgs, suggestionKey: string | null): LinkedEntity[] {
    const doc = event.documentId ?? null;
    switch (event.type) {
      case 'open':
        return doc ? this.salient.all(doc, OPEN_ENTITIES) : [];
      case 'read':
        if (!doc) return [];
        return event.page ? this.onPage.all({ doc, page: event.page, limit: PAGE_ENTITIES }) : this.salient.all(doc, OPEN_ENTITIES);
      case 'search':
      case 'question':
      case 'highlight':
        return event.text ? spread(this.linker.link(event.text, doc)) : [];
      case 'click':
        if (event.passageId) return this.inPassage.all(event.passageId);
        return doc && event.page ? this.onPage.all({ doc, page: event.page, limit: PAGE_ENTITIES }) : [];
      case 'shown':
      case 'accept':
      case 'dismiss': {
        const remembered = suggestionKey ? this.shown.get(userId, suggestionKey) : undefined;
        if (remembered) return (JSON.parse(remembered.entityIds) as number[]).map((entityId) => ({ entityId, weight: 1 }));
        return event.text ? spread(this.linker.link(event.text, doc)) : [];
      }
    }
  }

  /** The document a cited passage belongs to, for a click recorded without one. */
  documentOfPassage(passageId: number): string | null {
    return this.passageDocument.get(passageId)?.documentId ?? null;
  }
}

/** A text that names many entities is about each of them less: beyond three, weights shrink with √n. */
function spread(links: LinkedEntity[]): LinkedEntity[] {
  const factor = Math.min(1, Math.sqrt(3 / Math.max(1, links.length)));
  return factor === 1 ? links : links.map((l) => ({ ...l, weight: l.weight * factor }));
}
