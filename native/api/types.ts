/** Domain types shared by the engine, the CLI and the renderer. */
import type { ErrorInfo } from './errors.js';

/** `epub`, `docx` and `html` are reflowable: their "pages" are chapters (see docs/architecture.md, Locations). */
export type DocumentFormat = 'pdf' | 'txt' | 'md' | 'epub' | 'docx' | 'html';

/** What tells one file apart from another at the same path: a host that opens the file compares these before serving it. */
export interface SourceIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

/** `ingested`: searchable. `needs-ocr`: stored, but it has no text layer to read. */
export type DocumentStatus = 'ingested' | 'needs-ocr';

export interface DocumentSummary {
  id: string;
  title: string;
  path: string;
  format: DocumentFormat;
  pages: number;
  passages: number;
  bytes: number;
  status: DocumentStatus;
  addedAt: string;
  /** Pages whose text layer is missing or garbage and need OCR (all of them when status is 'needs-ocr'). */
  ocrPages: number;
  /** Share of the body words of the pages that reached a passage (0–1); null when not measured. */
  fidelity: number | null;
}

export interface SectionNode {
  id: number;
  title: string;
  level: number;
  page: number;
  children: SectionNode[];
}

export interface DocumentDetail extends DocumentSummary {
  sha256: string;
  sections: SectionNode[];
  /** The author the file's metadata names (EPUB, DOCX, HTML); null when none is known. */
  author: string | null;
  /** What the import left out on purpose, in plain words (a DOCX's tracked changes and comments); empty when nothing. */
  importNotes: string[];
  /** Pages read by OCR with a confidence under LOW_OCR_CONFIDENCE, ascending: their text may be wrong, so check them against the scan. Empty when none. */
  lowConfidencePages: number[];
}

/** A chapter of a reflowable document (EPUB, DOCX, HTML): page `number` of its location scheme. */
export interface ReflowChapterEntry {
  number: number;
  /** The table of contents' first entry on it, else its first line. */
  title: string;
  /** Characters of its text (pages.text), for progress by percent. */
  textLength: number;
}

/** One chapter of a reflowable document, as the reader shows it, with the book's chapter list. */
export interface ReflowChapter {
  documentId: string;
  chapter: number;
  /**
   * Sanitized HTML of the chapter (headings, paragraphs, lists, tables, figures' alt text; no style,
   * script, image or external link). Every block has `data-char-start`/`data-char-end`, its half-open
   * range in the chapter text, and holds exactly that text: a citation's range maps onto it.
   */
  html: string;
  chapters: ReflowChapterEntry[];
  /** 'source': structure read from the imported file; 'text': plain paragraphs of the stored text (the file is gone or changed, `notice` says). */
  structure: 'source' | 'text';
  notice: string | null;
}

/** A character range of one page's text (`pages.text`), half-open. */
export interface PageSpan {
  page: number;
  charStart: number;
  charEnd: number;
}

export interface Passage {
  id: number;
  documentId: string;
  sectionId: number | null;
  section: string | null;
  order: number;
  page: number;
  pageEnd: number;
  text: string;
  wordCount: number;
  /** Where the passage text lies in the page texts, in order; passage text joins these with spaces. */
  spans: PageSpan[];
}

/** A rectangle in PDF user space of the page (origin bottom-left, points). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A word OCR read, where it lies on its page (PDF user space from the visible box's lower-left corner). */
export interface OcrWord extends Rect {
  text: string;
}

export type IngestStatus = 'ingested' | 'duplicate' | 'failed' | 'needs-ocr' | 'cancelled';

export interface IngestOutcome {
  /** Pages OCR recognised during this import (absent when none were), and those of them read with low confidence. */
  ocr?: { pagesRecognised: number; lowConfidencePages: number[]; error?: { code: string; message: string } };
  id: string | null;
  path: string;
  title: string | null;
  status: IngestStatus;
  pages: number;
  passages: number;
  error?: ErrorInfo;
  /** Problems that did not stop the import (text that did not reach passages, entities not read); also told to `onWarning`. */
  warnings?: string[];
}

/** Emitted while a file is read; `pagesDone` grows from 0 to `pagesTotal`. */
export interface IngestProgress {
  path: string;
  /** The file's place in the batch as given (files are read largest first, so not in this order). */
  fileIndex: number;
  fileCount: number;
  /** Files of the batch finished so far. */
  filesDone: number;
  pagesDone: number;
  pagesTotal: number;
  stage: 'reading' | 'extracting' | 'structuring' | 'storing' | 'done';
}

/** Progress of re-reading documents stored by an older text pipeline ('library:reread'). */
export interface RereadProgress {
  /** Documents handled so far (re-read or skipped). */
  done: number;
  total: number;
  /** The document being read now; null at the start and the end. */
  documentId: string | null;
}

