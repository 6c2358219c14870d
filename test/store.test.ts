/**
 * Schema migrations, replayed for real on in-memory SQLite: each migration's tables,
 * the all-or-nothing upgrade, and the refusal to open a library from a newer Lectern.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { LecternError } from '../native/api/errors.js';
import { assertIncreasing, migrate, schemaVersion } from '../native/store/migrate.js';
import { MIGRATIONS, type Migration } from '../native/store/migrations/index.js';
import { LIBRARY_FILE, openLibraryDatabase } from '../native/store/openLibraryDatabase.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

/** What each migration must leave behind: objects by name, with their columns. */
const EXPECTED_SCHEMA: Record<number, Record<string, { type: 'table' | 'view'; columns: string[] }>> = {
  10: {
    documents: { type: 'table', columns: ['id', 'sha256', 'title', 'source_path', 'format', 'pages', 'bytes', 'status', 'added_at'] },
  },
  20: {
    pages: { type: 'table', columns: ['document_id', 'number', 'width', 'height', 'text', 'geometry'] },
  },
  30: {
    sections: { type: 'table', columns: ['id', 'document_id', 'parent_id', 'level', 'title', 'page', 'ord'] },
  },
  40: {
    passages: { type: 'table', columns: ['id', 'document_id', 'section_id', 'ord', 'page_start', 'page_end', 'text', 'word_count'] },
    passage_spans: { type: 'table', columns: ['passage_id', 'ord', 'page', 'char_start', 'char_end'] },
  },
  50: {
    passage_search_source: { type: 'view', columns: ['id', 'section_title', 'text'] },
    passage_search: { type: 'table', columns: ['section_title', 'text'] },
    passage_search_terms: { type: 'table', columns: ['term', 'doc', 'cnt'] },
  },
  60: {
    models: {
      type: 'table',
      columns: ['id', 'sha256', 'name', 'path', 'source_uri', 'file_bytes', 'architecture', 'parameters', 'train_context_size', 'chat_template', 'kind', 'added_at'],
    },
    settings: { type: 'table', columns: ['key', 'value'] },
  },
  70: {
    kv_states: {
      type: 'table',
      columns: ['id', 'model_id', 'model_sha256', 'settings_hash', 'prefix_hash', 'scope_key', 'file', 'tokens', 'bytes', 'created_at', 'last_used_at'],
    },
  },
  80: {
    conversations: { type: 'table', columns: ['id', 'scope_key', 'title', 'created_at', 'updated_at'] },
    conversation_documents: { type: 'table', columns: ['conversation_id', 'document_id'] },
    messages: { type: 'table', columns: ['id', 'conversation_id', 'ord', 'role', 'text', 'mode', 'model_id', 'created_at'] },
    citations: { type: 'table', columns: ['id', 'message_id', 'marker', 'passage_id', 'document_id', 'page', 'quote', 'char_start', 'char_end', 'supported'] },
    demonstrations: { type: 'table', columns: ['scope_key', 'model_id', 'prefix_hash', 'examples', 'created_at'] },
  },
  90: {
    entities: { type: 'table', columns: ['id', 'kind', 'key', 'name'] },
    entity_aliases: { type: 'table', columns: ['key', 'entity_id'] },
    document_entities: { type: 'table', columns: ['document_id', 'entity_id', 'name', 'aliases', 'mentions', 'salience', 'definition', 'definition_passage_id'] },
    mentions: { type: 'table', columns: ['passage_id', 'entity_id', 'count'] },
    entity_extraction: { type: 'table', columns: ['document_id', 'version', 'extracted_at'] },
  },
  100: {
    users: { type: 'table', columns: ['id', 'name', 'created_at', 'learning_paused', 'retention_days'] },
    events: { type: 'table', columns: ['id', 'user_id', 'type', 'at', 'document_id', 'page', 'text', 'dwell_ms', 'suggestion_key'] },
    user_entities: { type: 'table', columns: ['user_id', 'entity_id', 'interest', 'interest_at', 'familiarity', 'asked', 'documents', 'asked_documents', 'last_seen', 'blocked'] },
    user_entity_documents: { type: 'table', columns: ['user_id', 'entity_id', 'document_id', 'asked', 'touched', 'last_at'] },
    suggestion_feedback: { type: 'table', columns: ['user_id', 'suggestion_key', 'state', 'at'] },
    shown_suggestions: { type: 'table', columns: ['user_id', 'suggestion_key', 'document_id', 'text', 'entity_ids', 'times', 'last_at'] },
  },
  110: {
    documents: {
      type: 'table',
      columns: ['id', 'sha256', 'title', 'source_path', 'format', 'pages', 'bytes', 'status', 'added_at', 'ingest_version', 'fidelity', 'ocr_pages', 'title_by_user'],
    },
    pages: { type: 'table', columns: ['document_id', 'number', 'width', 'height', 'text', 'geometry', 'fidelity', 'text_layer'] },
  },
  // Data only: kv_states.file becomes relative to the library folder.
  120: {
    kv_states: {
      type: 'table',
      columns: ['id', 'model_id', 'model_sha256', 'settings_hash', 'prefix_hash', 'scope_key', 'file', 'tokens', 'bytes', 'created_at', 'last_used_at'],
    },
  },
  130: {
    embedding_models: { type: 'table', columns: ['model_id', 'dimension'] },
    passage_vectors: { type: 'table', columns: ['model_id', 'passage_id', 'vector'] },
    passage_vector_versions: { type: 'table', columns: ['model_id', 'version'] },
  },
  140: {
    page_recognitions: { type: 'table', columns: ['document_id', 'number', 'lang', 'confidence', 'layout'] },
    documents: {
      type: 'table',
      columns: ['id', 'sha256', 'title', 'source_path', 'format', 'pages', 'bytes', 'status', 'added_at', 'ingest_version', 'fidelity', 'ocr_pages', 'title_by_user', 'ocr_lang'],
    },
    pages: { type: 'table', columns: ['document_id', 'number', 'width', 'height', 'text', 'geometry', 'fidelity', 'text_layer', 'ocr_confidence'] },
  },
  // documents rebuilt to accept epub, docx and html, plus the file's author and the import's notes.
  150: {
    documents: {
      type: 'table',
      columns: [
        'id',
        'sha256',
        'title',
        'source_path',
        'format',
        'pages',
        'bytes',
        'status',
        'added_at',
        'ingest_version',
        'fidelity',
        'ocr_pages',
        'title_by_user',
        'ocr_lang',
        'author',
        'import_notes',
      ],
    },
  },
  180: {
    model_servers: { type: 'table', columns: ['id', 'name', 'base_url', 'model', 'has_key', 'insecure_confirmed', 'timeout_ms', 'added_at'] },
  },
};

