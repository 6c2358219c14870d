import type { Database, Statement } from 'better-sqlite3';
import { LecternError } from '../api/errors.js';
import type { PassageFilter } from '../api/types.js';

/** A passage still to embed: its text with its section title, which says what the passage is about. */
export interface PassageToEmbed {
  id: number;
  text: string;
  section: string | null;
}

export interface VectorMatch {
  passageId: number;
  /** Cosine similarity to the query, in [-1, 1]. */
  similarity: number;
}

/**
 * Passage embedding vectors per model (`passage_vectors`, migration 0130), with exact cosine
 * search in JS. Vectors are stored at unit length, so cosine similarity is a dot product.
 *
 * Why no vector extension: sqlite-vec 0.1.9 loads here, but it is pre-1.0, ships one native file
 * per platform (to unpack from the app's archive), fixes one vector length per virtual table
 * (each model has its own) and its `vec0` tables also scan every vector for an exact search. A
 * library holds thousands to a few hundred thousand passages: an exact scan of one model's vectors
 * kept in memory takes 70–95 ms for 100,000 × 384 here (reading the BLOBs from SQLite each time
 * took 600+ ms), and milliseconds for a few thousand.
 */
export class VectorRepository {
  private readonly dimensionRow: Statement<[string], { dimension: number }>;
  private readonly insertVector: Statement<[string, Buffer, number]>;
  private readonly missingRows: Statement<[number, string, number], PassageToEmbed>;
  private readonly missingCount: Statement<[string], { n: number }>;
  private readonly storedCount: Statement<[string], { n: number }>;
  private readonly anyVector: Statement<[string], { one: number }>;
  private readonly allVectors: Statement<[string], { passage_id: number; vector: Buffer }>;
  private readonly scopedVectors: Statement<[string, string], { passage_id: number; vector: Buffer }>;
  private readonly matrixRows: Statement<[string], { passage_id: number; document_id: string; vector: Buffer }>;
  private readonly matrixVersionOf: Statement<[string], { version: number }>;
  private readonly matrixCountOf: Statement<[string], { n: number }>;
  /** One model's vectors in memory, with what they were read from; see matrixFor(). */
  private matrix: VectorMatrix | null = null;

  constructor(
    private readonly db: Database,
    /** Vectors kept in memory for search at most this many bytes (one model's); past it they are read from SQLite per search. */
    private readonly memoryBudget = DEFAULT_MATRIX_BUDGET,
  ) {
    this.matrixRows = db.prepare('SELECT v.passage_id, p.document_id, v.vector FROM passage_vectors v JOIN passages p ON p.id = v.passage_id WHERE v.model_id = ?');
    // Bumped by triggers on every change to the model's vectors (a removed document's vectors go by cascade, from any repository or connection).
    this.matrixVersionOf = db.prepare('SELECT version FROM passage_vector_versions WHERE model_id = ?');
    this.matrixCountOf = db.prepare('SELECT count(*) AS n FROM passage_vectors WHERE model_id = ?');
    this.dimensionRow = db.prepare('SELECT dimension FROM embedding_models WHERE model_id = ?');
    // A passage removed while its vector was computed is skipped, not an error: the SELECT finds nothing.
    this.insertVector = db.prepare('INSERT OR REPLACE INTO passage_vectors (model_id, passage_id, vector) SELECT ?, id, ? FROM passages WHERE id = ?');
    this.missingRows = db.prepare(`
      SELECT p.id, p.text, s.title AS section FROM passages p LEFT JOIN sections s ON s.id = p.section_id
      WHERE p.id > ? AND NOT EXISTS (SELECT 1 FROM passage_vectors v WHERE v.model_id = ? AND v.passage_id = p.id)
      ORDER BY p.id LIMIT ?`);
    this.missingCount = db.prepare('SELECT count(*) AS n FROM passages p WHERE NOT EXISTS (SELECT 1 FROM passage_vectors v WHERE v.model_id = ? AND v.passage_id = p.id)');
    this.storedCount = db.prepare('SELECT count(*) AS n FROM passage_vectors WHERE model_id = ?');
    this.anyVector = db.prepare('SELECT 1 AS one FROM passage_vectors WHERE model_id = ? LIMIT 1');
    this.allVectors = db.prepare('SELECT passage_id, vector FROM passage_vectors WHERE model_id = ?');
    this.scopedVectors = db.prepare(`
      SELECT v.passage_id, v.vector FROM passages p JOIN passage_vectors v ON v.model_id = ? AND v.passage_id = p.id
      WHERE p.document_id IN (SELECT value FROM json_each(?))`);
  }

