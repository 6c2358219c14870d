import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { AnswerMode, Citation, ConversationMessage, ConversationSummary } from '../api/types.js';

/** Conversations, their messages and the citations of each answer. */
export class ConversationRepository {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Starts a conversation over a scope; its title is the first question. */
  create(scopeKey: string, documentIds: readonly string[], title: string): string {
    const id = randomUUID();
    // A library on read-only media answers without keeping history: the conversation lives only in its id.
    if (this.db.readonly) return id;
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO conversations (id, scope_key, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, scopeKey, title.slice(0, 200), at, at);
      const link = this.db.prepare('INSERT INTO conversation_documents (conversation_id, document_id) VALUES (?, ?)');
      for (const d of new Set(documentIds)) link.run(id, d);
    })();
    return id;
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM conversations WHERE id = ?').get(id) !== undefined;
  }

  /** Appends a question and its answer (with citations) in one transaction. */
  addExchange(conversationId: string, question: string, answer: { text: string; mode: AnswerMode; modelId: string | null; citations: Citation[] }): number {
    if (this.db.readonly) return 0; // no history on read-only media (see create)
    const at = this.now().toISOString();
    return this.db.transaction(() => {
      const next = (this.db.prepare('SELECT coalesce(max(ord), -1) + 1 AS n FROM messages WHERE conversation_id = ?').get(conversationId) as { n: number }).n;
      const insert = this.db.prepare('INSERT INTO messages (conversation_id, ord, role, text, mode, model_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
      insert.run(conversationId, next, 'user', question, null, null, at);
      const messageId = Number(insert.run(conversationId, next + 1, 'assistant', answer.text, answer.mode, answer.modelId, at).lastInsertRowid);
      const cite = this.db.prepare(
        'INSERT INTO citations (message_id, marker, passage_id, document_id, page, quote, char_start, char_end, supported) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const c of answer.citations) cite.run(messageId, c.marker, c.passageId, c.documentId, c.page, c.quote, c.charStart, c.charEnd, c.supported ? 1 : 0);
      this.db.prepare('UPDATE conversations SET updated_at = ? WHERE id = ?').run(at, conversationId);
      return messageId;
    })();
  }

  /** Conversations that involve a document, newest first. */
  listForDocument(documentId: string): ConversationSummary[] {
    const rows = this.db
      .prepare(
        `SELECT c.id, c.title, c.created_at, c.updated_at FROM conversations c
                JOIN conversation_documents cd ON cd.conversation_id = c.id WHERE cd.document_id = ? ORDER BY c.updated_at DESC`,
      )
      .all(documentId) as Array<{ id: string; title: string; created_at: string; updated_at: string }>;
    return rows.map((r) => ({ id: r.id, title: r.title, documentIds: this.documentsOf(r.id), createdAt: r.created_at, updatedAt: r.updated_at }));
  }

  messages(conversationId: string): ConversationMessage[] {
    const rows = this.db.prepare('SELECT id, role, text, mode, model_id, created_at FROM messages WHERE conversation_id = ? ORDER BY ord').all(conversationId) as Array<{
      id: number;
      role: 'user' | 'assistant';
      text: string;
      mode: AnswerMode | null;
      model_id: string | null;
      created_at: string;
    }>;
    const cites = this.db.prepare('SELECT marker, passage_id, document_id, page, quote, char_start, char_end, supported FROM citations WHERE message_id = ? ORDER BY id');
    return rows.map((r) => ({
      id: r.id,
      role: r.role,
      text: r.text,
      mode: r.mode,
      modelId: r.model_id,
      createdAt: r.created_at,
      citations: (
        cites.all(r.id) as Array<{
          marker: string;
          passage_id: number | null;
          document_id: string | null;
          page: number | null;
          quote: string;
          char_start: number | null;
          char_end: number | null;
          supported: number;
        }>
      ).map((c) => ({
        marker: c.marker,
        passageId: c.passage_id,
        documentId: c.document_id,
        page: c.page,
        quote: c.quote,
        charStart: c.char_start,
        charEnd: c.char_end,
        supported: c.supported === 1,
        spans: [],
        rects: [],
      })),
    }));
  }

  /** The documents a conversation was asked over. */
  documentsOf(conversationId: string): string[] {
    return (this.db.prepare('SELECT document_id FROM conversation_documents WHERE conversation_id = ?').all(conversationId) as Array<{ document_id: string }>).map(
      (r) => r.document_id,
    );
  }
}