/** A document left as it was by a re-read, with why and what to do about it. */
export interface RereadSkip {
  id: string;
  title: string;
  path: string;
  /** `source-missing`: the file it was imported from is gone; `source-changed`: that file now holds other content; `failed`: it could not be read. */
  reason: 'source-missing' | 'source-changed' | 'failed';
  message: string;
}

export interface RereadResult {
  /** Documents whose text was replaced by a new reading. */
  documents: number;
  skipped: RereadSkip[];
  /** Stored citations of those documents found again in the new text, and those kept without a passage. */
  citations: { relocated: number; unlinked: number };
  /** Stopped before the end (a request of it was cancelled, or the library closed); 'library:reread' then rejects CANCELLED with this as `partial`. */
  cancelled: boolean;
}

/** 'library:rereadStatus': the re-read under way, else the last one since the library was opened. */
export interface RereadStatus {
  /** True while a re-read runs. */
  running: boolean;
  /** When that re-read started (ISO 8601); a window can remember which one a person dismissed. Null when none ran. */
  startedAt: string | null;
  /** Its latest progress; null when none ran. */
  progress: RereadProgress | null;
  /** Its result once it ended; null while it runs or when none ran. */
  result: RereadResult | null;
}

export interface SearchQuery {
  query: string;
  /** Restrict to these documents; all documents when empty or absent. */
  documentIds?: string[];
  /** Default 10, at most 200. */
  limit?: number;
  /** Which passages may be found (the engine sets it from the user's reading: spoiler-free pages, highlights); not part of any command's arguments. */
  passages?: PassageFilter;
}

/**
 * Passages a search or an answer may use: only those of `only` (when given), none of `exclude`.
 * Applied inside the ranking, so the top results are filled from allowed passages.
 */
export interface PassageFilter {
  only?: readonly number[];
  exclude?: readonly number[];
}

export interface SearchHit {
  documentId: string;
  documentTitle: string;
  passageId: number;
  page: number;
  pageEnd: number;
  section: string | null;
  text: string;
  /** A short excerpt around the best match. */
  snippet: string;
  /** Half-open character ranges of `snippet` holding matched words. */
  snippetMarks: Array<[number, number]>;
  /** Higher is better; comparable only within one result list. */
  score: number;
  /**
   * Set when nothing in scope matched the query (only stop words or punctuation, or words
   * found nowhere) and this hit is offered instead, as an overview of the scope: one of the
   * opening passages of a document (`opening`), or one of its passages that together hold the
   * most kinds of clause (`clauses`). Absent on real matches.
   */
  fallback?: 'opening' | 'clauses';
}

/** A GGUF model in the registry. */
export interface ModelRecord {
  /** First 12 hex digits of the file's sha256. */
  id: string;
  sha256: string;
  name: string;
  path: string;
  sourceUri: string | null;
  fileBytes: number;
  architecture: string;
  /** Parameter count when the metadata or tensor shapes tell it. */
  parameters: number | null;
  trainContextSize: number;
  chatTemplate: string | null;
  kind: 'chat' | 'embedding';
  addedAt: string;
  /** 'server': an OpenAI-compatible inference server (no file: `path` is empty, `sourceUri` its address); absent: a GGUF file. */
  backend?: 'local' | 'server';
  /** For a server: where it is and how it is reached. The key itself never leaves the secret store. */
  server?: { baseUrl: string; model: string | null; hasKey: boolean; insecureConfirmed: boolean; timeoutMs: number | null };
}

/** RoPE scaling as applied to a loaded model (or none). */
export interface RopeScaling {
  type: 'none' | 'yarn' | 'linear';
  factor: number;
  originalContextSize: number;
}

/** What `models inspect` reports: read from the GGUF metadata without loading the weights. */
export interface ModelInfo {
  architecture: string;
  parameters: number | null;
  trainContextSize: number;
  chatTemplate: string | null;
  ropeScaling: RopeScaling;
  layers: number | null;
  embeddingLength: number | null;
  headCount: number | null;
  headCountKv: number | null;
  fileBytes: number;
}

export type ContextScale = 1 | 2 | 4 | 8;

/** Memory a model needs at a context size, estimated before loading. */
export interface MemoryEstimate {
  contextSize: number;
  /** Bytes of RAM (CPU) or VRAM (GPU) the weights, KV cache and compute buffers need. */
  totalBytes: number;
  weightsBytes: number;
  contextBytes: number;
  /** Bytes free now. */
  availableBytes: number;
  fits: boolean;
}

export interface DownloadProgress {
  uri: string;
  receivedBytes: number;
  totalBytes: number | null;
  bytesPerSecond: number;
}

