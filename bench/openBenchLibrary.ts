import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { LIBRARY_FILE, openLibraryDatabase } from '../native/store/openLibraryDatabase.js';
import { generateSyntheticDocument } from './generateSyntheticDocument.js';
import type { SyntheticVocabulary } from './SyntheticVocabulary.js';

/** Everything that decides the library's content; a cached library is reused only when all of it matches. */
export interface BenchLibraryParams {
  documents: number;
  passagesPerDocument: number;
  seed: number;
  vocabularySize: number;
  /** Bumped whenever the generator changes what it writes. */
  generatorVersion: number;
}

export interface BenchLibraryState {
  params: BenchLibraryParams;
  passages: number;
  buildMs: { rows: number; index: number; total: number };
  /** Set once `optimize` merged the FTS5 index into one segment. */
  optimizeMs: number | null;
  fileBytes: number;
}

export interface BenchLibrary {
  db: Database;
  state: BenchLibraryState;
  /** False when the library came from the cache. */
  built: boolean;
}

const STATE_FILE = 'bench-library.json';
const DOCUMENTS_PER_TRANSACTION = 50;

/**
 * Opens the synthetic library in `dir`, building it first unless a complete one with
 * the same parameters is already there. Rows go in with plain SQL in large
 * transactions, and the FTS5 index is fed the way DocumentRepository feeds it: from
 * `passage_search_source`, one contiguous passage-id range at a time.
 *
 * `optimize` merges the index into one segment, as a library would on idle; without
 * it the index keeps the segments that automerge left, as right after an import.
 */
export function openBenchLibrary(
  dir: string,
  params: BenchLibraryParams,
  vocabulary: SyntheticVocabulary,
  options: { optimize: boolean; log: (line: string) => void },
): BenchLibrary {
  const statePath = path.join(dir, STATE_FILE);
  let state = readState(statePath);
  const reusable = state !== null && sameParams(state.params, params) && (options.optimize || state.optimizeMs === null);
  let built = false;
  if (!reusable) {
    if (state !== null) options.log(`cached library in ${dir} has other parameters or is optimized; rebuilding`);
    fs.rmSync(dir, { recursive: true, force: true });
    state = build(dir, params, vocabulary, options.log);
    fs.writeFileSync(statePath, JSON.stringify(state, null, 2));
    built = true;
  }
  const db = openLibraryDatabase(dir);
  if (options.optimize && state!.optimizeMs === null) {
    options.log('optimizing the FTS5 index (merging all segments into one)…');
    const start = performance.now();
    db.prepare(`INSERT INTO passage_search (passage_search) VALUES ('optimize')`).run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    state = { ...state!, optimizeMs: performance.now() - start, fileBytes: fs.statSync(path.join(dir, LIBRARY_FILE)).size };
    fs.writeFileSync(statePath, JSON.stringify(state, null, 2));
  }
  return { db, state: state!, built };
}

function build(dir: string, params: BenchLibraryParams, vocabulary: SyntheticVocabulary, log: (line: string) => void): BenchLibraryState {
  const db = openLibraryDatabase(dir);
  // Bulk-load settings; a crash only costs a rebuild, since the state file is written last.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1048576');
  const insertDocument = db.prepare(
    `INSERT INTO documents (id, sha256, title, source_path, format, pages, bytes, status, added_at) VALUES (?, ?, ?, ?, 'pdf', ?, ?, 'ingested', ?)`,
  );
  // Search never reads page text, so pages are stored without it (a gigabyte less to write).
  const insertPage = db.prepare(`INSERT INTO pages (document_id, number, width, height, text, geometry) VALUES (?, ?, 612, 792, '', NULL)`);
  const insertSection = db.prepare('INSERT INTO sections (document_id, parent_id, level, title, page, ord) VALUES (?, ?, ?, ?, ?, ?)');
  const insertPassage = db.prepare('INSERT INTO passages (document_id, section_id, ord, page_start, page_end, text, word_count) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const indexRange = db.prepare('INSERT INTO passage_search (rowid, section_title, text) SELECT id, section_title, text FROM passage_search_source WHERE id BETWEEN ? AND ?');
  const addedAt = Date.UTC(2024, 0, 1);

  let rowsMs = 0;
  let indexMs = 0;
  let passages = 0;
  const start = performance.now();
  let lastReport = start;
  for (let first = 0; first < params.documents; first += DOCUMENTS_PER_TRANSACTION) {
    const last = Math.min(params.documents, first + DOCUMENTS_PER_TRANSACTION);
    db.transaction(() => {
      const rowsStart = performance.now();
      let firstPassage = 0;
      let lastPassage = 0;
      for (let i = first; i < last; i++) {
        const doc = generateSyntheticDocument(vocabulary, params.seed, i, params.passagesPerDocument);
        const sha256 = createHash('sha256').update(`lectern-search-bench:${params.seed}:${i}`).digest('hex');
        const id = sha256.slice(0, 12);
        const bytes = doc.passages.reduce((n, p) => n + p.text.length, 0);
        insertDocument.run(id, sha256, doc.title, `/bench/${id}.pdf`, doc.pages, bytes, new Date(addedAt + i * 60_000).toISOString());
        for (let n = 1; n <= doc.pages; n++) insertPage.run(id, n);
        const sectionIds: number[] = [];
        doc.sections.forEach((s, ord) => {
          sectionIds.push(Number(insertSection.run(id, s.parent === null ? null : sectionIds[s.parent]!, s.level, s.title, s.page, ord).lastInsertRowid));
        });
        doc.passages.forEach((p, ord) => {
          const passageId = Number(insertPassage.run(id, p.section === null ? null : sectionIds[p.section]!, ord, p.page, p.pageEnd, p.text, p.wordCount).lastInsertRowid);
          if (firstPassage === 0) firstPassage = passageId;
          lastPassage = passageId;
        });
        passages += doc.passages.length;
      }
      const indexStart = performance.now();
      rowsMs += indexStart - rowsStart;
      if (firstPassage > 0) indexRange.run(firstPassage, lastPassage);
      indexMs += performance.now() - indexStart;
    })();
    const now = performance.now();
    if (now - lastReport > 15_000 || last === params.documents) {
      lastReport = now;
      const done = last / params.documents;
      const eta = ((now - start) / done - (now - start)) / 1000;
      log(`  built ${last}/${params.documents} documents (${passages} passages), ${((now - start) / 1000).toFixed(0)} s, about ${eta.toFixed(0)} s left`);
    }
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  const total = performance.now() - start;
  db.close();
  return {
    params,
    passages,
    buildMs: { rows: rowsMs, index: indexMs, total },
    optimizeMs: null,
    fileBytes: fs.statSync(path.join(dir, LIBRARY_FILE)).size,
  };
}

function readState(file: string): BenchLibraryState | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as BenchLibraryState;
  } catch {
    return null;
  }
}

function sameParams(a: BenchLibraryParams, b: BenchLibraryParams): boolean {
  return (Object.keys(b) as Array<keyof BenchLibraryParams>).every((k) => a[k] === b[k]);
}
