import type { Migration } from './Migration.js';

/**
 * What a person keeps while reading, per user and document (both go with the user or the
 * document, by cascade):
 * - `annotations`: highlights, underlines, notes, bookmarks and saved answers. Anchored by
 *   `page`, `spans` (a JSON array of page ranges, only ever read whole) and `quote`, so a re-read
 *   can find them again; `char_start` (the first span's start) orders them within a page.
 *   `rects`: JSON rectangles computed from the page geometry, NULL when they must be computed
 *   again (after a re-read moved the annotation). `answer`: JSON of a saved answer.
 * - `reading_progress`: the page and position last shown, the furthest page reached and the
 *   percent read; spoiler-free mode and its limit (`spoiler_limit_page` NULL: the furthest page).
 */
export const createAnnotations: Migration = {
  version: 160,
  name: 'create-annotations',
  up(db) {
    db.exec(`
      CREATE TABLE annotations (
        id          TEXT PRIMARY KEY,
        user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        kind        TEXT NOT NULL CHECK (kind IN ('highlight', 'underline', 'note', 'bookmark', 'answer')),
        color       TEXT CHECK (color IS NULL OR color IN ('yellow', 'green', 'blue', 'pink', 'purple')),
        page        INTEGER NOT NULL CHECK (page >= 1),
        char_start  INTEGER,
        spans       TEXT NOT NULL DEFAULT '[]',
        quote       TEXT NOT NULL DEFAULT '',
        note        TEXT NOT NULL DEFAULT '',
        answer      TEXT,
        rects       TEXT,
        orphaned    INTEGER NOT NULL DEFAULT 0 CHECK (orphaned IN (0, 1)),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX annotations_user_document ON annotations (user_id, document_id, page, char_start);
      -- Re-reads and removals find a document's annotations of every user.
      CREATE INDEX annotations_document ON annotations (document_id);

      CREATE TABLE reading_progress (
        user_id            INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        document_id        TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        page               INTEGER NOT NULL CHECK (page >= 1),
        position           REAL NOT NULL DEFAULT 0,
        furthest_page      INTEGER NOT NULL CHECK (furthest_page >= 1),
        percent            REAL NOT NULL DEFAULT 0,
        spoiler_free       INTEGER NOT NULL DEFAULT 0 CHECK (spoiler_free IN (0, 1)),
        spoiler_limit_page INTEGER,
        updated_at         TEXT NOT NULL,
        PRIMARY KEY (user_id, document_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX reading_progress_recent ON reading_progress (user_id, updated_at);
      CREATE INDEX reading_progress_document ON reading_progress (document_id);
    `);
  },
};
