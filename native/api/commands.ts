/**
 * The engine's contract: one map of commands, each `(args) => Promise<result>`,
 * with a runtime schema for every argument object. Every transport (direct calls,
 * Electron IPC, WebSocket) validates with these schemas at its boundary.
 */
import { z } from 'zod';
import type {
  AskResult,
  Completion,
  DefinedTerm,
  DocumentEntity,
  ProfileExport,
  Suggestion,
  UserProfile,
  UserSummary,
  ConversationMessage,
  ConversationSummary,
  DocumentDetail,
  DocumentFormat,
  DocumentSummary,
  DownloadProgress,
  EmbeddingBuildResult,
  EmbeddingProgress,
  EmbeddingStatus,
  IngestOutcome,
  IngestProgress,
  LoadedModelInfo,
  MemoryEstimate,
  ModelInfo,
  OcrProgress,
  OcrWord,
  OcrLanguage,
  OcrResult,
  ModelRecord,
  Passage,
  QuoteLocation,
  PrereadSummary,
  ReflowChapter,
  RereadProgress,
  RereadResult,
  RereadStatus,
  SearchHit,
  SourceIdentity,
} from './types.js';
import type { ErrorCode } from './errors.js';
import { ANNOTATION_COLORS, ANNOTATION_KINDS, type Annotation, type ReadingProgress } from './annotationTypes.js';
import type { NeedleGrid, NeedleProgress } from './evalTypes.js';

const documentId = z.string().min(1).max(64);
const userName = z.string().trim().min(1).max(64);
const userEventType = z.enum(['open', 'read', 'search', 'question', 'click', 'highlight', 'shown', 'accept', 'dismiss']);
const contextScale = z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(8)]);

const pageNumber = z.number().int().min(1).max(1_000_000);
const pageSpan = z
  .object({ page: pageNumber, charStart: z.number().int().min(0), charEnd: z.number().int().min(0) })
  .refine((s) => s.charEnd >= s.charStart, 'a span ends at or after where it starts (charEnd >= charStart)');
const annotationColor = z.enum(ANNOTATION_COLORS);
const annotationKind = z.enum(ANNOTATION_KINDS);
/** `highlights`: only passages overlapping the user's highlights, underlines and notes on ranges ("Ask about my highlights"). */
const passageScope = z.enum(['all', 'highlights']);

const ocrLang = z.string().regex(/^[a-z]{3}(_[a-z]{3,4})?(\+[a-z]{3}(_[a-z]{3,4})?)*$/, 'tesseract language codes joined by +, like eng or eng+fra');

