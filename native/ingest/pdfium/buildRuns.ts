import type { TextRun } from '../pageModel.js';

/** One character as PDFium reports it, in user space relative to the visible box's lower-left corner. */
export interface PageChar {
  code: number;
  /** PDFium's own space or line end: a break, never text. */
  generated: boolean;
  /** Tight glyph box. */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** Origin on the baseline. */
  ox: number;
  oy: number;
  style: { size: number; angle: number; name: string; bold: boolean } | null;
}

/** Spacing diacritics that some PDFs draw as separate glyphs over a letter ("ageˆncia"), and their combining forms. */
const COMBINING: Record<number, number> = {
  0x02c6: 0x0302,
  0x005e: 0x0302,
  0x02dc: 0x0303,
  0x00b4: 0x0301,
  0x0060: 0x0300,
  0x00a8: 0x0308,
  0x00b8: 0x0327,
  0x02da: 0x030a,
  0x02c7: 0x030c,
  0x00af: 0x0304,
  0x02d8: 0x0306,
  0x02dd: 0x030b,
  0x02db: 0x0328,
  0x02d9: 0x0307,
};

function isSpace(code: number): boolean {
  return (
    code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0xa0 || (code >= 0x2000 && code <= 0x200b) || code === 0x3000 || code === 0x0c || code === 0x0b
  );
}

interface Placed {
  char: PageChar;
  ch: string;
  /** Extent along the text's own direction, and the baseline across it. */
  adv0: number;
  adv1: number;
  base: number;
  rel: number;
  size: number;
  /** Origin in the reading frame. */
  fox: number;
  foy: number;
  /** Box in the reading frame. */
  fx0: number;
  fx1: number;
  fy0: number;
  fy1: number;
}

/**
 * Groups a page's characters into runs: characters in one style and direction, on one
 * baseline, with no word gap between them. Spaces end runs (the layout step spaces words by
 * their gaps), PDFium's hyphen marks are plain hyphens, separately drawn accents join their
 * letter, and ligatures are spelled out.
 *
 * The page is laid out in its reading frame: the quarter turn that makes most of its text
 * read left to right (a landscape table stored on a portrait page reads up the sheet).
 * Runs carry their position in that frame, and `box` their rectangle in user space, which is
 * what the viewer draws on.
 */
export function buildRuns(chars: readonly PageChar[], pageWidth: number, pageHeight: number): { width: number; height: number; rotation: number; runs: TextRun[] } {
  const rotation = dominantRotation(chars);
  const turned = rotation === 90 || rotation === 270;
  const width = turned ? pageHeight : pageWidth;
  const height = turned ? pageWidth : pageHeight;
  const toFrame = (x: number, y: number): [number, number] => {
    switch (rotation) {
      case 90:
        return [y, pageWidth - x];
      case 180:
        return [pageWidth - x, pageHeight - y];
      case 270:
        return [pageHeight - y, x];
      default:
        return [x, y];
    }
  };
  const toUser = (x: number, y: number): [number, number] => {
    switch (rotation) {
      case 90:
        return [pageWidth - y, x];
      case 180:
        return [pageWidth - x, pageHeight - y];
      case 270:
        return [y, pageHeight - x];
      default:
        return [x, y];
    }
  };

  const runs: TextRun[] = [];
  let current: Placed[] = [];
  let spaceBefore = false;
  const flush = () => {
    if (current.length > 0) {
      const run = toRun(current, toUser);
      if (spaceBefore) run.spaceBefore = true;
      runs.push(run);
      spaceBefore = false;
    }
    current = [];
  };
  let pendingAccent: Placed | null = null;
  for (const char of chars) {
    if (char.generated || !char.style || isSpace(char.code)) {
      if (pendingAccent) current.push(pendingAccent);
      pendingAccent = null;
      flush();
      spaceBefore = true;
      continue;
    }
    const placed = place(char, rotation, toFrame);
    const combining = COMBINING[char.code];
    const last = current.at(-1);
    if (combining !== undefined && last) {
      const mid = (placed.adv0 + placed.adv1) / 2;
      if (mid >= last.adv0 - 0.5 && mid <= last.adv1 + 0.5 && last.rel === placed.rel) {
        last.ch += String.fromCharCode(combining);
        continue;
      }
      pendingAccent = { ...placed, ch: String.fromCharCode(combining) };
      continue;
    }
    if (last && breaksRun(last, placed, current[0]!)) flush();
    if (pendingAccent) {
      const mid = (pendingAccent.adv0 + pendingAccent.adv1) / 2;
      if (mid >= placed.adv0 - 0.5 && mid <= placed.adv1 + 0.5) placed.ch += pendingAccent.ch;
      else current.push({ ...pendingAccent, ch: String.fromCodePoint(pendingAccent.char.code) });
      pendingAccent = null;
    }
    current.push(placed);
  }
  if (pendingAccent) current.push({ ...pendingAccent, ch: String.fromCodePoint(pendingAccent.char.code) });
  flush();
  return { width, height, rotation, runs };
}

/** The quarter turn most characters are set at. */
function dominantRotation(chars: readonly PageChar[]): number {
  // Characters share a handful of style objects: count per style, snap each style once.
  const perStyle = new Map<NonNullable<PageChar['style']>, number>();
  for (const c of chars) if (c.style) perStyle.set(c.style, (perStyle.get(c.style) ?? 0) + 1);
  const counts = new Map<number, number>();
  for (const [style, count] of perStyle) {
    const quarter = snapQuarter(style.angle);
    if (quarter !== null) counts.set(quarter, (counts.get(quarter) ?? 0) + count);
  }
  let best = 0;
  let bestCount = 0;
  for (const [quarter, count] of counts) if (count > bestCount) [best, bestCount] = [quarter, count];
  return best;
}