/** One `[Pn]` marker of an answer, resolved to the passage and the exact sentence that supports it. */
export interface Citation {
  marker: string;
  passageId: number | null;
  documentId: string | null;
  /** The page the quote starts on. */
  page: number | null;
  /** Verbatim text of the cited passage: the sentence that best supports the claim. */
  quote: string;
  /** The quote's range in the text of `page` (pages.text), half-open. */
  charStart: number | null;
  charEnd: number | null;
  /** False when no sentence of the passage supports the claim, or the marker names no passage in scope. */
  supported: boolean;
  /** The quote's ranges on every page it covers. */
  spans: PageSpan[];
  /** Rectangles to highlight, in PDF user space of their page (empty for text documents). */
  rects: Array<Rect & { page: number }>;
  /** Extractive answers only: the quote that answers, or one of the related passages after it. Absent in model answers and in stored conversations. */
  role?: 'answer' | 'related';
}

/** Where a quote lies in its passage's pages: 'library:locate' (a stored citation, a search hit). */
export interface QuoteLocation {
  /** The page the quote starts on. */
  page: number;
  /** The text located: the quote, or the whole passage when the quote was not found in it. */
  quote: string;
  /** The range in the text of `page`, half-open. */
  charStart: number | null;
  charEnd: number | null;
  spans: PageSpan[];
  /** Rectangles to highlight, in PDF user space of their page (empty for text documents). */
  rects: Array<Rect & { page: number }>;
  /** True when the quote was empty or not found and the location is the whole passage. */
  whole: boolean;
}

export type AnswerMode = 'full-context' | 'retrieval' | 'extractive';

export interface AskTimings {
  promptTokens: number;
  reusedTokens: number;
  evaluatedTokens: number;
  firstTokenMs: number | null;
  totalMs: number;
}

/** An answer; a stopped one is the `partial` of qa:ask's CANCELLED error (see CancelledPartials). */
export interface AskResult {
  answer: string;
  mode: AnswerMode;
  citations: Citation[];
  context: { size: number; trainSize: number; scale: number; ropeScaling: RopeScaling } | null;
  timings: AskTimings;
  conversationId: string;
  messageId: number;
  /** Where the answer was computed, for the Ask panel: 'on this computer' or 'on gpu-box.local'. */
  where?: string;
}

export interface PrereadSummary {
  mode: AnswerMode;
  promptTokens: number;
  reusedTokens: number;
  evaluatedTokens: number;
  stateBytes: number;
  demonstrations: number;
  ms: number;
}

export interface ConversationSummary {
  id: string;
  title: string;
  documentIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface ConversationMessage {
  id: number;
  role: 'user' | 'assistant';
  text: string;
  mode: AnswerMode | null;
  modelId: string | null;
  createdAt: string;
  citations: Citation[];
}

/** The model in use and the context it runs in. */
export interface LoadedModelInfo {
  model: ModelRecord;
  contextSize: number;
  trainContextSize: number;
  scale: ContextScale;
  ropeScaling: RopeScaling;
  chatWrapper: string;
  /** Where answers are computed: 'on this computer', or 'on gpu-box.local' for a server. */
  where?: string;
}
export * from './knowledgeTypes.js';
export * from './embeddingTypes.js';

/** Where OCR of a document stands; the payload of 'library:ocrProgress'. */
export interface OcrProgress {
  documentId: string;
  /** Pages read so far (recognised or reused), of `pagesTotal` pages to read. */
  pagesDone: number;
  pagesTotal: number;
  /** The page just read, and its confidence (0–1) when it was recognised. */
  page: number | null;
  confidence: number | null;
}

/** What 'library:ocr' did to one document. */
export interface OcrResult {
  documentId: string;
  lang: string;
  /** Pages recognised now, and pages whose recognition from an earlier, stopped run was kept. */
  pagesRecognised: number;
  pagesReused: number;
  /** Per recognised page, its mean word confidence (0–1). */
  confidence: Array<{ page: number; confidence: number }>;
  /** Pages whose confidence is below LOW_OCR_CONFIDENCE: their text may be wrong; check them against the scan. */
  lowConfidencePages: number[];
  /** The document after OCR (status 'ingested' once any page has text). */
  document: DocumentSummary;
}

/** Pages recognised with a mean word confidence below this are flagged to the reader. */
export const LOW_OCR_CONFIDENCE = 0.7;

/** An OCR language of the library: its tesseract code ('fra'), whether it ships with Lectern or was added from a .traineddata file, and its model's size on disk. */
export interface OcrLanguage {
  code: string;
  source: 'shipped' | 'added';
  bytes: number;
}

/** When an import runs OCR: on pages with no usable text layer (auto), never (off), or on every page (force). */
export type OcrMode = 'auto' | 'off' | 'force';
