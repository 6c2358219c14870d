import { median } from './median.js';
import type { LayoutBlock, LayoutLine, LayoutPage, TextRun } from './pageModel.js';

/**
 * Turns a page's text runs into blocks in reading order.
 *
 * Runs on one baseline that nearly touch become line fragments; a wide horizontal
 * gap (a column gutter, a table cell border) keeps fragments apart. The fragments
 * are then split by recursive XY-cut: at each step the widest empty band, vertical
 * or horizontal, divides the region, so a full-width title is cut off above two
 * columns and the columns are then read one after the other. Leaves are blocks.
 *
 * Three things XY-cut alone gets wrong are handled around it: text set at an angle
 * (margin stamps, rotated labels) is laid out in its own direction and read after
 * the page's horizontal text, never interleaved with it; a region whose two sides
 * pair up line by line in short cells is a table and is cut into rows, not columns;
 * and footnotes (small type below the body text) move after the body text.
 *
 * Whitespace-only runs are dropped: pdf.js invents them to bridge a wide gap on one
 * baseline, and a bridge across a gutter hides the gutter. Every other run lands in
 * exactly one line of one block.
 */
export function layoutPage(number: number, width: number, height: number, runs: TextRun[]): LayoutPage {
  const usable = runs.filter((r) => r.fontSize > 0 && Number.isFinite(r.x) && Number.isFinite(r.y) && r.str.trim() !== '');
  const horizontal: TextRun[] = [];
  const byAngle = new Map<number, TextRun[]>();
  for (const run of usable) {
    const angle = normalAngle(run.angle ?? 0);
    if (angle < ANGLE_TOLERANCE || angle > 360 - ANGLE_TOLERANCE) {
      horizontal.push(run);
      continue;
    }
    const key = Math.round(angle);
    let list = byAngle.get(key);
    if (!list) byAngle.set(key, (list = []));
    list.push(run);
  }
  const blocks = orderFootnotes(layoutRuns(horizontal));
  for (const [angle, group] of [...byAngle].sort((a, b) => a[0] - b[0])) blocks.push(...layoutRotated(group, angle));
  return { number, width, height, blocks };
}

/** Degrees either side of 0 that still count as horizontal (slightly skewed scans). */
const ANGLE_TOLERANCE = 5;
const MAX_DEPTH = 40;

function normalAngle(angle: number): number {
  const a = angle % 360;
  return a < 0 ? a + 360 : a;
}

/** The axis-aligned page-space box of a run, whatever its direction; y is the box's bottom. */
export function runBounds(run: TextRun): { x: number; y: number; width: number; height: number } {
  const angle = normalAngle(run.angle ?? 0);
  if (angle < ANGLE_TOLERANCE || angle > 360 - ANGLE_TOLERANCE) return { x: run.x, y: run.y - run.fontSize * 0.2, width: run.width, height: run.fontSize };
  const t = (angle * Math.PI) / 180;
  const [c, s] = [Math.cos(t), Math.sin(t)];
  // Corners of the run's box in its own frame (along the baseline, then up), turned onto the page.
  const corners = [
    [0, -0.2],
    [run.width, -0.2],
    [0, 0.8],
    [run.width, 0.8],
  ].map(([u, v]) => [run.x + u! * c - v! * run.fontSize * s, run.y + u! * s + v! * run.fontSize * c] as const);
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
}

interface Fragment {
  runs: TextRun[];
  left: number;
  right: number;
  /** Baseline. */
  y: number;
  top: number;
  bottom: number;
  fontSize: number;
  words: number;
}

interface Leaf {
  fragments: Fragment[];
  /** Cut out of a table: one row, whose cells may wrap onto several baselines. */
  table: boolean;
}

/** Blocks, in reading order, of runs that all read left to right. */
function layoutRuns(runs: TextRun[]): LayoutBlock[] {
  const fragments = buildFragments(runs);
  const leaves: Leaf[] = [];
  const byBottom = [...fragments].sort((a, b) => a.bottom - b.bottom);
  const byLeft = [...fragments].sort((a, b) => a.left - b.left);
  xyCut({ fragments, byBottom, byLeft }, leaves, 0, median(fragments.map((f) => f.fontSize)), false);
  return leaves.map(toBlock).filter((b): b is LayoutBlock => b !== null);
}

/**
 * Text at an angle is turned into its own frame (so it reads left to right there),
 * laid out like any text, and its blocks are given back the page-space box.
 */
