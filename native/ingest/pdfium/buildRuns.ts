import type { TextRun } from '../pageModel.js';
import { BREAK_STYLE, type CharStyle, type PageChars } from './PageChars.js';

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

/** One character placed in the reading frame. Two of these are reused for a whole page. */
interface Placed {
  style: number;
  code: number;
  /** The text it adds: the character, a ligature spelled out, or a joined accent. */
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

const blankPlaced = (): Placed => ({ style: 0, code: 0, ch: '', adv0: 0, adv1: 0, base: 0, rel: 0, size: 0, fox: 0, foy: 0, fx0: 0, fx1: 0, fy0: 0, fy1: 0 });

/** A quarter turn of the page: from user space into the reading frame and back. */
class Frame {
  constructor(
    readonly rotation: number,
    private readonly pageWidth: number,
    private readonly pageHeight: number,
  ) {}

  toFrameX(x: number, y: number): number {
    switch (this.rotation) {
      case 90:
        return y;
      case 180:
        return this.pageWidth - x;
      case 270:
        return this.pageHeight - y;
      default:
        return x;
    }
  }

  toFrameY(x: number, y: number): number {
    switch (this.rotation) {
      case 90:
        return this.pageWidth - x;
      case 180:
        return this.pageHeight - y;
      case 270:
        return x;
      default:
        return y;
    }
  }

  toUser(x: number, y: number): [number, number] {
    switch (this.rotation) {
      case 90:
        return [this.pageWidth - y, x];
      case 180:
        return [this.pageWidth - x, this.pageHeight - y];
      case 270:
        return [y, this.pageHeight - x];
      default:
        return [x, y];
    }
  }
}

/** The characters of the run being built: bounds and text accumulate as characters join. */
class RunBuilder {
  count = 0;
  str = '';
  composed = false;
  first = blankPlaced();
  last = blankPlaced();
  fx0 = 0;
  fx1 = 0;
  fy0 = 0;
  fy1 = 0;
  minAdv = 0;
  maxAdv = 0;

  /**
   * Adds `p`, which becomes `last`; returns the object `last` was, for the caller to fill
   * next (a swap, not a copy of every field for every character).
   */
  add(p: Placed, ch: string): Placed {
    if (this.count === 0) {
      copyPlaced(p, this.first);
      this.fx0 = p.fx0;
      this.fx1 = p.fx1;
      this.fy0 = p.fy0;
      this.fy1 = p.fy1;
      this.minAdv = p.adv0;
      this.maxAdv = p.adv1;
    } else {
      if (p.fx0 < this.fx0) this.fx0 = p.fx0;
      if (p.fx1 > this.fx1) this.fx1 = p.fx1;
      if (p.fy0 < this.fy0) this.fy0 = p.fy0;
      if (p.fy1 > this.fy1) this.fy1 = p.fy1;
      if (p.adv0 < this.minAdv) this.minAdv = p.adv0;
      if (p.adv1 > this.maxAdv) this.maxAdv = p.adv1;
    }
    const recycled = this.last;
    this.last = p;
    p.ch = ch;
    this.count++;
    this.append(ch);
    return recycled;
  }

  /** Text joined to the last character (an accent over it): no new box. */
  append(ch: string): void {
    this.str += ch;
    if (ch.length > 1 || (ch.length === 1 && ch.charCodeAt(0) >= 0x0300 && ch.charCodeAt(0) <= 0x036f)) this.composed = true;
  }