function columnsOf(db: Database.Database, name: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as Array<{ name: string }>).map((c) => c.name);
}

function objectType(db: Database.Database, name: string): string | undefined {
  return (db.prepare(`SELECT type FROM sqlite_schema WHERE name = ?`).get(name) as { type: string } | undefined)?.type;
}

function schemaSnapshot(db: Database.Database): Array<{ type: string; name: string; sql: string | null }> {
  return db.prepare(`SELECT type, name, sql FROM sqlite_schema ORDER BY type, name`).all() as Array<{ type: string; name: string; sql: string | null }>;
}

/** Checks what migration `version` created, as altered by the later migrations up to `reached`. */
function assertCreates(db: Database.Database, version: number, reached: number): void {
  const expected = EXPECTED_SCHEMA[version];
  assert.ok(expected, `EXPECTED_SCHEMA has no entry for migration ${version}; describe what it creates`);
  for (const name of Object.keys(expected)) {
    const latest = Object.entries(EXPECTED_SCHEMA)
      .filter(([v, objects]) => Number(v) <= reached && objects[name])
      .at(-1)!;
    const { type, columns } = latest[1][name]!;
    assert.equal(objectType(db, name), type, `${name} is a ${type}`);
    assert.deepEqual(columnsOf(db, name), columns, `${name} has the expected columns`);
  }
}