function layoutRotated(runs: TextRun[], angle: number): LayoutBlock[] {
  const t = (angle * Math.PI) / 180;
  const [c, s] = [Math.cos(t), Math.sin(t)];
  const original = new Map<TextRun, TextRun>();
  const turned = runs.map((r) => {
    const proxy: TextRun = { ...r, x: r.x * c + r.y * s, y: -r.x * s + r.y * c, angle: 0 };
    original.set(proxy, r);
    return proxy;
  });
  return layoutRuns(turned).map((block) => {
    const lines = block.lines.map((line) => {
      const runsBack = line.runs.map((r) => original.get(r)!);
      return { ...line, runs: runsBack, x: runsBack[0]!.x, y: runsBack[0]!.y };
    });
    const boxes = lines.flatMap((l) => l.runs.map(runBounds));
    const left = Math.min(...boxes.map((b) => b.x));
    const right = Math.max(...boxes.map((b) => b.x + b.width));
    return {
      lines,
      x: left,
      width: right - left,
      top: Math.max(...boxes.map((b) => b.y + b.height)),
      bottom: Math.min(...boxes.map((b) => b.y)),
      fontSize: block.fontSize,
    };
  });
}

function buildFragments(runs: TextRun[]): Fragment[] {
  // Sort by baseline (top first), then left to right.
  const sorted = [...runs].sort((a, b) => b.y - a.y || a.x - b.x);
  const fragments: Fragment[] = [];
  // Group runs into baselines; runs whose baselines differ by under 40% of the font size share a line.
  let lineRuns: TextRun[] = [];
  let lineY = Number.NaN;
  const flush = () => {
    if (lineRuns.length > 0) splitLine(lineRuns, fragments);
    lineRuns = [];
  };
  for (const run of sorted) {
    if (lineRuns.length > 0 && Math.abs(run.y - lineY) > Math.max(1, run.fontSize * 0.4)) flush();
    if (lineRuns.length === 0) lineY = run.y;
    lineRuns.push(run);
  }
  flush();
  return fragments;
}

/**
 * Splits one baseline's runs where the gap between them is wider than a stretched
 * word space. Narrow gutters are often under one em; a split that is not a gutter
 * costs nothing, because fragments of one leaf on one baseline are joined again.
 */
function splitLine(runs: TextRun[], out: Fragment[]): void {
  runs.sort((a, b) => a.x - b.x);
  let current: TextRun[] = [];
  let right = -Infinity;
  const push = () => {
    if (current.length > 0) out.push(makeFragment(current));
    current = [];
  };
  for (const run of runs) {
    const gap = run.x - right;
    const size = Math.max(run.fontSize, current.at(-1)?.fontSize ?? 0);
    if (current.length > 0 && gap > size * 0.8) push();
    current.push(run);
    right = Math.max(right, run.x + run.width);
  }
  push();
}

function makeFragment(runs: TextRun[]): Fragment {
  let left = Infinity;
  let right = -Infinity;
  let fontSize = 0;
  let y = 0;
  for (const r of runs) {
    left = Math.min(left, r.x);
    right = Math.max(right, r.x + r.width);
    if (r.fontSize > fontSize) {
      fontSize = r.fontSize;
      y = r.y;
    }
  }
  let words = 0;
  for (const r of runs) words += wordCount(r.str);
  return { runs, left, right, y, top: y + fontSize * 0.85, bottom: y - fontSize * 0.25, fontSize, words };
}

/**
 * A region's fragments in reading order, and the same sorted by bottom and by left. A part
 * cut out keeps both orders by filtering (a stable sort of a subset is the subset of the
 * stable sort), so no level of the cut sorts again.
 */
interface Region {
  fragments: Fragment[];
  byBottom: Fragment[];
  byLeft: Fragment[];
}

function part(region: Region, keep: (f: Fragment) => boolean): Region {
  return { fragments: region.fragments.filter(keep), byBottom: region.byBottom.filter(keep), byLeft: region.byLeft.filter(keep) };
}

/** `size` is the page's median font size: gaps are judged against the page's type, not each region's. */
function xyCut(region: Region, leaves: Leaf[], depth: number, size: number, table: boolean): void {
  const { fragments } = region;
  if (fragments.length <= 1 || depth > MAX_DEPTH) {
    if (fragments.length > 0) leaves.push({ fragments, table });
    return;
  }
  const h = widestGap(region.byBottom, false);
  const horizontal = h && h.gap >= size * 0.45 ? h : null;
  const v = table ? null : widestGap(region.byLeft, true);
  let vertical = v && v.gap >= Math.max(size * 0.8, 4) ? v : null;
  let left: Fragment[] = [];
  let right: Fragment[] = [];
  if (vertical) {
    left = fragments.filter((f) => f.right <= vertical!.at);
    right = fragments.filter((f) => f.right > vertical!.at);
    // A gutter must have text on both sides in several lines; a narrow one, in many.
    const needed = vertical.gap >= size * 1.5 ? 2 : 4;
    if (left.length < needed || right.length < needed) vertical = null;
  }
  if (vertical && isTable(left, right)) {
    // Cells are read across, row by row: from here on only horizontal cuts.
    xyCut(region, leaves, depth + 1, size, true);
    return;
  }
  if (vertical && (!horizontal || vertical.gap >= horizontal.gap * 1.5 || gutterRunsThrough(fragments, horizontal.at, vertical.at))) {
    const at = vertical.at;
    xyCut(
      part(region, (f) => f.right <= at),
      leaves,
      depth + 1,
      size,
      false,
    );
    xyCut(
      part(region, (f) => f.right > at),
      leaves,
      depth + 1,
      size,
      false,
    );
    return;
  }
  if (horizontal) {
    xyCut(
      part(region, (f) => f.bottom >= horizontal.at),
      leaves,
      depth + 1,
      size,
      table,
    );
    xyCut(
      part(region, (f) => f.bottom < horizontal.at),
      leaves,
      depth + 1,
      size,
      table,
    );
    return;
  }
  leaves.push({ fragments, table });
}

