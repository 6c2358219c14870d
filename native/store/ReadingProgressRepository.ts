import type { Database, Statement } from 'better-sqlite3';
import type { ReadingProgress } from '../api/annotationTypes.js';

interface ProgressRow {
  document_id: string;
  user_name: string;
  page: number;
  position: number;
  furthest_page: number;
  percent: number;
  spoiler_free: number;
  spoiler_limit_page: number | null;
  updated_at: string;
}

const SELECT = `SELECT r.document_id, u.name AS user_name, r.page, r.position, r.furthest_page, r.percent, r.spoiler_free, r.spoiler_limit_page, r.updated_at
  FROM reading_progress r JOIN users u ON u.id = r.user_id`;

/** Where each user is in each document, how far they got, and whether the assistant must stop at a page (spoiler-free). */
export class ReadingProgressRepository {
  private readonly one: Statement<[number, string], ProgressRow>;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.one = db.prepare(`${SELECT} WHERE r.user_id = ? AND r.document_id = ?`);
  }

  get(userId: number, documentId: string): ReadingProgress | null {
    const row = this.one.get(userId, documentId);
    return row ? toProgress(row) : null;
  }

  /**
   * Records the page and position shown. The furthest page only grows; the percent read is
   * `percent` when given (a reflowable document's own measure) or the furthest page's share
   * of `pageCount`, and never falls (going back to re-read a chapter is not un-reading it).
   */
  set(userId: number, documentId: string, at: { page: number; position: number; percent?: number; pageCount: number }): ReadingProgress {
    const furthest = Math.max(at.page, this.one.get(userId, documentId)?.furthest_page ?? 0);
    const percent = clampPercent(at.percent ?? (100 * Math.min(furthest, at.pageCount)) / Math.max(1, at.pageCount));
    this.db
      .prepare(
        `INSERT INTO reading_progress (user_id, document_id, page, position, furthest_page, percent, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, document_id) DO UPDATE SET page = excluded.page, position = excluded.position,
           furthest_page = max(furthest_page, excluded.furthest_page), percent = max(percent, excluded.percent), updated_at = excluded.updated_at`,
      )
      .run(userId, documentId, at.page, at.position, furthest, percent, this.now().toISOString());
    return this.get(userId, documentId)!;
  }

  /** The user's documents in progress, most recently read first. */
  list(userId: number, limit = 100): ReadingProgress[] {
    return this.db.prepare<[number, number], ProgressRow>(`${SELECT} WHERE r.user_id = ? ORDER BY r.updated_at DESC, r.document_id LIMIT ?`).all(userId, limit).map(toProgress);
  }

  /** Turns spoiler-free mode on or off; `limitPage` null follows the furthest page reached. A document never opened starts at page 1. */
  setSpoilerFree(userId: number, documentId: string, spoilerFree: boolean, limitPage: number | null): ReadingProgress {
    this.db
      .prepare(
        `INSERT INTO reading_progress (user_id, document_id, page, position, furthest_page, percent, spoiler_free, spoiler_limit_page, updated_at)
         VALUES (?, ?, 1, 0, 1, 0, ?, ?, ?)
         ON CONFLICT (user_id, document_id) DO UPDATE SET spoiler_free = excluded.spoiler_free, spoiler_limit_page = excluded.spoiler_limit_page`,
      )
      .run(userId, documentId, spoilerFree ? 1 : 0, limitPage, this.now().toISOString());
    return this.get(userId, documentId)!;
  }

  /** The last page the assistant may read of the document for this user, or null when spoiler-free mode is off. */
  limitFor(userId: number, documentId: string): number | null {
    const row = this.one.get(userId, documentId);
    return row && row.spoiler_free === 1 ? (row.spoiler_limit_page ?? row.furthest_page) : null;
  }

  /**
   * The passages the user must not be shown because of spoiler-free mode (in these documents,
   * or all): those ending past their document's limit page.
   */
  hiddenPassageIds(userId: number, documentIds: readonly string[] = []): number[] {
    const scoped = documentIds.length > 0 ? 'AND r.document_id IN (SELECT value FROM json_each(?))' : '';
    const params: unknown[] = [userId];
    if (documentIds.length > 0) params.push(JSON.stringify(documentIds));
    return this.db
      .prepare<unknown[], { id: number }>(
        `SELECT p.id FROM reading_progress r JOIN passages p ON p.document_id = r.document_id
         WHERE r.user_id = ? AND r.spoiler_free = 1 AND p.page_end > coalesce(r.spoiler_limit_page, r.furthest_page) ${scoped}
         ORDER BY p.id`,
      )
      .all(...params)
      .map((r) => r.id);
  }
}

function clampPercent(percent: number): number {
  return Math.round(Math.min(100, Math.max(0, percent)) * 10) / 10;
}

function toProgress(row: ProgressRow): ReadingProgress {
  return {
    documentId: row.document_id,
    user: row.user_name,
    page: row.page,
    position: row.position,
    furthestPage: row.furthest_page,
    percent: row.percent,
    spoilerFree: row.spoiler_free === 1,
    spoilerLimitPage: row.spoiler_limit_page ?? row.furthest_page,
    updatedAt: row.updated_at,
  };
}