describe('migrations', () => {
  test('the registered migrations have strictly increasing versions', () => {
    assert.doesNotThrow(() => assertIncreasing(MIGRATIONS));
    assert.ok(MIGRATIONS.length > 0);
  });

  MIGRATIONS.forEach((migration, index) => {
    test(`migration ${migration.version} (${migration.name}) creates its schema and sets user_version to ${migration.version}`, () => {
      const db = new Database(':memory:');
      try {
        const reached = migrate(db, MIGRATIONS.slice(0, index + 1));
        assert.equal(reached, migration.version);
        assert.equal(db.pragma('user_version', { simple: true }), migration.version);
        assert.equal(schemaVersion(db), migration.version);
        for (const earlier of MIGRATIONS.slice(0, index + 1)) assertCreates(db, earlier.version, migration.version);
        // Tables, not views or virtual tables, are STRICT.
        const tables = db
          .prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'passage_search%'`)
          .all() as Array<{ name: string; strict: number }>;
        for (const t of tables) assert.equal(t.strict, 1, `${t.name} is a STRICT table`);
      } finally {
        db.close();
      }
    });
  });

  test('upgrading from every intermediate version gives the same schema as a fresh database', () => {
    const fresh = new Database(':memory:');
    migrate(fresh);
    const target = schemaSnapshot(fresh);
    fresh.close();
    for (let i = 0; i < MIGRATIONS.length; i++) {
      const db = new Database(':memory:');
      migrate(db, MIGRATIONS.slice(0, i + 1));
      assert.equal(migrate(db), MIGRATIONS.at(-1)!.version);
      assert.deepEqual(schemaSnapshot(db), target, `upgrade from version ${MIGRATIONS[i]!.version}`);
      db.close();
    }
  });

  test('migration 150 keeps every document with its pages and sections, and then accepts epub, docx and html', () => {
    const db = new Database(':memory:');
    try {
      db.pragma('foreign_keys = ON');
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version < 150),
      );
      db.prepare(
        `INSERT INTO documents (id, sha256, title, source_path, format, pages, bytes, status, added_at) VALUES ('d1', 'aa', 'Old', '/x.txt', 'txt', 1, 10, 'ingested', '2026-01-01')`,
      ).run();
      db.prepare(`INSERT INTO pages (document_id, number, width, height, text) VALUES ('d1', 1, 0, 0, 'Some text')`).run();
      db.prepare(`INSERT INTO sections (document_id, parent_id, level, title, page, ord) VALUES ('d1', NULL, 1, 'One', 1, 0)`).run();
      assert.throws(
        () =>
          db
            .prepare(
              `INSERT INTO documents (id, sha256, title, source_path, format, pages, bytes, status, added_at) VALUES ('d0', 'ab', 'E', '/e.epub', 'epub', 1, 10, 'ingested', '2026-01-01')`,
            )
            .run(),
        /CHECK/,
      );
      migrate(db);
      assert.equal((db.prepare(`SELECT count(*) AS n FROM pages WHERE document_id = 'd1'`).get() as { n: number }).n, 1);
      assert.equal((db.prepare(`SELECT count(*) AS n FROM sections WHERE document_id = 'd1'`).get() as { n: number }).n, 1);
      for (const [i, format] of ['epub', 'docx', 'html'].entries()) {
        db.prepare(
          `INSERT INTO documents (id, sha256, title, source_path, format, pages, bytes, status, added_at) VALUES (?, ?, 'New', '/n', ?, 1, 10, 'ingested', '2026-01-01')`,
        ).run(`n${i}`, `s${i}`, format);
      }
      assert.throws(
        () =>
          db
            .prepare(
              `INSERT INTO documents (id, sha256, title, source_path, format, pages, bytes, status, added_at) VALUES ('bad', 'zz', 'B', '/b', 'rtf', 1, 1, 'ingested', '2026-01-01')`,
            )
            .run(),
        /CHECK/,
      );
      // The children still point at the rebuilt table: deleting the document removes its pages.
      db.prepare(`DELETE FROM documents WHERE id = 'd1'`).run();
      assert.equal((db.prepare(`SELECT count(*) AS n FROM pages`).get() as { n: number }).n, 0);
      assert.equal(db.pragma('foreign_keys', { simple: true }), 1, 'foreign keys are back on after the migration');
    } finally {
      db.close();
    }
  });

  test('migrating an up-to-date database changes nothing', () => {
    const db = new Database(':memory:');
    migrate(db);
    const before = schemaSnapshot(db);
    assert.equal(migrate(db), MIGRATIONS.at(-1)!.version);
    assert.deepEqual(schemaSnapshot(db), before);
    db.close();
  });

  test('all pending migrations run in one transaction: a failing one leaves user_version and the schema untouched', () => {
    const broken: Migration = {
      version: MIGRATIONS.at(-1)!.version + 5,
      name: 'broken',
      up(db) {
        db.exec('CREATE TABLE half_done (x INTEGER) STRICT');
        throw new Error('this migration fails halfway');
      },
    };
    // From an empty database: not even the good migrations before it may stick.
    const empty = new Database(':memory:');
    assert.throws(() => migrate(empty, [...MIGRATIONS, broken]), /fails halfway/);
    assert.equal(schemaVersion(empty), 0);
    assert.deepEqual(schemaSnapshot(empty), []);
    empty.close();

    // From a database at the first version: it stays exactly there.
    const partial = new Database(':memory:');
    migrate(partial, MIGRATIONS.slice(0, 1));
    const before = schemaSnapshot(partial);
    assert.throws(() => migrate(partial, [...MIGRATIONS, broken]), /fails halfway/);
    assert.equal(schemaVersion(partial), MIGRATIONS[0]!.version);
    assert.deepEqual(schemaSnapshot(partial), before);
    assert.equal(objectType(partial, 'half_done'), undefined);
    partial.close();
  });

  test('a database from a newer Lectern (user_version above the last migration) is refused with LIBRARY_TOO_NEW and left as it is', () => {
    const db = new Database(':memory:');
    migrate(db);
    const newer = MIGRATIONS.at(-1)!.version + 10;
    db.pragma(`user_version = ${newer}`);
    const before = schemaSnapshot(db);
    assert.throws(
      () => migrate(db),
      (error: unknown) => error instanceof LecternError && error.code === 'LIBRARY_TOO_NEW' && /newer version of Lectern/.test(error.message),
    );
    assert.equal(schemaVersion(db), newer);
    assert.deepEqual(schemaSnapshot(db), before);
    db.close();
  });

  test('opening a library folder whose database is from a newer Lectern fails with LIBRARY_TOO_NEW', () => {
    const dir = makeTempDir();
    try {
      const db = new Database(path.join(dir, LIBRARY_FILE));
      db.pragma('user_version = 999');
      db.close();
      assert.throws(
        () => openLibraryDatabase(dir),
        (error: unknown) => error instanceof LecternError && error.code === 'LIBRARY_TOO_NEW',
      );
      const again = new Database(path.join(dir, LIBRARY_FILE));
      assert.equal(again.pragma('user_version', { simple: true }), 999, 'the refused database was not modified');
      again.close();
    } finally {
      removeDir(dir);
    }
  });

  test('migration versions must increase: out-of-order or repeated versions are rejected before anything runs', () => {
    const make = (version: number, ran: number[]): Migration => ({ version, name: `m${version}`, up: () => ran.push(version) });
    const ran: number[] = [];
    assert.throws(() => assertIncreasing([make(20, ran), make(10, ran)]), /must come after/);
    assert.throws(() => assertIncreasing([make(10, ran), make(10, ran)]), /must come after/);
    const db = new Database(':memory:');
    assert.throws(() => migrate(db, [make(10, ran), make(30, ran), make(20, ran)]), /must come after/);
    assert.deepEqual(ran, [], 'no migration ran');
    assert.equal(schemaVersion(db), 0);
    db.close();
  });
});

describe('data migrations', () => {
  test('migration 120 makes saved-state paths inside the library relative and drops rows naming files elsewhere, touching no file', () => {
    const dir = makeTempDir();
    try {
      const libraryDir = path.join(dir, 'library');
      fs.mkdirSync(path.join(libraryDir, 'kv-cache'), { recursive: true });
      const elsewhere = path.join(dir, 'original', 'kv-cache', 'b.state');
      fs.mkdirSync(path.dirname(elsewhere), { recursive: true });
      fs.writeFileSync(elsewhere, "another library's state");
      const db = new Database(path.join(libraryDir, LIBRARY_FILE));
      const before110 = MIGRATIONS.filter((m) => m.version <= 110);
      migrate(db, before110);
      db.prepare(
        `INSERT INTO models (id, sha256, name, path, source_uri, file_bytes, architecture, parameters, train_context_size, chat_template, kind, added_at)
                  VALUES ('m', 'sha', 'm', '/m.gguf', NULL, 1, 'llama', NULL, 512, NULL, 'chat', 'now')`,
      ).run();
      const insert = db.prepare(`INSERT INTO kv_states (model_id, model_sha256, settings_hash, prefix_hash, scope_key, file, tokens, bytes, created_at, last_used_at)
                                 VALUES ('m', 'sha', 's', ?, 'library', ?, 1, 1, 'now', 'now')`);
      insert.run('inside', path.join(libraryDir, 'kv-cache', 'a.state'));
      insert.run('copied', elsewhere);
      insert.run('climbing', path.join(libraryDir, '..', 'x.state'));
      insert.run('system', '/etc/passwd');
      migrate(db);
      const rows = db.prepare('SELECT prefix_hash, file FROM kv_states ORDER BY id').all();
      db.close();
      assert.deepEqual(rows, [{ prefix_hash: 'inside', file: 'kv-cache/a.state' }]);
      assert.ok(fs.existsSync(elsewhere), 'the file a dropped row named is left alone');
    } finally {
      removeDir(dir);
    }
  });
});

describe('library folder', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeDir));

  test('a new library folder is created with the newest schema, in WAL mode, with foreign keys on', () => {
    const dir = path.join(makeTempDir(), 'nested', 'library');
    dirs.push(path.dirname(path.dirname(dir)));
    const db = openLibraryDatabase(dir);
    try {
      assert.ok(fs.existsSync(path.join(dir, LIBRARY_FILE)));
      assert.equal(schemaVersion(db), MIGRATIONS.at(-1)!.version);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    } finally {
      db.close();
    }
  });

  test('a library path that is a regular file is refused with LIBRARY_UNREADABLE', () => {
    const dir = makeTempDir();
    dirs.push(dir);
    const file = path.join(dir, 'not-a-folder');
    fs.writeFileSync(file, 'hello');
    assert.throws(
      () => openLibraryDatabase(file),
      (error: unknown) => error instanceof LecternError && error.code === 'LIBRARY_UNREADABLE' && error.message.includes(file),
    );
  });

  test('a library whose database file is not SQLite is refused with LIBRARY_UNREADABLE', () => {
    const dir = makeTempDir();
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, LIBRARY_FILE), 'this is not a database, just some text that is long enough to have a header');
    assert.throws(
      () => openLibraryDatabase(dir),
      (error: unknown) => error instanceof LecternError && error.code === 'LIBRARY_UNREADABLE',
    );
  });
});