export const commandSchemas = {
  /** `ocr`: recognise pages with no usable text layer (auto, the default), never (off), or every page (force). */
  'library:ingest': z.object({
    paths: z.array(z.string().min(1)).min(1).max(10_000),
    requestId: z.string().max(64).optional(),
    ocr: z.enum(['auto', 'off', 'force']).optional(),
    ocrLang: ocrLang.optional(),
  }),
  'library:list': z.object({}),
  'library:get': z.object({ id: documentId }),
  /**
   * Where a document's original file is, once it is known to be the very file imported (same
   * bytes) and, for an upload, inside the library: for a host that serves the file itself (the
   * desktop app), which must open it and find the same identity before sending it.
   */
  'library:sourceFile': z.object({ id: documentId }),
  'library:passages': z.object({ id: documentId }),
  /** One chapter (page) of an EPUB, DOCX or HTML document as sanitized HTML, with the chapter list: the reflowable reader's view. */
  'library:chapter': z.object({ id: documentId, chapter: z.number().int().min(1).max(1_000_000) }),
  /** Where a quote lies in one of the document's passages (pages and rectangles); the whole passage when the quote is empty or not in it. */
  'library:locate': z.object({ id: documentId, passageId: z.number().int().nonnegative(), quote: z.string().max(20_000) }),
  'library:remove': z.object({ id: documentId }),
  /** The words OCR read on one page, with their rectangles: the reader's invisible text layer over a scan. Empty for a page not read by OCR. */
  'library:ocrWords': z.object({ id: documentId, page: z.number().int().min(1).max(1_000_000) }),
  /**
   * Reads again, from their files, the documents an older version of Lectern read, keeping their
   * ids, titles set by a person, conversations and profiles; reports 'library:rereadProgress'.
   * Joins the re-read under way, if any (the engine starts one when it opens a library): the
   * request then reports that re-read's progress and settles with it. Cancelling any request of a
   * re-read stops it after the document being read (every document stays either old or new).
   * `join`: only join; when none runs, resolve at once with the last re-read's result (or an
   * empty one) instead of starting one (the app's Stop).
   */
  'library:reread': z.object({ requestId: z.string().max(64).optional(), join: z.boolean().optional() }),
  /**
   * Where re-reading stands, for a window that opens (or reconnects) while it runs or after it
   * ended: the re-read under way, or else the last one since this library was opened; all null when none ran.
   */
  'library:rereadStatus': z.object({}),
  /** Gives a document a title of the person's choosing (trimmed, 1–300 characters); a re-read keeps it. */
  'library:rename': z.object({
    id: documentId,
    title: z.string().trim().min(1, 'a title needs at least one character besides spaces').max(300, 'a title has at most 300 characters'),
  }),
  /**
   * `user`: whose reading settings apply: pages past a spoiler-free document's limit are not
   * searched, and scope `highlights` searches only that user's highlighted passages (needs `user`).
   */
  'search:query': z.object({
    query: z.string().max(2000),
    documentIds: z.array(documentId).max(1000).optional(),
    limit: z.number().int().min(1).max(200).optional(),
    user: userName.optional(),
    scope: passageScope.optional(),
  }),
  /** `user` and `scope`: as for 'search:query' (spoiler-free pages are never read for the answer). */
  'qa:ask': z.object({
    question: z.string().max(4000, 'The question is over 4,000 characters. Ask something shorter, or select the passage and ask about it.'),
    documentIds: z.array(documentId).max(1000).optional(),
    conversationId: z.string().max(64).optional(),
    requestId: z.string().max(64).optional(),
    maxTokens: z.number().int().min(1).max(4096).optional(),
    user: userName.optional(),
    scope: passageScope.optional(),
    /** Passages to read before search's own ranking (an accepted suggestion's supporting passage), when in scope. */
    passageIds: z.array(z.number().int().positive()).max(20).optional(),
  }),
  'qa:preread': z.object({ documentIds: z.array(documentId).min(1).max(1000), requestId: z.string().max(64).optional() }),
  /** Whether each document's single-document reading state is saved for the loaded model and its settings. */
  'qa:prereadStatus': z.object({ documentIds: z.array(documentId).max(1000) }),
  'qa:conversations': z.object({ documentId }),
  'qa:messages': z.object({ conversationId: z.string().min(1).max(64) }),
  'kv:usage': z.object({}),
  'kv:clear': z.object({}),
  'kv:setBudget': z.object({ bytes: z.number().int().min(0) }),
  'models:list': z.object({}),
  /**
   * A path to a .gguf file, `hf:<owner>/<repo>/<file>.gguf`, or an https address. A cancelled
   * download keeps its `.part`, and adding the same URI again resumes it.
   */
  'models:add': z.object({ pathOrUri: z.string().min(1).max(4096), requestId: z.string().max(64).optional() }),
  'models:inspect': z.object({ idOrPath: z.string().min(1).max(4096) }),
  /**
   * Registers an OpenAI-compatible inference server as a chat model. A plain http:// address of
   * another machine needs `confirmedInsecure` (else CONFIRMATION_NEEDED). The key is kept in the
   * secret store, never in the library file; `models:load` checks the server.
   */
  'models:addServer': z.object({
    name: z.string().min(1).max(200),
    baseUrl: z.string().min(1).max(2048),
    model: z.string().min(1).max(512).optional(),
    apiKey: z.string().min(1).max(4096).optional(),
    confirmedInsecure: z.boolean().optional(),
    /** How long the server may stay silent before a request fails (SERVER_TIMEOUT); default 120. */
    timeoutSeconds: z.number().int().min(1).max(3600).optional(),
  }),
  'models:remove': z.object({ id: z.string().min(1).max(4096) }),
  'models:catalog': z.object({}),
  'models:load': z.object({ idOrPath: z.string().min(1).max(4096), contextScale: contextScale.optional() }),
  /** Memory a load at this context scale needs (trained context × scale) against free memory, before loading. */
  'models:estimate': z.object({ idOrPath: z.string().min(1).max(4096), contextScale }),
  'models:unload': z.object({}),
  'models:loaded': z.object({}),
  'app:info': z.object({}),
  /** Threads for the language model, kept in the library; null restores the default (all cores). */
  'app:setThreads': z.object({ threads: z.number().int().min(1).max(256).nullable() }),
  /** The library folder to open from the next start on (an absolute path); null goes back to the default. */
  /** `confirmed`: the person confirmed a folder web mode was not started with (web mode refuses one otherwise with CONFIRMATION_NEEDED). */
  'app:setLibraryDir': z.object({ libraryDir: z.string().min(1).max(4096).nullable(), confirmed: z.boolean().optional() }),
  /**
   * Closes this library and opens another now (an absolute path; created if missing), and opens it
   * from the next start on too. Only where the host can switch (web mode, the desktop app): the
   * command line says INVALID_ARGUMENT. Imports and answers under way in the old library stop.
   */
  'app:openLibrary': z.object({ libraryDir: z.string().min(1).max(4096), confirmed: z.boolean().optional() }),
  /** The terms a document defines, with definitions and uses. */
  'knowledge:terms': z.object({ documentId }),
  /** A document's entities (or those of one page), most salient first. */
  'knowledge:entities': z.object({ documentId, page: z.number().int().min(1).optional(), limit: z.number().int().min(1).max(500).optional() }),
  /** Extracts entities for documents stored before extraction existed (or by an older extractor); reports 'knowledge:backfillProgress'. */
  'knowledge:backfill': z.object({ requestId: z.string().max(64).optional() }),
  'users:list': z.object({}),
  'users:create': z.object({ name: userName }),
  /**
   * Deletes a user with their events, aggregates and feedback, and their annotations and reading progress; nothing else.
   * `default` is kept with its profile cleared (its annotations and reading progress stay).
   */
  'users:delete': z.object({ user: userName }),
  'profile:get': z.object({ user: userName, limit: z.number().int().min(1).max(200).optional() }),
  'profile:export': z.object({ user: userName }),
  /** Removes an entity from the profile and stops learning it again. */
  'profile:forget': z.object({ user: userName, entityId: z.number().int().min(1) }),
  'profile:setLearning': z.object({ user: userName, paused: z.boolean() }),
  'profile:setRetention': z.object({ user: userName, days: z.number().int().min(1).max(3650) }),
  /**
   * Records what a person did. `text`: the search, question or highlighted text; `dwellMs`: time on a
   * page ('read'); `suggestionKey`: the suggestion shown, accepted or dismissed; `passageId`: the cited passage ('click').
   */
  'events:record': z.object({
    user: userName,
    type: userEventType,
    documentId: documentId.optional(),
    page: z.number().int().min(1).optional(),
    text: z.string().max(4000).optional(),
    dwellMs: z.number().int().min(0).max(86_400_000).optional(),
    suggestionKey: z.string().min(1).max(128).optional(),
    passageId: z.number().int().min(1).optional(),
  }),
  /**
   * 3–6 suggested questions for a context: the library (no document), a document, a page or section
   * of it, or a selection. `recordShown` records a 'shown' event for each (the app does; scripts need not).
   */
  'suggest:get': z.object({
    user: userName,
    documentId: documentId.optional(),
    page: z.number().int().min(1).optional(),
    sectionId: z.number().int().min(1).optional(),
    selection: z.string().max(4000).optional(),
    limit: z.number().int().min(1).max(6).optional(),
    recordShown: z.boolean().optional(),
    /** `templates`: at once, without the model; `model` (default): the loaded chat model words them when it can in time. */
    wording: z.enum(['templates', 'model']).optional(),
  }),
  /** Search-box completions for what has been typed, ranked by the user's profile. */
  'suggest:autocomplete': z.object({ user: userName, prefix: z.string().max(200), documentId: documentId.optional(), limit: z.number().int().min(1).max(20).optional() }),
  /** The library's embedding model, its vector length and how many passages have a vector. */
  'embeddings:status': z.object({}),
  /**
   * Chooses the library's embedding model (id, id prefix or path of a GGUF embedding model; a path is
   * registered first) at a context scale (YaRN, as for chat models), or none (null: search by words
   * alone). Its passages are embedded in the background ('embeddings:progress').
   */
  'embeddings:use': z.object({ idOrPath: z.string().min(1).max(4096).nullable(), contextScale: contextScale.optional() }),
  /** Embeds the passages that have no vector of the embedding model yet, now; reports 'embeddings:progress'. */
  'embeddings:build': z.object({ requestId: z.string().max(64).optional() }),
  /**
   * Recognises a PDF's scanned pages (no usable text layer) and replaces its text with what was
   * read; `pages` reads those again; `lang` (default: the document's last, else eng). Pages read
   * are kept as they come, so a stopped run resumes. Cancelled by its signal or request id.
   */
  'library:ocr': z.object({
    documentId,
    lang: ocrLang.optional(),
    pages: z.array(z.number().int().min(1)).min(1).max(100_000).optional(),
    force: z.boolean().optional(),
    requestId: z.string().max(64).optional(),
  }),
  /**
   * A user's annotations, by page then position: of one document or of all, of one kind or colour,
   * and `query`: words that the quote or the note must hold (case-insensitive). Default limit 10,000.
   */
  'annotations:list': z.object({
    user: userName,
    documentId: documentId.optional(),
    kind: annotationKind.optional(),
    color: annotationColor.optional(),
    query: z.string().max(500).optional(),
    limit: z.number().int().min(1).max(100_000).optional(),
  }),
  /**
   * Marks a range (highlight, underline, note on a range) or a page (note, bookmark: no spans, empty quote).
   * `spans` are ranges of the page texts (pages.text, half-open); `quote` the text they hold. Overlapping annotations are all kept.
   */
  'annotations:create': z.object({
    user: userName,
    documentId,
    kind: annotationKind.exclude(['answer']),
    color: annotationColor.optional(),
    anchor: z.object({ page: pageNumber, spans: z.array(pageSpan).max(1000), quote: z.string().max(100_000) }),
    note: z.string().max(100_000).optional(),
  }),
  /** Changes an annotation's colour, note or kind (between highlight, underline and note). */
  'annotations:update': z.object({
    user: userName,
    id: z.string().min(1).max(64),
    color: annotationColor.optional(),
    note: z.string().max(100_000).optional(),
    kind: z.enum(['highlight', 'underline', 'note']).optional(),
  }),
  /** Deletes an annotation and returns it (so it can be undone by creating it again). */
  'annotations:delete': z.object({ user: userName, id: z.string().min(1).max(64) }),
  /** Keeps an answer of a conversation as notes: one 'answer' annotation per document it cites (or the conversation's document), anchored to the cited passages. */
  'annotations:saveAnswer': z.object({ user: userName, conversationId: z.string().min(1).max(64), messageId: z.number().int().min(1) }),
  /** A document's annotations and saved answers as Markdown (quotes, notes, page links) or as a JSON notes file ('annotations:import' reads it). */
  'annotations:export': z.object({ user: userName, documentId, format: z.enum(['md', 'json']) }),
  /**
   * Reads a JSON notes file ('annotations:export' with format json) into the user's annotations of
   * its document, or of `documentId` when given (a file of another document, or of a copy). All or nothing.
   */
  'annotations:import': z.object({ user: userName, content: z.string().max(200_000_000), documentId: documentId.optional() }),
  /**
   * Writes a copy of a PDF with the user's highlights, underlines and notes as standard PDF
   * annotations; the original file is never changed. Default `targetPath`: `<library>/exports/<title> (annotated).pdf`.
   */
  'annotations:annotatedCopy': z.object({ user: userName, documentId, targetPath: z.string().min(1).max(4096).optional() }),
  /** Where the user was in a document; null when they never opened it. */
  'reading:get': z.object({ user: userName, documentId }),
  /**
   * Records where the user is: `page` (a chapter in a reflowable document) and `position` (0–1
   * down it). The furthest page only grows. `percent`: for a reflowable document, the reader's
   * own measure; for a PDF the engine computes it from the furthest page.
   */
  'reading:set': z.object({
    user: userName,
    documentId,
    page: pageNumber,
    position: z.number().min(0).max(1),
    percent: z.number().min(0).max(100).optional(),
  }),
  /** The user's documents in progress, most recently read first ("continue reading", percent read in the library). Default limit 100. */
  'reading:list': z.object({ user: userName, limit: z.number().int().min(1).max(10_000).optional() }),
  /**
   * Spoiler-free mode: search, answers and suggestions of this user see only the document's pages
   * up to `limitPage` (null or absent: the furthest page reached, following it as they read on).
   */
  'reading:setSpoilerFree': z.object({ user: userName, documentId, spoilerFree: z.boolean(), limitPage: pageNumber.nullable().optional() }),
  /** Languages OCR can use in this library (English ships with the app). */
  'ocr:languages': z.object({}),
  /**
   * How far a model really reads (a needle-in-a-haystack grid): made-up facts placed at `depths`
   * (percent, default 0, 10, …, 100) of the document's text cut to `lengths` tokens (default: an
   * eighth, a quarter, half and all of what fits), and whether the model finds each. `modelId`
   * (default: the loaded model) at `contextScale` (default: the loaded scale, else 1) is loaded for
   * the check, and the model loaded before is loaded again after it. Nothing is stored in the
   * library; reports 'eval:progress'; cancelled, it rejects CANCELLED with the grid so far.
   */
  'eval:needles': z.object({
    documentId,
    modelId: z.string().min(1).max(4096).optional(),
    contextScale: contextScale.optional(),
    lengths: z.array(z.number().int().min(64).max(10_000_000)).min(1).max(16).optional(),
    depths: z.array(z.number().min(0).max(100)).min(1).max(21).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31)
      .optional(),
    requestId: z.string().max(64).optional(),
  }),
  /** Adds an OCR language from a tesseract `.traineddata` file named after its code (fra.traineddata). From a browser, only a file it uploaded. */
  'ocr:addLanguage': z.object({ path: z.string().min(1).max(4096) }),
  /** Removes an added OCR language (English ships with the app and stays). */
  'ocr:removeLanguage': z.object({ language: z.string().regex(/^[a-z]{3}(_[a-z]{3,4})?$/, 'a tesseract language code, like fra or chi_sim') }),
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandArgs<C extends CommandName> = z.infer<(typeof commandSchemas)[C]>;

