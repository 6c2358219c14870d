import type { Rect } from '../api/types.js';

/** Rough advance widths (in ems) of a proportional font, by character class. */
function charWidth(ch: string): number {
  if (ch === ' ') return 0.28;
  if ("iljtfr.,;:!|'’`()[]".includes(ch)) return 0.3;
  if ('mwMW@'.includes(ch)) return 0.88;
  if (/[A-Z]/.test(ch)) return 0.68;
  if (/[0-9]/.test(ch)) return 0.5;
  return 0.5;
}

/** Offset of `index` within [start, end) as a share of the run's width, by character widths. */
function share(text: string | undefined, start: number, end: number, index: number): number {
  if (!text || end > text.length) return (index - start) / (end - start);
  let total = 0;
  let before = 0;
  for (let i = start; i < end; i++) {
    const w = charWidth(text[i]!);
    if (i < index) before += w;
    total += w;
  }
  return total > 0 ? before / total : (index - start) / (end - start);
}

/**
 * Rectangles covering a character range of a page, from its packed text geometry
 * (charStart, charEnd, x, y, width, height per run). pdf.js gives positions per run,
 * not per character, so within a run characters are placed by typical proportional
 * widths when the page text is given (else as equally wide); adjacent pieces on one
 * line merge into one rectangle.
 */
export function rectsForRange(geometry: Float32Array, charStart: number, charEnd: number, pageText?: string): Rect[] {
  const rects: Rect[] = [];
  for (let i = 0; i + 5 < geometry.length; i += 6) {
    const cs = geometry[i]!;
    const ce = geometry[i + 1]!;
    const from = Math.max(cs, charStart);
    const to = Math.min(ce, charEnd);
    if (to <= from || ce <= cs) continue;
    const x = geometry[i + 2]!;
    const y = geometry[i + 3]!;
    const w = geometry[i + 4]!;
    const h = geometry[i + 5]!;
    const left = x + w * share(pageText, cs, ce, from);
    const right = x + w * share(pageText, cs, ce, to);
    const rect = { x: left, y, width: right - left, height: h };
    const last = rects.at(-1);
    if (last && Math.abs(last.y - rect.y) < 0.5 && Math.abs(last.height - rect.height) < 0.5 && rect.x - (last.x + last.width) < h * 1.5 && rect.x >= last.x) {
      last.width = rect.x + rect.width - last.x;
    } else {
      rects.push(rect);
    }
  }
  return rects;
}