/**
 * Columns whose paragraph breaks happen to line up leave an empty band across the
 * page; cutting there would read the columns row by row. When text lies on both
 * sides of the gutter above the band and below it, the band is a coincidence.
 */
function gutterRunsThrough(fragments: Fragment[], bandAt: number, gutterAt: number): boolean {
  const sides = (part: Fragment[]) => part.some((f) => f.right <= gutterAt) && part.some((f) => f.left > gutterAt);
  return sides(fragments.filter((f) => f.bottom >= bandAt)) && sides(fragments.filter((f) => f.bottom < bandAt));
}

/**
 * Two sides that pair up baseline by baseline in short cells are the columns of a
 * table, not of text: prose columns carry several words a line on both sides.
 */
function isTable(left: Fragment[], right: Fragment[]): boolean {
  const shortCells = (side: Fragment[]) => median(side.map((f) => f.words)) < 4;
  if (!shortCells(left) && !shortCells(right)) return false;
  const paired = left.filter((l) => right.some((r) => Math.abs(r.y - l.y) <= Math.max(1, l.fontSize * 0.4))).length;
  return paired >= left.length * 0.6;
}

/** The widest uncovered stretch between the extents of fragments sorted by left (`across`) or by bottom, and where it lies. */
function widestGap(sorted: readonly Fragment[], across: boolean): { gap: number; at: number } | null {
  let best: { gap: number; at: number } | null = null;
  let reach = sorted.length === 0 ? 0 : across ? sorted[0]!.right : sorted[0]!.top;
  for (let i = 1; i < sorted.length; i++) {
    const f = sorted[i]!;
    const start = across ? f.left : f.bottom;
    const end = across ? f.right : f.top;
    const gap = start - reach;
    if (gap > 0 && (!best || gap > best.gap)) best = { gap, at: reach + gap / 2 };
    reach = Math.max(reach, end);
  }
  return best;
}

function toBlock(leaf: Leaf): LayoutBlock | null {
  const { fragments } = leaf;
  // Fragments of one leaf that share a baseline form one line, left to right.
  const sorted = [...fragments].sort((a, b) => b.y - a.y || a.left - b.left);
  const groups: Fragment[][] = [];
  for (const f of sorted) {
    const group = groups.at(-1);
    if (group && Math.abs(group[0]!.y - f.y) <= Math.max(1, f.fontSize * 0.4)) group.push(f);
    else groups.push([f]);
  }
  let widest = -Infinity;
  for (const g of groups) widest = Math.max(widest, g.length);
  // A table row whose cells wrap ("Notice" over "Address") stays one line: cell by cell, each top to bottom.
  const lines =
    leaf.table && groups.length > 1 && widest > 1 && groups.some((g) => g.length < widest)
      ? [toLine(cellsInOrder(fragments).flatMap((f) => f.runs))]
      : groups.map((g) => toLine(lineRuns(g)));
  const nonEmpty = lines.filter((l) => l.text !== '');
  if (nonEmpty.length === 0) return null;
  let left = Infinity;
  let right = -Infinity;
  let top = -Infinity;
  let bottom = Infinity;
  for (const f of fragments) {
    left = Math.min(left, f.left);
    right = Math.max(right, f.right);
    top = Math.max(top, f.top);
    bottom = Math.min(bottom, f.bottom);
  }
  return { lines: nonEmpty, x: left, width: right - left, top, bottom, fontSize: median(nonEmpty.map((l) => l.fontSize)) };
}

/** The runs of fragments on one baseline, left to right. */
function lineRuns(group: Fragment[]): TextRun[] {
  // One fragment's runs are in order already (splitLine sorted them), and most lines are one fragment.
  if (group.length === 1) return group[0]!.runs;
  const runs: TextRun[] = [];
  for (const f of group) for (const r of f.runs) runs.push(r);
  return runs.sort((a, b) => a.x - b.x);
}

