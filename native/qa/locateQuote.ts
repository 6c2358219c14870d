import type { PageSpan, Passage, Rect } from '../api/types.js';

/**
 * Maps a range of a passage's text to ranges of its pages' texts. Passage text is
 * its spans' page texts joined by single spaces, character for character.
 */
export function passageRangeToPages(passage: Pick<Passage, 'spans'>, start: number, end: number): PageSpan[] {
  const out: PageSpan[] = [];
  let offset = 0;
  for (const span of passage.spans) {
    const length = span.charEnd - span.charStart;
    const from = Math.max(start, offset);
    const to = Math.min(end, offset + length);
    if (to > from) out.push({ page: span.page, charStart: span.charStart + (from - offset), charEnd: span.charStart + (to - offset) });
    offset += length + 1;
  }
  return out;
}

/**
 * Rectangles covering a character range of a page, from its packed text geometry
 * (charStart, charEnd, x, y, width, height per run). Within a run, characters are
 * taken as equally wide; adjacent pieces on one line merge into one rectangle.
 */
export function rectsForRange(geometry: Float32Array, charStart: number, charEnd: number): Rect[] {
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
    const rect = { x: x + (w * (from - cs)) / (ce - cs), y, width: (w * (to - from)) / (ce - cs), height: h };
    const last = rects.at(-1);
    if (last && Math.abs(last.y - rect.y) < 0.5 && Math.abs(last.height - rect.height) < 0.5 && rect.x - (last.x + last.width) < h * 1.5 && rect.x >= last.x) {
      last.width = rect.x + rect.width - last.x;
    } else {
      rects.push(rect);
    }
  }
  return rects;
}