  /** The vector length of a model's stored vectors; null when it has none. */
  dimensionOf(modelId: string): number | null {
    return this.dimensionRow.get(modelId)?.dimension ?? null;
  }

  /**
   * Makes `dimension` the length of the model's vectors. When it had vectors of another length
   * (its file was replaced under the same id), they are all dropped in the same transaction, so
   * no search ever mixes the two; returns how many were dropped.
   */
  reset(modelId: string, dimension: number): { dropped: number } {
    this.matrix = null;
    if (!Number.isInteger(dimension) || dimension <= 0) throw new LecternError('INVALID_ARGUMENT', `A vector length must be a positive whole number, not ${dimension}.`);
    return this.db.transaction(() => {
      const stored = this.dimensionOf(modelId);
      if (stored === dimension) return { dropped: 0 };
      const dropped = stored === null ? 0 : this.db.prepare('DELETE FROM passage_vectors WHERE model_id = ?').run(modelId).changes;
      this.db
        .prepare('INSERT INTO embedding_models (model_id, dimension) VALUES (?, ?) ON CONFLICT (model_id) DO UPDATE SET dimension = excluded.dimension')
        .run(modelId, dimension);
      return { dropped };
    })();
  }

  /** Forgets a model's vectors and their length. */
  drop(modelId: string): number {
    this.matrix = null;
    return this.db.transaction(() => {
      const dropped = this.db.prepare('DELETE FROM passage_vectors WHERE model_id = ?').run(modelId).changes;
      this.db.prepare('DELETE FROM embedding_models WHERE model_id = ?').run(modelId);
      return dropped;
    })();
  }

  /** Up to `limit` passages with no vector of this model, after passage id `afterId`, in id order. */
  missing(modelId: string, limit: number, afterId = 0): PassageToEmbed[] {
    return this.missingRows.all(afterId, modelId, limit);
  }

  /** Passages with no vector of this model. */
  countMissing(modelId: string): number {
    return this.missingCount.get(modelId)!.n;
  }

  /** Vectors stored for this model. */
  count(modelId: string): number {
    return this.storedCount.get(modelId)!.n;
  }

  /** Passages in the library, with a vector or not. */
  passageCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM passages').get() as { n: number }).n;
  }

  /** Whether any vector of this model is stored (without counting them). */
  has(modelId: string): boolean {
    return this.anyVector.get(modelId) !== undefined;
  }

  /**
   * Stores vectors in one transaction: all of them or none. Each must have the model's length
   * (set by `reset` first); they are stored at unit length. Passages removed meanwhile are skipped.
   */
  store(modelId: string, vectors: ReadonlyArray<{ passageId: number; vector: Float32Array }>): number {
    this.matrix = null;
    return this.db.transaction(() => {
      const dimension = this.dimensionOf(modelId);
      if (dimension === null) throw new LecternError('INTERNAL', `No vector length is set for model ${modelId}; call reset() first.`);
      let stored = 0;
      for (const { passageId, vector } of vectors) {
        if (vector.length !== dimension) {
          throw new LecternError(
            'EMBEDDING_DIMENSION_CHANGED',
            `Model ${modelId} gave a vector of ${vector.length} numbers where its stored vectors have ${dimension}. Nothing of this batch was stored.`,
          );
        }
        const unit = normalized(vector);
        stored += this.insertVector.run(modelId, Buffer.from(unit.buffer, unit.byteOffset, unit.byteLength), passageId).changes > 0 ? 1 : 0;
      }
      return stored;
    })();
  }

  /**
   * The `limit` passages most similar to `query` (cosine, exact: every stored vector of the model
   * in scope is compared), best first. `documentIds` empty or absent: the whole library.
   * Throws EMBEDDING_DIMENSION_CHANGED when the query's length is not the stored vectors'.
   */
  nearest(modelId: string, query: Float32Array, options: { documentIds?: readonly string[]; limit: number; passages?: PassageFilter }): VectorMatch[] {
    const dimension = this.dimensionOf(modelId);
    if (dimension === null || options.limit <= 0) return [];
    if (query.length !== dimension) {
      throw new LecternError(
        'EMBEDDING_DIMENSION_CHANGED',
        `The query vector has ${query.length} numbers but model ${modelId}'s stored vectors have ${dimension}. Rebuild the vectors.`,
      );
    }
    const q = normalized(query);
    const scope = (options.documentIds ?? []).length > 0 ? new Set(options.documentIds) : null;
    // Spoiler-free pages and "my highlights" bound the candidates themselves, so the top is filled from allowed passages.
    const only = options.passages?.only ? new Set(options.passages.only) : null;
    const excluded = options.passages?.exclude && options.passages.exclude.length > 0 ? new Set(options.passages.exclude) : null;
    const allowed = (id: number) => (!only || only.has(id)) && (!excluded || !excluded.has(id));
    const top = new TopMatches(options.limit);
    const matrix = this.matrixFor(modelId, dimension);
    if (matrix) {
      for (let row = 0; row < matrix.ids.length; row++) {
        if (scope && !scope.has(matrix.documents[row]!)) continue;
        if (!allowed(matrix.ids[row]!)) continue;
        top.offer(matrix.ids[row]!, dotAt(q, matrix.vectors, row * dimension));
      }
      return top.best();
    }
    const rows = scope ? this.scopedVectors.iterate(modelId, JSON.stringify([...scope])) : this.allVectors.iterate(modelId);
    for (const row of rows) if (allowed(row.passage_id)) top.offer(row.passage_id, dot(q, asFloats(row.vector)));
    return top.best();
  }

  /**
   * The model's vectors as one Float32Array, read once and kept while the set of stored vectors
   * is unchanged: a search then reads no BLOB (about 1 s for 100,000 × 384 from SQLite, tens of
   * milliseconds from memory). Null past the memory budget: those libraries scan SQLite.
   */
  private matrixFor(modelId: string, dimension: number): VectorMatrix | null {
    const version = this.matrixVersionOf.get(modelId)?.version ?? 0;
    const cached = this.matrix;
    if (cached && cached.modelId === modelId && cached.dimension === dimension && cached.version === version) return cached;
    this.matrix = null;
    const key = { n: this.matrixCountOf.get(modelId)!.n };
    if (key.n * dimension * 4 > this.memoryBudget) return null;
    const ids = new Int32Array(key.n);
    const documents = new Array<string>(key.n);
    const vectors = new Float32Array(key.n * dimension);
    let row = 0;
    for (const r of this.matrixRows.iterate(modelId)) {
      if (row >= key.n) break; // written meanwhile by another connection: the next search reads again
      ids[row] = r.passage_id;
      documents[row] = r.document_id;
      vectors.set(asFloats(r.vector), row * dimension);
      row++;
    }
    this.matrix = { modelId, dimension, version, ids: ids.subarray(0, row), documents, vectors };
    return this.matrix;
  }
}

