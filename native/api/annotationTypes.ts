/**
 * What a person keeps while reading: annotations (highlights, underlines, notes, bookmarks, saved
 * answers) and reading progress, per user and document. Shared by the engine, the CLI and the
 * renderer; the commands that carry them are in `commands.ts` (`annotations:*`, `reading:*`).
 */
import type { AnswerMode, Citation, PageSpan, Rect } from './types.js';

/** The colours a highlight or underline may have; the first is the default. */
export const ANNOTATION_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type AnnotationColor = (typeof ANNOTATION_COLORS)[number];

/**
 * `highlight` and `underline` mark a text range; `note` is a note on a range or on a whole page;
 * `bookmark` marks a page; `answer` is an answer kept with its citations ("Save to notes").
 */
export const ANNOTATION_KINDS = ['highlight', 'underline', 'note', 'bookmark', 'answer'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

/**
 * Where an annotation lies: the page it starts on, its character ranges in the page texts
 * (`pages.text`, half-open, as in citations) and the text they held when it was made. After a
 * re-read the engine finds the quote again near the old range; an annotation whose quote is gone
 * is kept and marked `orphaned`. A page note or bookmark has no spans and an empty quote.
 */
export interface AnnotationAnchor {
  page: number;
  spans: PageSpan[];
  quote: string;
}

/** An answer kept as a note: the question, the answer and its citations as they were shown. */
export interface SavedAnswer {
  question: string;
  text: string;
  mode: AnswerMode | null;
  modelId: string | null;
  citations: Citation[];
}

export interface Annotation {
  id: string;
  documentId: string;
  user: string;
  kind: AnnotationKind;
  /** Highlights and underlines have a colour; other kinds null. */
  color: AnnotationColor | null;
  anchor: AnnotationAnchor;
  /** The person's note ('' when none). */
  note: string;
  /** Only for `answer`. */
  answer: SavedAnswer | null;
  /** Rectangles to draw, in PDF user space of their page; empty for text documents and page-level kinds. */
  rects: Array<Rect & { page: number }>;
  /** True when a re-read of the document no longer holds the quote; the annotation is kept, not drawn. */
  orphaned: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The version written into exported notes files; an import of a newer version is refused. */
export const NOTES_FORMAT_VERSION = 1;

/** A document's notes as exported to JSON (and read back by 'annotations:import'). */
export interface NotesFile {
  lectern: 'notes';
  version: number;
  document: { id: string; title: string; contentHash: string | null; pageCount: number };
  exportedAt: string;
  annotations: Annotation[];
}

/** Where a person is in a document, and how far they have got. */
export interface ReadingProgress {
  documentId: string;
  user: string;
  /** The page last shown (for a reflowable document: the chapter). */
  page: number;
  /** Where on that page or chapter, 0–1 from the top. */
  position: number;
  /** The furthest page reached. */
  furthestPage: number;
  /** Percent read, 0–100, from the furthest page (or chapter characters) reached. */
  percent: number;
  /** Spoiler-free mode: search, answers and suggestions see only pages up to `spoilerLimitPage`. */
  spoilerFree: boolean;
  /** The last page visible to the assistant while spoiler-free: a page the reader set, or else the furthest page reached. */
  spoilerLimitPage: number;
  updatedAt: string;
}