export interface CommandResults {
  'library:ingest': { documents: IngestOutcome[] };
  'library:list': { documents: DocumentSummary[] };
  'library:get': DocumentDetail;
  'library:sourceFile': { path: string; format: DocumentFormat; identity: SourceIdentity };
  'library:passages': { passages: Passage[] };
  'library:chapter': ReflowChapter;
  /** Null when the passage is not the document's (removed, or read again under new ids). */
  'library:locate': { location: QuoteLocation | null };
  'library:remove': { removed: string };
  'library:ocrWords': { page: number; words: OcrWord[] };
  'library:reread': RereadResult;
  'library:rereadStatus': RereadStatus;
  'library:rename': { document: DocumentSummary };
  'search:query': { results: SearchHit[] };
  'qa:ask': AskResult;
  'qa:preread': PrereadSummary;
  'qa:prereadStatus': { statuses: PrereadStatus[] };
  'qa:conversations': { conversations: ConversationSummary[] };
  'qa:messages': { messages: ConversationMessage[] };
  'kv:usage': { files: number; bytes: number; budgetBytes: number };
  'kv:clear': { freedBytes: number };
  'kv:setBudget': { files: number; bytes: number; budgetBytes: number };
  'models:list': { models: ModelRecord[] };
  /** `duplicate`: the same file was already registered; `model` is that record. */
  'models:add': { model: ModelRecord; duplicate: boolean };
  'models:inspect': ModelInfo & { name: string | null; kind: ModelRecord['kind'] };
  'models:addServer': { model: ModelRecord };
  /** `deletedFile`: the file was a download in the library's models folder; a user's own file is never deleted. */
  'models:remove': { removed: string; deletedFile: boolean };
  'models:catalog': { models: CatalogModel[] };
  'models:load': LoadedModelInfo;
  'models:unload': { unloaded: boolean };
  'models:estimate': MemoryEstimate;
  'models:loaded': { model: LoadedModelInfo | null };
  'app:info': AppInfo;
  'app:setThreads': AppInfo;
  'app:setLibraryDir': AppInfo & { nextLibraryDir: string };
  /** The new library's info. */
  'app:openLibrary': AppInfo;
  'knowledge:terms': { terms: DefinedTerm[] };
  'knowledge:entities': { entities: DocumentEntity[] };
  'knowledge:backfill': { documents: number; entities: number };
  'users:list': { users: UserSummary[] };
  'users:create': { user: UserSummary };
  'users:delete': { deleted: string; events: number; entities: number };
  'profile:get': UserProfile;
  'profile:export': ProfileExport;
  'profile:forget': UserProfile;
  'profile:setLearning': UserProfile;
  'profile:setRetention': UserProfile;
  /** `recorded` is false while the user's learning is paused; `entities`: how many entities the event touched. */
  'events:record': { recorded: boolean; entities: number };
  /** `modelLoaded`: a chat model could word them (ask again with `wording: 'model'` after showing templates). */
  'suggest:get': { suggestions: Suggestion[]; modelLoaded: boolean };
  'suggest:autocomplete': { completions: Completion[] };
  'embeddings:status': EmbeddingStatus;
  'embeddings:use': EmbeddingStatus;
  'embeddings:build': EmbeddingBuildResult;
  'library:ocr': OcrResult;
  /** `languages`: their codes; `installed`: each with its source and size. */
  'ocr:languages': { languages: string[]; installed: OcrLanguage[] };
  'ocr:addLanguage': { language: string; languages: string[]; installed: OcrLanguage[] };
  'ocr:removeLanguage': { languages: string[]; installed: OcrLanguage[] };
  'annotations:list': { annotations: Annotation[] };
  'annotations:create': { annotation: Annotation };
  'annotations:update': { annotation: Annotation };
  'annotations:delete': { annotation: Annotation };
  'annotations:saveAnswer': { annotations: Annotation[] };
  /** `fileName`: a name to save it under (the title, made safe for file systems, with .md or .json). */
  'annotations:export': { fileName: string; content: string };
  'annotations:import': { imported: number; documentId: string };
  'annotations:annotatedCopy': { path: string };
  'reading:get': { progress: ReadingProgress | null };
  'reading:set': { progress: ReadingProgress };
  'reading:list': { progress: ReadingProgress[] };
  'reading:setSpoilerFree': { progress: ReadingProgress };
  'eval:needles': NeedleGrid;
}