/** Search reads one model's vectors from memory up to this size (256 MiB: about 170,000 vectors of 384 numbers). */
const DEFAULT_MATRIX_BUDGET = 256 * 1024 * 1024;

interface VectorMatrix {
  modelId: string;
  dimension: number;
  /** passage_vector_versions.version when read. */
  version: number;
  ids: Int32Array;
  documents: string[];
  /** Row r is vectors[r * dimension … (r + 1) * dimension), at unit length. */
  vectors: Float32Array;
}

/** The best `limit` matches offered, kept with a floor so most offers cost one comparison. */
class TopMatches {
  private readonly top: VectorMatch[] = [];
  private floor = -Infinity;

  constructor(private readonly limit: number) {}

  offer(passageId: number, similarity: number): void {
    if (this.top.length >= this.limit && similarity <= this.floor) return;
    this.top.push({ passageId, similarity });
    // A bounded min-heap would save a sort of `limit` items; `limit` is tens, the scan dominates.
    if (this.top.length > this.limit * 2) {
      this.top.sort(byBest);
      this.top.length = this.limit;
      this.floor = this.top[this.top.length - 1]!.similarity;
    }
  }

  best(): VectorMatch[] {
    this.top.sort(byBest);
    return this.top.slice(0, this.limit);
  }
}

function dotAt(q: Float32Array, vectors: Float32Array, offset: number): number {
  let sum = 0;
  for (let i = 0; i < q.length; i++) sum += q[i]! * vectors[offset + i]!;
  return sum;
}

function byBest(a: VectorMatch, b: VectorMatch): number {
  return b.similarity - a.similarity || a.passageId - b.passageId;
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** A BLOB as float32s, copied only when SQLite's buffer is not 4-byte aligned. */
function asFloats(blob: Buffer): Float32Array {
  if (blob.byteOffset % 4 === 0) return new Float32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4);
  return new Float32Array(Uint8Array.prototype.slice.call(blob).buffer);
}

/** The vector scaled to unit length (a zero vector stays zero: it matches nothing). */
function normalized(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  norm = Math.sqrt(norm);
  const out = new Float32Array(vector.length);
  if (norm === 0 || !Number.isFinite(norm)) return out;
  for (let i = 0; i < vector.length; i++) out[i] = vector[i]! / norm;
  return out;
}
