import fs from 'node:fs/promises';
import path from 'node:path';
import { LecternError, toErrorInfo } from '../api/errors.js';
import type { IngestOutcome, IngestProgress } from '../api/types.js';
import type { DocumentEntities } from '../model/entityModel.js';
import { EXTRACTOR_VERSION, extractEntities, type EntityExtractor } from '../knowledge/entities/extractEntities.js';
import type { DocumentRepository } from '../store/DocumentRepository.js';
import { documentNeedsOcr } from './applyTextLayerQuality.js';
import { buildStructure, type PassageLimits } from './buildStructure.js';
import { checkFidelity, fidelityWarning, recordFidelity } from './checkFidelity.js';
import { composeTextPages } from './composeTextPages.js';
import type { StructuredDocument } from '../model/documentModel.js';
import type { LayoutPage } from './pageModel.js';
import type { PdfWorkerPool } from './PdfWorkerPool.js';
import { looksTruncated, readSourceFile, sharedPdfBytes, SUPPORTED_EXTENSIONS, type SourceFile } from './readSourceFile.js';
import { structurePdf } from './structurePdf.js';
import { isReflowable, readReflowable } from './reflow/readReflowable.js';

export interface IngestOptions {
  /** PDFs with more pages are refused. Default 5,000. */
  maxPages?: number;
  /** Larger files are refused. Default 1 GiB. */
  maxBytes?: number;
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
  passageLimits?: PassageLimits;
  /** Judge each page's text layer and measure fidelity. Default true; off only for bench:ingest to measure what the checks cost. */
  qualityChecks?: boolean;
  /**
   * Read each document's entities (defined terms, parties, names, topics) and store them in
   * its transaction. Default true; false leaves them to `knowledge:backfill` (the benchmark
   * measures ingest with and without); a function replaces the extractor.
   */
  extractEntities?: boolean | EntityExtractor;
  /** Told of problems that do not stop an import (text that did not reach passages, entities that could not be read); default console.warn. Each is also in the outcome's `warnings`. */
  onWarning?: (message: string) => void;
}

export const DEFAULT_MAX_PAGES = 5000;
export const DEFAULT_MAX_BYTES = 1024 ** 3;

/** Pages a worker reads in one go when a document is split across workers. */
const MIN_CHUNK_PAGES = 8;
/** Documents at least this long are split across workers even inside a batch. */
const SPLIT_MIN_PAGES = 256;

/**
 * Imports files and folders (recursively: .pdf, .txt, .md, .epub, .docx, .html) into the library.
 * Each document is committed on its own, in one transaction; a bad file gets an
 * outcome with an error and the rest of the batch goes on. Several files are
 * read at once so that every worker stays busy.
 */
export async function ingestFiles(repo: DocumentRepository, pool: PdfWorkerPool, inputs: readonly string[], options: IngestOptions = {}): Promise<IngestOutcome[]> {
  const files = await expandInputs(inputs);
  const outcomes = new Array<IngestOutcome>(files.length);
  const claimed = new Map<string, Promise<unknown>>(); // sha256 → the import of that content under way in this batch
  // Largest files first: a long document started last would leave one core reading it alone
  // while the other idles. The sort is stable and copies have the same size, so of two copies
  // the earlier in the batch still comes first.
  const order = files.map((_, index) => index).sort((a, b) => files[b]!.bytes - files[a]!.bytes);
  // Files claim their content in that order, so of two copies the earlier one is imported
  // and the later is its duplicate, however their reads interleave.
  const turns = files.map(() => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
  });
  let next = 0;
  let finished = 0;
  const worker = async () => {
    while (next < files.length) {
      const position = next++;
      const index = order[position]!;
      const turn = { previous: position > 0 ? turns[position - 1]!.promise : Promise.resolve(), done: turns[position]!.resolve };
      outcomes[index] = await ingestOne(repo, pool, files[index]!, { index, count: files.length, done: () => finished }, claimed, turn, options);
      finished++;
      turn.done();
    }
  };
  await Promise.all(Array.from({ length: Math.min(files.length, pool.size + 1) }, worker));
  return outcomes;
}

