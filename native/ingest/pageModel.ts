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
  /** Direction of the text, degrees counter-clockwise from the page's x axis (90: reads bottom to top). Default 0. */
  angle?: number;
  /** Set in a bold face (by weight, or by font name where the weight says nothing). */
  bold?: boolean;
  /** The extractor saw a space just before this run (a gap may be too narrow to tell, as after an italic "f"). */
  spaceBefore?: boolean;
  /**
   * The run's rectangle in PDF user space (relative to the visible box), for highlights, where
   * the layout frame is turned from user space or the text is not horizontal. Default: the em
   * box on the baseline from x, y, width and fontSize.
   */
  box?: { x: number; y: number; width: number; height: number };
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
  /** Most of the line's characters are bold. */
  bold?: boolean;
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
  /**
   * Degrees the layout frame is turned from PDF user space (0, 90, 180, 270): a page whose text
   * reads up the sheet is laid out turned, with `width` and `height` those of the turned page.
   */
  rotation?: number;
  /** What the extractor saw of the text layer, for judging whether it needs OCR. */
  textStats?: TextLayerStats;
}

/** Counts of the characters an extractor read from a page's text layer. */
export interface TextLayerStats {
  /** Characters read, spaces included. */
  chars: number;
  /** Characters whose font has no usable Unicode map (PDFium's unicode map error), or that came out as U+FFFD. */
  unmapped: number;
  /** C0/C1 control characters other than tab and line ends (dropped from the text). */
  control: number;
  /** Area of the page covered by images, 0–1, where known. */
  imageCoverage?: number;
}

export interface OutlineEntry {
  title: string;
  level: number;
  /** 1-based page, or null when the destination could not be resolved. */
  page: number | null;
}