/**
 * What a cancelled command had done when it stopped: the `partial` of its CANCELLED error,
 * shaped as its result. `qa:ask`: the answer written so far, kept in the conversation;
 * `library:ingest`: every file's outcome, the files not read `cancelled`; `library:reread`: what
 * it re-read (`cancelled: true`); `knowledge:backfill`: the documents done (they keep their
 * entities); `eval:needles`: the grid's cells done (`complete: false`). Other commands stop with nothing to show. See cancelledPartial().
 */
export type CancelledPartials = Pick<CommandResults, 'qa:ask' | 'library:ingest' | 'library:reread' | 'knowledge:backfill' | 'eval:needles'>;

/** The work a cancelled `command` had done (see CancelledPartials); undefined for any other error, or when there is none. */
export function cancelledPartial<C extends keyof CancelledPartials>(error: unknown, _command: C): CancelledPartials[C] | undefined {
  const e = error as { code?: unknown; partial?: unknown } | null;
  return e?.code === 'CANCELLED' && e.partial !== undefined ? (e.partial as CancelledPartials[C]) : undefined;
}

/**
 * `no-model`: no model is loaded; `read`: a saved reading state of that document alone exists
 * for the loaded model at its current settings; `not-read`: none.
 */
export interface PrereadStatus {
  documentId: string;
  state: 'no-model' | 'not-read' | 'read';
}