/** Fragments grouped into cells by overlapping x ranges, cells left to right, each read top to bottom. */
function cellsInOrder(fragments: Fragment[]): Fragment[] {
  const cells: Array<{ left: number; right: number; items: Fragment[] }> = [];
  for (const f of [...fragments].sort((a, b) => a.left - b.left)) {
    const cell = cells.find((c) => f.left < c.right && f.right > c.left);
    if (cell) {
      cell.items.push(f);
      cell.left = Math.min(cell.left, f.left);
      cell.right = Math.max(cell.right, f.right);
    } else cells.push({ left: f.left, right: f.right, items: [f] });
  }
  return cells.sort((a, b) => a.left - b.left).flatMap((c) => c.items.sort((a, b) => b.y - a.y || a.left - b.left));
}

function toLine(runs: TextRun[]): LayoutLine {
  let text = '';
  // Tracked, not asked of `text`: endsWith on a string built by += flattens it, run after run.
  let endsWithSpace = false;
  const runSpans: Array<[number, number]> = [];
  let prevRight = Number.NaN;
  let left = Infinity;
  let right = -Infinity;
  let boldChars = 0;
  let chars = 0;
  for (const run of runs) {
    // Runs rarely hold whitespace (PDFium's spaces end runs): skip the rewrite when none does.
    const spaced = HAS_SPACE.test(run.str);
    const n = spaced ? run.str.replace(/\s+/g, '').length : run.str.length;
    chars += n;
    if (run.bold) boldChars += n;
    left = Math.min(left, run.x);
    right = Math.max(right, run.x + run.width);
    let str = spaced ? run.str.replace(/\s+/g, ' ') : run.str;
    if ((text === '' || endsWithSpace) && str.charCodeAt(0) === 0x20) str = str.slice(1);
    // pdf.js often omits the space between words that are placed separately; a
    // wrapped table cell goes back to the left, and needs a space too.
    const gap = run.x - prevRight;
    if (text !== '' && !endsWithSpace && !str.startsWith(' ') && str !== '' && (run.spaceBefore || gap > run.fontSize * 0.15 || gap < -run.fontSize)) {
      text += ' ';
      endsWithSpace = true;
    }
    const start = text.length;
    text += str;
    if (str !== '') endsWithSpace = str.charCodeAt(str.length - 1) === 0x20;
    runSpans.push([start, text.length]);
    prevRight = run.x + run.width;
  }
  const trimmed = text.trimEnd();
  for (const span of runSpans) {
    span[0] = Math.min(span[0], trimmed.length);
    span[1] = Math.min(span[1], trimmed.length);
  }
  const fontSize = runs.length === 1 ? runs[0]!.fontSize : median(runs.map((r) => r.fontSize));
  const baseline = runs[0]!.y;
  return { runs, runSpans, x: left, y: baseline, width: right - left, fontSize, text: trimmed, bold: chars > 0 && boldChars * 2 > chars };
}

const HAS_SPACE = /\s/;

/** Words (runs of non-whitespace) in a string, counted without building them. */
function wordCount(str: string): number {
  if (!HAS_SPACE.test(str)) return str.length > 0 ? 1 : 0;
  return str.match(/\S+/g)?.length ?? 0;
}

/**
 * Footnotes: blocks in smaller type than the page's body, with no body block below
 * them in the same column, in the lower half of the page. They follow the body text.
 */
function orderFootnotes(blocks: LayoutBlock[]): LayoutBlock[] {
  if (blocks.length < 2) return blocks;
  const body = bodySize(blocks);
  const pageBottom = Math.min(...blocks.map((b) => b.bottom));
  const pageTop = Math.max(...blocks.map((b) => b.top));
  const lowerHalf = (b: LayoutBlock) => b.top < pageBottom + (pageTop - pageBottom) / 2;
  const small = (b: LayoutBlock) => b.fontSize <= body * 0.85;
  const overlaps = (a: LayoutBlock, b: LayoutBlock) => a.x < b.x + b.width && b.x < a.x + a.width;
  const isFootnote = (b: LayoutBlock) => small(b) && lowerHalf(b) && !blocks.some((o) => o !== b && !small(o) && overlaps(o, b) && o.top < b.bottom);
  const notes = blocks.filter(isFootnote);
  if (notes.length === 0) return blocks;
  return [...blocks.filter((b) => !notes.includes(b)), ...notes];
}

/** The font size most of the page's characters are set in. */
function bodySize(blocks: LayoutBlock[]): number {
  const weight = new Map<number, number>();
  for (const b of blocks) for (const l of b.lines) weight.set(l.fontSize, (weight.get(l.fontSize) ?? 0) + l.text.length);
  return [...weight].sort((a, b) => b[1] - a[1])[0]![0];
}
