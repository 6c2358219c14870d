/**
 * The intermediate page model that PDF extraction produces and the structuring
 * steps consume. Coordinates are PDF user space: points, origin bottom-left.
 */

/** One run of text as pdf.js reports it, already positioned. */
export interface TextRun {
  str: string;
  x: number;
  /** Baseline. */
  y: number;
  width: number;
  fontSize: number;
  fontName: string;
}

/** Runs on one baseline in one block, left to right. */
export interface LayoutLine {
  runs: TextRun[];
  /** For each run, the half-open range of `text` it produced (empty for pure whitespace). */
  runSpans: Array<[number, number]>;
  x: number;
  y: number;
  width: number;
  fontSize: number;
  /** Whitespace collapsed, words spaced, no leading or trailing space. */
  text: string;
}

/** Lines that belong together (a paragraph, a heading, a table row group), top to bottom. */
export interface LayoutBlock {
  lines: LayoutLine[];
  x: number;
  top: number;
  bottom: number;
  width: number;
  /** Median font size of the block's text. */
  fontSize: number;
}

export interface LayoutPage {
  number: number;
  width: number;
  height: number;
  /** Blocks in reading order. */
  blocks: LayoutBlock[];
}

export interface OutlineEntry {
  title: string;
  level: number;
  /** 1-based page, or null when the destination could not be resolved. */
  page: number | null;
}
