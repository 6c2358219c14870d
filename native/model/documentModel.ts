/** What structuring produces for one document, ready to store in one transaction. */

/**
 * Whether a page's text layer can be used: `none` (no text: a scan) and `garbage` (unmapped
 * glyphs, control characters, text that is not language) both need OCR.
 */
export type TextLayerQuality = 'ok' | 'none' | 'garbage';

export interface ComposedPage {
  number: number;
  width: number;
  height: number;
  /** Reading-order text: blocks separated by a blank line, lines by a newline. */
  text: string;
  /** Packed (charStart, charEnd, x, y, width, height) per text run; null for text files. */
  geometry: Float32Array | null;
  /** Default 'ok'. */
  textLayer?: TextLayerQuality;
  /** Share of the page's body words that reached a passage, in order and once; null or absent when not measured. */
  fidelity?: number | null;
  /** Tesseract's mean word confidence (0–1) when the page's text was recognised from its image; absent for a text layer. */
  ocrConfidence?: number;
}

/** A run of body text on one page: a block, or part of one. */
export interface Paragraph {
  page: number;
  charStart: number;
  charEnd: number;
  /** The page text of the range with newlines as spaces (same length, so offsets carry over). */
  text: string;
  fontSize: number;
  lineCount: number;
  /** Most of the paragraph's lines are bold. */
  bold?: boolean;
  /** One row of a table (cells apart on one line): never a heading. */
  tableRow?: boolean;
}

export interface SectionDraft {
  /** Index in the document's section list; parents come before children. */
  index: number;
  parent: number | null;
  level: number;
  title: string;
  page: number;
}

export interface PassageDraft {
  section: number | null;
  page: number;
  pageEnd: number;
  text: string;
  wordCount: number;
  spans: Array<{ page: number; charStart: number; charEnd: number }>;
}

export interface StructuredDocument {
  title: string;
  pages: ComposedPage[];
  sections: SectionDraft[];
  passages: PassageDraft[];
  /** Share of the document's body words that reached a passage; null or absent when not measured. */
  fidelity?: number | null;
  /** The author the file's metadata names (EPUB, DOCX, HTML); absent when it names none. */
  author?: string | null;
  /** What the import left out on purpose and the person should know (a DOCX's tracked changes and comments). */
  importNotes?: string[];
}