async function ingestOne(
  repo: DocumentRepository,
  pool: PdfWorkerPool,
  file: InputFile,
  batch: { index: number; count: number; done: () => number },
  claimed: Map<string, Promise<unknown>>,
  turn: { previous: Promise<void>; done: () => void },
  options: IngestOptions,
): Promise<IngestOutcome> {
  const failed = (error: unknown): IngestOutcome => {
    const info = toErrorInfo(error);
    return { id: null, path: file.path, title: null, status: info.code === 'CANCELLED' ? 'cancelled' : 'failed', pages: 0, passages: 0, error: info };
  };
  if (file.error) return failed(file.error);
  // Problems that do not stop the import: told as they happen, and kept in the outcome.
  const warnings: string[] = [];
  const note = (message: string) => {
    warnings.push(message);
    warn(options, message);
  };
  const progress = (stage: IngestProgress['stage'], pagesDone: number, pagesTotal: number) =>
    options.onProgress?.({ path: file.path, fileIndex: batch.index, fileCount: batch.count, filesDone: batch.done(), pagesDone, pagesTotal, stage });
  try {
    if (options.signal?.aborted) throw new LecternError('CANCELLED', 'Cancelled before this file was read.');
    progress('reading', 0, 0);
    let source: SourceFile;
    try {
      source = await readSourceFile(file.path, options.maxBytes ?? DEFAULT_MAX_BYTES);
    } finally {
      await turn.previous;
    }
    // The same content earlier in this batch: wait for it, then this copy is a duplicate of it.
    for (let pending = claimed.get(source.sha256); pending; pending = claimed.get(source.sha256)) await pending;
    const existing = repo.findIdBySha256(source.sha256);
    const summary = existing ? repo.summary(existing) : null;
    if (summary) {
      progress('done', summary.pages, summary.pages);
      return { id: summary.id, path: file.path, title: summary.title, status: 'duplicate', pages: summary.pages, passages: summary.passages };
    }
    let release!: () => void;
    claimed.set(source.sha256, new Promise<void>((resolve) => (release = resolve)));
    turn.done();
    try {
      const structured =
        source.format === 'pdf'
          ? await readPdf(pool, source, batch.count, options, progress)
          : isReflowable(source.format)
            ? await readReflowable({ ...source, format: source.format }, options.passageLimits)
            : readText(source);
      // A scan, or a text layer that is junk on every page: nothing worth searching until OCR.
      const hasText = !documentNeedsOcr(structured.pages, structured.passages.length);
      const lossy = fidelityWarning(file.path, structured);
      if (lossy) note(lossy);
      const entities = await readEntities(structured, hasText, file.path, options, note);
      if (options.signal?.aborted) throw new LecternError('CANCELLED', 'Cancelled.');
      progress('storing', structured.pages.length, structured.pages.length);
      const { summary: stored, duplicate } = repo.insert({
        sha256: source.sha256,
        sourcePath: path.resolve(file.path),
        format: source.format,
        bytes: source.size,
        status: hasText ? 'ingested' : 'needs-ocr',
        structured,
        entities,
        onEntitiesFailed: (error) =>
          note(`The entities of ${file.path} could not be stored (${(error as Error).message}); it was imported without them, and the next entity back-fill will read them again.`),
      });
      progress('done', stored.pages, stored.pages);
      return {
        id: stored.id,
        path: file.path,
        title: stored.title,
        status: duplicate ? 'duplicate' : stored.status,
        pages: stored.pages,
        passages: stored.passages,
        ...(warnings.length > 0 ? { warnings } : {}),
      };
    } finally {
      claimed.delete(source.sha256);
      release();
    }
  } catch (error) {
    return failed(error);
  }
}

/**
 * Reads one source file into its document and entities as an import does, without storing
 * anything: the re-read of documents stored by an older pipeline (reingestOutdated) uses it.
 */
export async function readDocument(
  pool: PdfWorkerPool,
  source: SourceFile,
  options: IngestOptions = {},
): Promise<{ structured: StructuredDocument; entities: DocumentEntities | null }> {
  const structured =
    source.format === 'pdf'
      ? await readPdf(pool, source, 1, options, () => {})
      : isReflowable(source.format)
        ? await readReflowable({ ...source, format: source.format }, options.passageLimits)
        : readText(source);
  const note = (message: string) => warn(options, message);
  const lossy = fidelityWarning(source.path, structured);
  if (lossy) note(lossy);
  return { structured, entities: await readEntities(structured, !documentNeedsOcr(structured.pages, structured.passages.length), source.path, options, note) };
}

/**
 * A document's entities, or null to leave them to back-fill: when switched off, or when
 * extraction fails, which must never cost the person their import.
 */
async function readEntities(
  structured: StructuredDocument,
  hasText: boolean,
  file: string,
  options: IngestOptions,
  note: (message: string) => void,
): Promise<DocumentEntities | null> {
  if (options.extractEntities === false) return null;
  // Nothing to read in a scan without text; recording it as read spares back-fill a visit.
  if (!hasText) return { version: EXTRACTOR_VERSION, entities: [] };
  const extract = typeof options.extractEntities === 'function' ? options.extractEntities : extractEntities;
  try {
    return await extract(structured);
  } catch (error) {
    note(`The entities of ${file} could not be read (${(error as Error).message}); it was imported without them, and the next entity back-fill will read them again.`);
    return null;
  }
}

