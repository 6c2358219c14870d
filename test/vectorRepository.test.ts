/** Exact vector search (native/store/VectorRepository.ts): from the in-memory matrix and from SQLite alike, and never stale. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Database } from 'better-sqlite3';
import { openLibraryDatabase } from '../native/store/openLibraryDatabase.js';
import { VectorRepository } from '../native/store/VectorRepository.js';
import { seededRandom } from '../bench/seededRandom.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

const DIM = 16;
let dir: string;
let db: Database;

before(() => {
  dir = makeTempDir();
  db = openLibraryDatabase(path.join(dir, 'library'));
  const doc = db.prepare(
    `INSERT INTO documents (id, sha256, title, source_path, format, pages, bytes, status, added_at) VALUES (?, ?, ?, '/x', 'txt', 1, 1, 'ingested', '2026-12-06')`,
  );
  const passage = db.prepare(`INSERT INTO passages (id, document_id, ord, page_start, page_end, text, word_count) VALUES (?, ?, ?, 1, 1, 'text', 1)`);
  for (const id of ['a', 'b']) doc.run(id, `sha-${id}`, id);
  db.prepare(
    `INSERT INTO models (id, sha256, name, path, file_bytes, architecture, train_context_size, kind, added_at) VALUES ('m', 'm', 'm', 'p', 1, 'llama', 512, 'embedding', '')`,
  ).run();
  for (let i = 1; i <= 300; i++) passage.run(i, i <= 150 ? 'a' : 'b', i);
});

after(() => {
  db?.close();
  removeDir(dir);
});

function randomVectors(seed: number, count: number): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => Float32Array.from({ length: DIM }, () => random() * 2 - 1));
}

test('search from memory equals search from SQLite, whole library and one document, and follows passages removed by another repository', () => {
  const inMemory = new VectorRepository(db);
  const fromSqlite = new VectorRepository(db, 0); // no memory budget: every search reads the BLOBs
  inMemory.reset('m', DIM);
  inMemory.store(
    'm',
    randomVectors(7, 300).map((vector, i) => ({ passageId: i + 1, vector })),
  );
  for (const query of randomVectors(11, 5)) {
    assert.deepEqual(inMemory.nearest('m', query, { limit: 10 }), fromSqlite.nearest('m', query, { limit: 10 }));
    const scoped = inMemory.nearest('m', query, { limit: 10, documentIds: ['b'] });
    assert.deepEqual(scoped, fromSqlite.nearest('m', query, { limit: 10, documentIds: ['b'] }));
    assert.ok(scoped.every((m) => m.passageId > 150));
  }
  const [query] = randomVectors(11, 1);
  const best = inMemory.nearest('m', query!, { limit: 1 })[0]!.passageId;
  // A document's passages deleted elsewhere (their vectors go by cascade): the next search no longer finds them.
  db.prepare('DELETE FROM passages WHERE id = ?').run(best);
  const after = inMemory.nearest('m', query!, { limit: 10 });
  assert.ok(!after.some((m) => m.passageId === best));
  assert.deepEqual(after, fromSqlite.nearest('m', query!, { limit: 10 }));
});

test('vectors stored again replace what search read before', () => {
  const vectors = new VectorRepository(db);
  const [query] = randomVectors(23, 1);
  const before = vectors.nearest('m', query!, { limit: 1 })[0]!;
  // Make another passage the query itself: it must come first at once.
  const target = before.passageId === 2 ? 3 : 2;
  vectors.store('m', [{ passageId: target, vector: query! }]);
  const now = vectors.nearest('m', query!, { limit: 1 })[0]!;
  assert.equal(now.passageId, target);
  assert.ok(Math.abs(now.similarity - 1) < 1e-5);
});