function snapQuarter(angle: number): number | null {
  const a = ((angle % 360) + 360) % 360;
  const quarter = (Math.round(a / 90) * 90) % 360;
  return Math.abs(a - quarter) < 10 || Math.abs(a - quarter - 360) < 10 ? quarter : null;
}

function place(char: PageChar, rotation: number, toFrame: (x: number, y: number) => [number, number]): Placed {
  const style = char.style!;
  let size = style.size;
  let ch = char.code < 0x10000 ? String.fromCharCode(char.code) : String.fromCodePoint(char.code);
  if (char.code >= 0xfb00 && char.code <= 0xfb06) ch = ch.normalize('NFKC');
  if (rotation === 0 && style.angle > -1 && style.angle < 1) {
    // The common case, upright text on an upright page: no turning.
    if (!(size > 0.5) || !Number.isFinite(size)) size = Math.max(1, (char.y1 - char.y0) / 0.7);
    return { char, ch, adv0: char.x0, adv1: char.x1, base: char.oy, rel: 0, size, fox: char.ox, foy: char.oy, fx0: char.x0, fx1: char.x1, fy0: char.y0, fy1: char.y1 };
  }
  const [ox, oy] = toFrame(char.ox, char.oy);
  const [ax, ay] = toFrame(char.x0, char.y0);
  const [bx, by] = toFrame(char.x1, char.y1);
  const fx0 = Math.min(ax, bx);
  const fx1 = Math.max(ax, bx);
  const fy0 = Math.min(ay, by);
  const fy1 = Math.max(ay, by);
  const relAngle = (((style.angle - rotation) % 360) + 360) % 360;
  const rel = snapQuarter(relAngle) ?? relAngle;
  const rad = (rel * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  // Extent along the text's direction: project the box's corners.
  const p0 = fx0 * cos + fy0 * sin;
  const p1 = fx1 * cos + fy0 * sin;
  const p2 = fx0 * cos + fy1 * sin;
  const p3 = fx1 * cos + fy1 * sin;
  if (!(size > 0.5) || !Number.isFinite(size)) size = Math.max(1, (fy1 - fy0) / 0.7);
  return {
    char,
    ch,
    adv0: Math.min(p0, p1, p2, p3),
    adv1: Math.max(p0, p1, p2, p3),
    base: -ox * sin + oy * cos,
    rel,
    size,
    fox: ox,
    foy: oy,
    fx0,
    fx1,
    fy0,
    fy1,
  };
}

function breaksRun(last: Placed, next: Placed, first: Placed): boolean {
  if (
    next.char.style !== last.char.style &&
    (next.char.style!.bold !== last.char.style!.bold || Math.abs(next.size - last.size) > 0.5 || next.char.style!.name !== last.char.style!.name)
  )
    return true;
  if (next.rel !== last.rel) return true;
  const size = Math.max(last.size, next.size);
  if (Math.abs(next.base - first.base) > size * 0.35) return true;
  const gap = next.adv0 - last.adv1;
  return gap > size * 0.2 || next.adv0 < first.adv0 - size * 0.5;
}

function toRun(chars: Placed[], toUser: (x: number, y: number) => [number, number]): TextRun {
  const first = chars[0]!;
  const style = first.char.style!;
  let fx0 = Infinity;
  let fx1 = -Infinity;
  let fy0 = Infinity;
  let fy1 = -Infinity;
  for (const c of chars) {
    fx0 = Math.min(fx0, c.fx0);
    fx1 = Math.max(fx1, c.fx1);
    fy0 = Math.min(fy0, c.fy0);
    fy1 = Math.max(fy1, c.fy1);
  }
  const size = first.size;
  let str = '';
  let composed = false;
  for (const c of chars) {
    str += c.ch;
    if (c.ch.length > 1) composed = true;
  }
  // Joined accents compose with their letters ("e" + U+0302 → "ê").
  if (composed) str = str.normalize('NFC');
  if (first.rel === 0) {
    // Horizontal in the frame: the em box on the baseline, as the viewer's highlight expects.
    const baseline = first.base;
    const box = userBox(fx0, baseline - size * 0.2, fx1, baseline + size * 0.8, toUser);
    return { str, x: fx0, y: baseline, width: fx1 - fx0, fontSize: size, fontName: style.name, angle: 0, bold: style.bold, box };
  }
  // Text at an angle: placed like pdf.js places it, by its first origin and its length along
  // its own direction; `box` is what it covers.
  const box = userBox(fx0, fy0, fx1, fy1, toUser);
  const length = Math.max(...chars.map((c) => c.adv1)) - Math.min(...chars.map((c) => c.adv0));
  return { str, x: first.fox, y: first.foy, width: length, fontSize: size, fontName: style.name, angle: first.rel, bold: style.bold, box };
}

function userBox(x0: number, y0: number, x1: number, y1: number, toUser: (x: number, y: number) => [number, number]): { x: number; y: number; width: number; height: number } {
  const [ax, ay] = toUser(x0, y0);
  const [bx, by] = toUser(x1, y1);
  return { x: Math.min(ax, bx), y: Math.min(ay, by), width: Math.abs(bx - ax), height: Math.abs(by - ay) };
}
