import type { TextRun } from '../pageModel.js';

/** x' = a·x + c·y + e, y' = b·x + d·y + f. */
export type Affine = readonly [number, number, number, number, number, number];

/** The parts of tesseract's `blocks` output that become text runs (tesseract.js's Block, Line, Word). */
export interface OcrBlock {
  paragraphs: Array<{ lines: OcrLine[] }>;
}
export interface OcrLine {
  bbox: OcrBox;
  baseline?: { x0: number; y0: number; x1: number; y1: number; has_baseline?: boolean };
  rowAttributes?: { row_height?: number };
  words: Array<{ text: string; confidence: number; bbox: OcrBox }>;
}
export interface OcrBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function applyAffine(m: Affine, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** `outer` after `inner`: a point goes through `inner` first. */
export function composeAffine(outer: Affine, inner: Affine): Affine {
  return [
    outer[0] * inner[0] + outer[2] * inner[1],
    outer[1] * inner[0] + outer[3] * inner[1],
    outer[0] * inner[2] + outer[2] * inner[3],
    outer[1] * inner[2] + outer[3] * inner[3],
    outer[0] * inner[4] + outer[2] * inner[5] + outer[4],
    outer[1] * inner[4] + outer[3] * inner[5] + outer[5],
  ];
}

/**
 * Recognised words as text runs in PDF user space, the shape the PDF extractor gives a
 * born-digital page, so layout, page text, geometry, passages and highlights need nothing of
 * their own for a scan. `toPage` maps the recognised image's pixels (y down) onto the page
 * (y up). Each word is a run with its own box (what highlights use); all of a line's words sit
 * on one baseline, the line's at its middle, so a skewed line stays one line in layout rather
 * than drifting into the lines above and below it; a word's font size is its line's row height. Words tesseract saw but could not read (empty, or nothing but
 * spaces) are left out.
 */
export function ocrRuns(blocks: readonly OcrBlock[], toPage: Affine): TextRun[] {
  const scale = Math.sqrt(Math.abs(toPage[0] * toPage[3] - toPage[1] * toPage[2])) || 1;
  // A scan turned a quarter on its page reads up or down the page: its runs carry that direction.
  const angle = Math.round((Math.atan2(toPage[1], toPage[0]) * 180) / Math.PI);
  const runs: TextRun[] = [];
  for (const block of blocks) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const rowHeight = line.rowAttributes?.row_height && line.rowAttributes.row_height > 0 ? line.rowAttributes.row_height : (line.bbox.y1 - line.bbox.y0) * 0.8;
        const fontSize = rowHeight * scale;
        const base = line.baseline && line.baseline.has_baseline !== false && line.baseline.x1 !== line.baseline.x0 ? line.baseline : null;
        // Over a 6-inch line a 1.5° skew moves the baseline by most of a line's height: one baseline for the whole line keeps its words together.
        const mid = (line.bbox.x0 + line.bbox.x1) / 2;
        const lineBase = base ? base.y0 + ((base.y1 - base.y0) * (mid - base.x0)) / (base.x1 - base.x0) : line.bbox.y1 - (line.bbox.y1 - line.bbox.y0) * 0.2;
        for (const word of line.words) {
          const str = word.text.trim();
          if (str === '') continue;
          const { x0, y0, x1, y1 } = word.bbox;
          const corners = [applyAffine(toPage, x0, y0), applyAffine(toPage, x1, y0), applyAffine(toPage, x0, y1), applyAffine(toPage, x1, y1)];
          const xs = corners.map((c) => c[0]);
          const ys = corners.map((c) => c[1]);
          const left = Math.min(...xs);
          const bottom = Math.min(...ys);
          const box = { x: left, y: bottom, width: Math.max(...xs) - left, height: Math.max(...ys) - bottom };
          const [x, y] = applyAffine(toPage, x0, lineBase);
          runs.push({ str, x, y, width: (x1 - x0) * scale, fontSize, fontName: 'OCR', spaceBefore: true, box, ...(angle !== 0 ? { angle } : {}) });
        }
      }
    }
  }
  return runs;
}