function warn(options: IngestOptions, message: string): void {
  (options.onWarning ?? console.warn)(message);
}

async function readPdf(
  pool: PdfWorkerPool,
  source: SourceFile,
  fileCount: number,
  options: IngestOptions,
  progress: (stage: IngestProgress['stage'], done: number, total: number) => void,
): Promise<StructuredDocument> {
  if (looksTruncated(source.bytes)) {
    throw new LecternError(
      'TRUNCATED_PDF',
      'This PDF is incomplete: the file ends before the PDF does, as after an interrupted download or copy. Get a complete copy and import it again.',
    );
  }
  const shared = sharedPdfBytes(source.bytes);
  const key = `${source.sha256}:${source.path}`;
  try {
    // Splitting a document makes every worker that reads a part parse the whole file,
    // so only long documents (or a lone one) are split; in a batch, workers stay busy
    // by file, and a whole document is structured in its worker too.
    const read = await pool.read(
      key,
      shared,
      {
        file: source.path,
        maxPages: options.maxPages ?? DEFAULT_MAX_PAGES,
        splitFrom: fileCount === 1 && pool.size > 1 ? MIN_CHUNK_PAGES * 2 : SPLIT_MIN_PAGES,
        limits: options.passageLimits,
        qualityChecks: options.qualityChecks,
      },
      (done, total) => progress('extracting', done, total),
      options.signal,
    );
    if ('structured' in read) return read.structured;
    const info = read.opened;
    progress('extracting', 0, info.numPages);
    const pages = new Array<LayoutPage>(info.numPages);
    let done = 0;
    const chunk = Math.max(MIN_CHUNK_PAGES, Math.ceil(info.numPages / pool.size));
    const tasks: Array<Promise<void>> = [];
    for (let from = 1; from <= info.numPages; from += chunk) {
      const to = Math.min(info.numPages, from + chunk - 1);
      tasks.push(
        pool.pages(
          key,
          shared,
          from,
          to,
          (page) => {
            pages[page.number - 1] = page;
            progress('extracting', ++done, info.numPages);
          },
          options.signal,
        ),
      );
    }
    const results = await Promise.allSettled(tasks);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    progress('structuring', info.numPages, info.numPages);
    return structurePdf(pages, info.outline, info.title, source.path, options.passageLimits, options.qualityChecks);
  } finally {
    pool.close(key);
  }
}

function readText(source: SourceFile): StructuredDocument {
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(source.bytes);
  const markdown = source.format === 'md';
  const { pages, paragraphs, headings, firstHeading, gutenberg } = composeTextPages(decoded, markdown);
  const { sections, passages } = buildStructure({
    paragraphs,
    bodySize: 0,
    knownHeadings: markdown && headings.size > 0 ? headings : undefined,
  });
  const firstLine = paragraphs[0]?.text.trim() ?? '';
  const title = gutenberg?.title ?? firstHeading ?? (firstLine.length > 0 && firstLine.length <= 100 ? firstLine : path.basename(source.path, path.extname(source.path)));
  const structured: StructuredDocument = { title, pages, sections, passages };
  recordFidelity(structured, checkFidelity(pages, paragraphs, passages));
  return structured;
}

interface InputFile {
  path: string;
  /** Size on disk when known (0 otherwise): the import reads larger files first. */
  bytes: number;
  error?: LecternError;
}

/** Files named directly, and supported files found under named folders (hidden entries skipped), sorted. */
async function expandInputs(inputs: readonly string[]): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const input of inputs) {
    let stat;
    try {
      stat = await fs.stat(input);
    } catch {
      out.push({ path: input, bytes: 0, error: new LecternError('FILE_NOT_FOUND', `File not found: ${input}`) });
      continue;
    }
    if (!stat.isDirectory()) {
      out.push({ path: input, bytes: stat.size });
      continue;
    }
    const found: string[] = [];
    const walk = async (dir: string) => {
      for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
        if (entry.name.startsWith('.')) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (SUPPORTED_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) found.push(full);
      }
    };
    await walk(input);
    for (const file of found.sort()) out.push({ path: file, bytes: await fileSize(file) });
  }
  return out;
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await fs.stat(file)).size;
  } catch {
    return 0; // reading it reports what is wrong
  }
}