  /** The run, or null when empty; empties the builder. */
  take(styles: readonly CharStyle[], frame: Frame): TextRun | null {
    if (this.count === 0) return null;
    const first = this.first;
    const style = styles[first.style]!;
    // Joined accents compose with their letters ("e" + U+0302 → "ê").
    const str = this.composed ? this.str.normalize('NFC') : this.str;
    const size = first.size;
    let run: TextRun;
    if (first.rel === 0) {
      // Horizontal in the frame: the em box on the baseline, as the viewer's highlight expects.
      const baseline = first.base;
      const box = userBox(this.fx0, baseline - size * 0.2, this.fx1, baseline + size * 0.8, frame);
      run = { str, x: this.fx0, y: baseline, width: this.fx1 - this.fx0, fontSize: size, fontName: style.name, angle: 0, bold: style.bold, box };
    } else {
      // Text at an angle: placed like pdf.js places it, by its first origin and its length along
      // its own direction; `box` is what it covers.
      const box = userBox(this.fx0, this.fy0, this.fx1, this.fy1, frame);
      run = { str, x: first.fox, y: first.foy, width: this.maxAdv - this.minAdv, fontSize: size, fontName: style.name, angle: first.rel, bold: style.bold, box };
    }
    this.count = 0;
    this.str = '';
    this.composed = false;
    return run;
  }
}

function copyPlaced(from: Placed, to: Placed): void {
  to.style = from.style;
  to.code = from.code;
  to.ch = from.ch;
  to.adv0 = from.adv0;
  to.adv1 = from.adv1;
  to.base = from.base;
  to.rel = from.rel;
  to.size = from.size;
  to.fox = from.fox;
  to.foy = from.foy;
  to.fx0 = from.fx0;
  to.fx1 = from.fx1;
  to.fy0 = from.fy0;
  to.fy1 = from.fy1;
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
export function buildRuns(chars: PageChars, pageWidth: number, pageHeight: number): { width: number; height: number; rotation: number; runs: TextRun[] } {
  const styles = chars.styles;
  const rotation = dominantRotation(chars);
  const frame = new Frame(rotation, pageWidth, pageHeight);
  const turned = rotation === 90 || rotation === 270;
  const runs: TextRun[] = [];
  const run = new RunBuilder();
  let spaceBefore = false;
  const flush = () => {
    const built = run.take(styles, frame);
    if (built) {
      if (spaceBefore) built.spaceBefore = true;
      runs.push(built);
      spaceBefore = false;
    }
  };
  let placed = blankPlaced();
  let pending = blankPlaced();
  let hasPending = false;
  for (let i = 0; i < chars.length; i++) {
    const code = chars.code[i]!;
    if (chars.style[i] === BREAK_STYLE || isSpace(code)) {
      if (hasPending) pending = run.add(pending, pending.ch);
      hasPending = false;
      flush();
      spaceBefore = true;
      continue;
    }
    place(chars, i, frame, styles, placed);
    // Every diacritic in COMBINING is ^, ` or at U+00A8 and above: most characters skip the lookup.
    const combining = code >= 0xa8 || code === 0x5e || code === 0x60 ? COMBINING[code] : undefined;
    if (combining !== undefined && run.count > 0) {
      const last = run.last;
      const mid = (placed.adv0 + placed.adv1) / 2;
      if (mid >= last.adv0 - 0.5 && mid <= last.adv1 + 0.5 && last.rel === placed.rel) {
        run.append(String.fromCharCode(combining));
        continue;
      }
      // An accent before the letter it sits over: kept until that letter comes.
      [pending, placed] = [placed, pending];
      pending.ch = String.fromCharCode(combining);
      hasPending = true;
      continue;
    }
    if (run.count > 0 && breaksRun(run.last, placed, run.first, styles)) flush();
    if (hasPending) {
      const mid = (pending.adv0 + pending.adv1) / 2;
      if (mid >= placed.adv0 - 0.5 && mid <= placed.adv1 + 0.5) placed.ch += pending.ch;
      else pending = run.add(pending, String.fromCodePoint(pending.code));
      hasPending = false;
    }
    placed = run.add(placed, placed.ch);
  }
  if (hasPending) run.add(pending, String.fromCodePoint(pending.code));
  flush();
  return { width: turned ? pageHeight : pageWidth, height: turned ? pageWidth : pageHeight, rotation, runs };
}

/** The quarter turn most characters are set at. */
function dominantRotation(chars: PageChars): number {
  // Characters share a handful of styles: count per style, snap each style once.
  const perStyle = new Int32Array(chars.styles.length);
  for (let i = 0; i < chars.length; i++) {
    const s = chars.style[i]!;
    if (s !== BREAK_STYLE) perStyle[s]!++;
  }
  const counts = new Map<number, number>();
  chars.styles.forEach((style, s) => {
    const quarter = snapQuarter(style.angle);
    if (quarter !== null && perStyle[s]! > 0) counts.set(quarter, (counts.get(quarter) ?? 0) + perStyle[s]!);
  });
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

/** Places character `i` in the reading frame, into `out`. */
function place(chars: PageChars, i: number, frame: Frame, styles: readonly CharStyle[], out: Placed): void {
  const code = chars.code[i]!;
  const styleIndex = chars.style[i]!;
  const style = styles[styleIndex]!;
  let size = style.size;
  let ch = code < 0x10000 ? String.fromCharCode(code) : String.fromCodePoint(code);
  if (code >= 0xfb00 && code <= 0xfb06) ch = ch.normalize('NFKC');
  out.style = styleIndex;
  out.code = code;
  out.ch = ch;
  const x0 = chars.x0[i]!;
  const x1 = chars.x1[i]!;
  const y0 = chars.y0[i]!;
  const y1 = chars.y1[i]!;
  if (frame.rotation === 0 && style.angle > -1 && style.angle < 1) {
    // The common case, upright text on an upright page: no turning.
    if (!(size > 0.5) || !Number.isFinite(size)) size = Math.max(1, (y1 - y0) / 0.7);
    out.adv0 = x0;
    out.adv1 = x1;
    out.base = chars.oy[i]!;
    out.rel = 0;
    out.size = size;
    out.fox = chars.ox[i]!;
    out.foy = chars.oy[i]!;
    out.fx0 = x0;
    out.fx1 = x1;
    out.fy0 = y0;
    out.fy1 = y1;
    return;
  }
  const ox = frame.toFrameX(chars.ox[i]!, chars.oy[i]!);
  const oy = frame.toFrameY(chars.ox[i]!, chars.oy[i]!);
  const ax = frame.toFrameX(x0, y0);
  const ay = frame.toFrameY(x0, y0);
  const bx = frame.toFrameX(x1, y1);
  const by = frame.toFrameY(x1, y1);
  const fx0 = Math.min(ax, bx);
  const fx1 = Math.max(ax, bx);
  const fy0 = Math.min(ay, by);
  const fy1 = Math.max(ay, by);
  const relAngle = (((style.angle - frame.rotation) % 360) + 360) % 360;
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
  out.adv0 = Math.min(p0, p1, p2, p3);
  out.adv1 = Math.max(p0, p1, p2, p3);
  out.base = -ox * sin + oy * cos;
  out.rel = rel;
  out.size = size;
  out.fox = ox;
  out.foy = oy;
  out.fx0 = fx0;
  out.fx1 = fx1;
  out.fy0 = fy0;
  out.fy1 = fy1;
}

function breaksRun(last: Placed, next: Placed, first: Placed, styles: readonly CharStyle[]): boolean {
  if (next.style !== last.style) {
    const a = styles[next.style]!;
    const b = styles[last.style]!;
    if (a.bold !== b.bold || Math.abs(next.size - last.size) > 0.5 || a.name !== b.name) return true;
  }
  if (next.rel !== last.rel) return true;
  const size = Math.max(last.size, next.size);
  if (Math.abs(next.base - first.base) > size * 0.35) return true;
  const gap = next.adv0 - last.adv1;
  return gap > size * 0.2 || next.adv0 < first.adv0 - size * 0.5;
}

function userBox(x0: number, y0: number, x1: number, y1: number, frame: Frame): { x: number; y: number; width: number; height: number } {
  // Upright pages, nearly all: the frame is user space.
  if (frame.rotation === 0) return { x: Math.min(x0, x1), y: Math.min(y0, y1), width: Math.abs(x1 - x0), height: Math.abs(y1 - y0) };
  const [ax, ay] = frame.toUser(x0, y0);
  const [bx, by] = frame.toUser(x1, y1);
  return { x: Math.min(ax, bx), y: Math.min(ay, by), width: Math.abs(bx - ax), height: Math.abs(by - ay) };
}
