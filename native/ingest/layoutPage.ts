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
 */
export function layoutPage(number: number, width: number, height: number, runs: TextRun[]): LayoutPage {
  const fragments = buildFragments(runs);
  const leaves: Fragment[][] = [];
  xyCut(fragments, leaves, 0, median(fragments.map((f) => f.fontSize)));
  const blocks = leaves.map(toBlock).filter((b): b is LayoutBlock => b !== null);
  return { number, width, height, blocks };
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
}

const MAX_DEPTH = 40;

function buildFragments(runs: TextRun[]): Fragment[] {
  const visible = runs.filter((r) => r.fontSize > 0 && Number.isFinite(r.x) && Number.isFinite(r.y));
  // Sort by baseline (top first), then left to right.
  const sorted = [...visible].sort((a, b) => b.y - a.y || a.x - b.x);
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
  return fragments.filter((f) => f.runs.some((r) => r.str.trim() !== ''));
}

/** Splits one baseline's runs where the gap between them is wider than a generous word space. */
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
    if (current.length > 0 && gap > size * 1.2) push();
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
    if (r.str.trim() !== '' && r.fontSize > fontSize) {
      fontSize = r.fontSize;
      y = r.y;
    }
  }
  if (fontSize === 0) {
    fontSize = runs[0]!.fontSize;
    y = runs[0]!.y;
  }
  return { runs, left, right, y, top: y + fontSize * 0.85, bottom: y - fontSize * 0.25, fontSize };
}

/** `size` is the page's median font size: gaps are judged against the page's type, not each region's. */
function xyCut(fragments: Fragment[], leaves: Fragment[][], depth: number, size: number): void {
  if (fragments.length <= 1 || depth > MAX_DEPTH) {
    if (fragments.length > 0) leaves.push(fragments);
    return;
  }
  const h = widestGap(fragments.map((f) => [f.bottom, f.top] as const));
  const v = widestGap(fragments.map((f) => [f.left, f.right] as const));
  // A vertical cut (columns) must be a real gutter with text on both sides in several lines.
  let vertical = v && v.gap >= Math.max(size * 1.0, 6) ? v : null;
  if (vertical) {
    const leftCount = fragments.filter((f) => f.right <= vertical!.at).length;
    const rightCount = fragments.length - leftCount;
    if (leftCount < 2 || rightCount < 2 || isTableRows(fragments, vertical.at, size)) vertical = null;
  }
  const horizontal = h && h.gap >= size * 0.45 ? h : null;
  if (vertical && (!horizontal || vertical.gap >= horizontal.gap * 1.5)) {
    const left = fragments.filter((f) => f.right <= vertical!.at);
    const right = fragments.filter((f) => f.right > vertical!.at);
    xyCut(left, leaves, depth + 1, size);
    xyCut(right, leaves, depth + 1, size);
    return;
  }
  if (horizontal) {
    const above = fragments.filter((f) => f.bottom >= horizontal.at);
    const below = fragments.filter((f) => f.bottom < horizontal.at);
    xyCut(above, leaves, depth + 1, size);
    xyCut(below, leaves, depth + 1, size);
    return;
  }
  leaves.push(fragments);
}

/**
 * Whether a gutter at `at` runs between the cells of table rows rather than between columns:
 * most baselines have text on both sides, and that text is short cells, not lines of prose.
 * Rows are then cut apart horizontally and each row stays one line.
 */
function isTableRows(fragments: Fragment[], at: number, size: number): boolean {
  const sides = new Map<number, { left: boolean; right: boolean }>();
  for (const f of fragments) {
    const key = Math.round(f.y / Math.max(1, size * 0.4));
    const side = sides.get(key) ?? { left: false, right: false };
    if (f.right <= at) side.left = true;
    else side.right = true;
    sides.set(key, side);
  }
  const rows = [...sides.values()];
  const both = rows.filter((r) => r.left && r.right).length;
  if (rows.length < 2 || both < rows.length * 0.6) return false;
  const words = median(fragments.map((f) => f.runs.reduce((n, r) => n + (r.str.match(/\S+/g)?.length ?? 0), 0)));
  return words <= 4;
}

/** The widest uncovered stretch between intervals, and where it lies. */
function widestGap(intervals: ReadonlyArray<readonly [number, number]>): { gap: number; at: number } | null {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let best: { gap: number; at: number } | null = null;
  let reach = sorted[0]?.[1] ?? 0;
  for (let i = 1; i < sorted.length; i++) {
    const [start, end] = sorted[i]!;
    const gap = start - reach;
    if (gap > 0 && (!best || gap > best.gap)) best = { gap, at: reach + gap / 2 };
    reach = Math.max(reach, end);
  }
  return best;
}

function toBlock(fragments: Fragment[]): LayoutBlock | null {
  // Fragments of one leaf that share a baseline form one line, left to right.
  const sorted = [...fragments].sort((a, b) => b.y - a.y || a.left - b.left);
  const lines: LayoutLine[] = [];
  let group: Fragment[] = [];
  const flush = () => {
    if (group.length === 0) return;
    lines.push(toLine(group.flatMap((f) => f.runs).sort((a, b) => a.x - b.x)));
    group = [];
  };
  for (const f of sorted) {
    const last = group[0];
    if (last && Math.abs(last.y - f.y) > Math.max(1, f.fontSize * 0.4)) flush();
    group.push(f);
  }
  flush();
  const nonEmpty = lines.filter((l) => l.text.trim() !== '');
  if (nonEmpty.length === 0) return null;
  const left = Math.min(...fragments.map((f) => f.left));
  const right = Math.max(...fragments.map((f) => f.right));
  return {
    lines: nonEmpty,
    x: left,
    width: right - left,
    top: Math.max(...fragments.map((f) => f.top)),
    bottom: Math.min(...fragments.map((f) => f.bottom)),
    fontSize: median(nonEmpty.map((l) => l.fontSize)),
  };
}

function toLine(runs: TextRun[]): LayoutLine {
  let text = '';
  const runSpans: Array<[number, number]> = [];
  let prevRight = Number.NaN;
  for (const run of runs) {
    let str = run.str.replace(/\s+/g, ' ');
    if (text === '' || text.endsWith(' ')) str = str.replace(/^ /, '');
    // pdf.js often omits the space between words that are placed separately.
    const gap = run.x - prevRight;
    if (text !== '' && !text.endsWith(' ') && !str.startsWith(' ') && str !== '' && gap > run.fontSize * 0.15) text += ' ';
    const start = text.length;
    text += str;
    runSpans.push([start, text.length]);
    prevRight = run.x + run.width;
  }
  const trimmed = text.trimEnd();
  for (const span of runSpans) {
    span[0] = Math.min(span[0], trimmed.length);
    span[1] = Math.min(span[1], trimmed.length);
  }
  const left = runs[0]!.x;
  const right = Math.max(...runs.map((r) => r.x + r.width));
  const sized = runs.filter((r) => r.str.trim() !== '');
  const fontSize = median((sized.length > 0 ? sized : runs).map((r) => r.fontSize));
  const baseline = (sized[0] ?? runs[0]!).y;
  return { runs, runSpans, x: left, y: baseline, width: right - left, fontSize, text: trimmed };
}