/** Where the engine keeps its files, and how it runs. */
export interface AppInfo {
  libraryDir: string;
  modelsDir: string;
  /** CPU threads the language model uses. */
  threads: number;
  /** Lectern's version (package.json). */
  version: string;
}

/** A recommended model from the catalog shipped with the app (resources/models.json). */
export interface CatalogModel {
  id: string;
  name: string;
  /** `hf:<owner>/<repo>/<file>.gguf`; pass it to 'models:add'. */
  uri: string;
  /** Approximate download size. */
  sizeBytes: number;
  /** As the publisher states it, e.g. "1.5B". */
  parameters: string;
  trainContextSize: number;
  license: string;
  kind: 'chat' | 'embedding';
  description: string;
}

/** Events the engine emits; streamed payloads carry the request id they belong to. */
export interface EngineEvents {
  'library:ingestProgress': IngestProgress & { requestId?: string };
  'library:changed': { documentIds: string[] };
  'library:rereadProgress': RereadProgress & { requestId?: string };
  /** A page of a document was recognised (or found recognised before), by 'library:ocr' or an import with OCR: the request id is that command's. */
  'library:ocrProgress': OcrProgress & { requestId?: string };
  /** A re-read ended (read to the end, or stopped): what it did, with what it left alone. */
  'library:rereadFinished': RereadResult & { requestId?: string; startedAt: string };
  /** A piece of answer text, in order, for the request that asked. */
  'qa:answerDelta': { requestId?: string; delta: string };
  'qa:prereadProgress': { requestId?: string; stage: string };
  /** A saved reading state could not be used (damaged, or outside the library) and was deleted; the document is read again. Not an error. */
  'qa:stateDiscarded': { code: ErrorCode; message: string };
  'models:downloadProgress': DownloadProgress & { requestId?: string };
  'knowledge:backfillProgress': { requestId?: string; done: number; total: number };
  /** Another library was opened ('app:openLibrary'): every screen's data is stale. */
  'app:libraryOpened': { libraryDir: string };
  /** A user's profile changed (an event was learnt, an entity forgotten, learning paused): suggestions may be stale. */
  'profile:changed': { user: string };
  /** Passages embedded so far by a run of the embedding model (a background run has no request id). */
  'embeddings:progress': EmbeddingProgress & { requestId?: string };
  /** The embedding model's vectors changed length (its file was replaced): its old vectors were dropped and are being rebuilt. */
  'embeddings:dimensionChanged': { modelId: string; code: 'EMBEDDING_DIMENSION_CHANGED'; message: string };
  /** A user's annotations of a document changed (created, updated, deleted, imported, or re-anchored by a re-read: then `user` is '*'). */
  'annotations:changed': { user: string; documentId: string };
  /** A cell of an 'eval:needles' grid was checked. */
  'eval:progress': NeedleProgress & { requestId?: string };
}

export type Commands = { [C in CommandName]: (args: CommandArgs<C>) => Promise<CommandResults[C]> };
