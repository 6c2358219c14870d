import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutPage, runBounds } from '../../../../native/ingest/layoutPage.js';
import type { LayoutPage, TextRun } from '../../../../native/ingest/pageModel.js';
import { seededRandom } from '../../../../native/eval/seededRandom.js';

/** A run as pdf.js would report it; the width is roughly that of the string in a proportional face. */
function run(str: string, x: number, y: number, fontSize = 12, extra: Partial<TextRun> = {}): TextRun {
  return { str, x, y, width: str.length * fontSize * 0.5, fontSize, fontName: 'F1', ...extra };
}

/** Lines of prose in one column, top baseline first, `leading` points apart. */
function column(x: number, top: number, count: number, label: string, fontSize = 12, leading = 14): TextRun[] {
  return Array.from({ length: count }, (_, i) => run(`${label} line ${i} has several words`, x, top - i * leading, fontSize));
}

const texts = (page: LayoutPage) => page.blocks.map((b) => b.lines.map((l) => l.text));
const allLines = (page: LayoutPage) => page.blocks.flatMap((b) => b.lines.map((l) => l.text));

test('a full-width title is read first, then the left column, then the right column', () => {
  const runs = [run('A Title That Spans Both Columns Of The Page', 50, 750, 18), ...column(320, 700, 5, 'right'), ...column(50, 700, 5, 'left')];
  const page = layoutPage(1, 600, 800, runs);
  assert.deepEqual(texts(page), [
    ['A Title That Spans Both Columns Of The Page'],
    Array.from({ length: 5 }, (_, i) => `left line ${i} has several words`),
    Array.from({ length: 5 }, (_, i) => `right line ${i} has several words`),
  ]);
});

test('a two-column table is cut into rows: each row reads across, label then value', () => {
  const rows = [
    ['Term', '12 months'],
    ['Rent', '$1,200'],
    ['Deposit', '$2,400'],
    ['Notice', '60 days'],
  ];
  const runs = rows.flatMap(([label, value], i) => [run(label!, 50, 600 - i * 14), run(value!, 300, 600 - i * 14)]);
  const page = layoutPage(1, 600, 800, runs);
  assert.deepEqual(
    allLines(page),
    rows.map(([label, value]) => `${label} ${value}`),
  );
});

test('two prose columns on shared baselines are columns, not a table', () => {
  // The same geometry as the table above, but with several words a line on both sides.
  const page = layoutPage(1, 600, 800, [...column(50, 600, 4, 'left'), ...column(300, 600, 4, 'right')]);
  assert.deepEqual(allLines(page), [
    ...Array.from({ length: 4 }, (_, i) => `left line ${i} has several words`),
    ...Array.from({ length: 4 }, (_, i) => `right line ${i} has several words`),
  ]);
});

test('a footnote at the foot of the left column is read after the right column, not between the columns', () => {
  const left = column(50, 700, 20, 'left');
  const footnote = run('1 A footnote in small type.', 50, 100, 8);
  // The right column runs down past the footnote, so no band across the page sets the footnote apart.
  const right = column(320, 700, 45, 'right');
  const page = layoutPage(1, 600, 800, [...left, footnote, ...right]);
  const lines = allLines(page);
  assert.equal(lines.at(-1), '1 A footnote in small type.');
  assert.ok(lines.indexOf('right line 0 has several words') > lines.indexOf('left line 19 has several words'), 'the columns stay in order');
  assert.equal(page.blocks.at(-1)!.fontSize, 8);
});

test('a small-type block with body text below it in its column is not moved as a footnote', () => {
  const body = column(50, 700, 10, 'body');
  const caption = run('Figure 1: a caption in small type.', 50, 300, 8);
  const after = column(50, 250, 10, 'after');
  const page = layoutPage(1, 600, 800, [...body, caption, ...after]);
  const lines = allLines(page);
  assert.ok(lines.indexOf('Figure 1: a caption in small type.') < lines.indexOf('after line 0 has several words'));
});

test('text set at an angle is read after all the horizontal text, never interleaved with it', () => {
  // A stamp reading up the left margin, level with the middle of the body text.
  const stamp = run('CONFIDENTIAL DRAFT', 20, 600, 10, { angle: 90 });
  const body = column(60, 700, 10, 'body');
  const page = layoutPage(1, 600, 800, [stamp, ...body]);
  assert.deepEqual(allLines(page), [...Array.from({ length: 10 }, (_, i) => `body line ${i} has several words`), 'CONFIDENTIAL DRAFT']);
  const last = page.blocks.at(-1)!;
  // Its box is given back in page space: narrow and tall, up the margin.
  assert.ok(last.width < 15 && last.top - last.bottom > 80, `box ${JSON.stringify(last)}`);
  assert.ok(last.x < 20 && last.x > 5);
});

test('a slightly skewed run (within 5°) counts as horizontal and joins its line', () => {
  const page = layoutPage(1, 600, 800, [run('Skewed', 50, 700, 12, { angle: 2 }), run('text', 90, 700, 12, { angle: 358 })]);
  assert.deepEqual(texts(page), [['Skewed text']]);
});

test('a whitespace run bridging the gutter is dropped and does not join the columns', () => {
  const left = column(50, 700, 5, 'left');
  const right = column(320, 700, 5, 'right');
  // pdf.js bridges wide gaps on one baseline with a run of spaces.
  const bridges = left.map((l) => ({ ...run(' ', l.x + l.width, l.y), width: 320 - (l.x + l.width) }));
  const page = layoutPage(1, 600, 800, [...left, ...bridges, ...right]);
  assert.deepEqual(allLines(page), [...left.map((r) => r.str), ...right.map((r) => r.str)]);
  const placed = page.blocks.flatMap((b) => b.lines.flatMap((l) => l.runs));
  assert.ok(
    bridges.every((b) => !placed.includes(b)),
    'no whitespace run lands in a line',
  );
});

test('runs on one baseline are spaced where the gap says so, and each run knows its span of the line text', () => {
  const a = run('Hello', 50, 700);
  const b = run('world', a.x + a.width + 4, 700); // a gap wider than 15% of the size: a word space
  const c = run('s', b.x + b.width, 700); // touching: the same word
  const page = layoutPage(1, 600, 800, [c, b, a]);
  const line = page.blocks[0]!.lines[0]!;
  assert.equal(line.text, 'Hello worlds');
  assert.deepEqual(
    line.runs.map((r, i) => line.text.slice(...line.runSpans[i]!)),
    ['Hello', 'world', 's'],
  );
});

test('runs with no size or no position are dropped', () => {
  const page = layoutPage(1, 600, 800, [run('kept', 50, 700), run('zero', 100, 700, 0), run('nan', Number.NaN, 700)]);
  assert.deepEqual(allLines(page), ['kept']);
});

test('a line is bold when most of its letters are bold', () => {
  const page = layoutPage(1, 600, 800, [run('Bold heading', 50, 700, 12, { bold: true }), run('x', 130, 700)]);
  assert.equal(page.blocks[0]!.lines[0]!.bold, true);
  const plain = layoutPage(1, 600, 800, [run('Bold', 50, 700, 12, { bold: true }), run('plain words here', 80, 700)]);
  assert.equal(plain.blocks[0]!.lines[0]!.bold, false);
});

test('runBounds turns a run reading up the page into a narrow, tall box', () => {
  const r = run('ABCDEFGHIJ', 100, 200, 10, { angle: 90 }); // 50 points long
  const box = runBounds(r);
  assert.ok(Math.abs(box.height - 50) < 1e-9);
  assert.ok(Math.abs(box.width - 10) < 1e-9);
  assert.ok(Math.abs(box.y - 200) < 1e-9);
  // The box lies left of the baseline's x: the glyphs' tops point to -x when the text reads up.
  assert.ok(Math.abs(box.x - 92) < 1e-9 && box.x + box.width <= 102 + 1e-9);
  assert.deepEqual(runBounds(run('abc', 10, 20, 10)), { x: 10, y: 18, width: 15, height: 10 });
});

test('every run that is not whitespace lands in exactly one line, over 200 seeded random pages', () => {
  const words = ['lease', 'term', 'rent', '§ 4', '(a)', 'Tenant', '$1,200', 'the', 'of', '—'];
  for (let seed = 1; seed <= 200; seed++) {
    const random = seededRandom(seed);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const runs: TextRun[] = [];
    const count = 1 + Math.floor(random() * 120);
    for (let i = 0; i < count; i++) {
      const fontSize = pick([6, 8, 10, 10, 10, 12, 18]);
      // Baselines on a grid half the time (columns, tables), anywhere the rest.
      const y = random() < 0.5 ? 800 - Math.floor(random() * 50) * 14 : random() * 800;
      const str = random() < 0.1 ? pick([' ', '  ', '\t']) : Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(words)).join(random() < 0.2 ? '' : ' ');
      const angle = random() < 0.1 ? pick([90, 270, 45, 180, 3, -2]) : undefined;
      runs.push({ ...run(str, random() * 550, y, fontSize), ...(angle === undefined ? {} : { angle }), bold: random() < 0.2 });
    }
    const page = layoutPage(seed, 600, 800, runs);
    const seen = new Map<TextRun, number>();
    for (const block of page.blocks) {
      assert.ok(block.lines.length > 0, `seed ${seed}: an empty block`);
      for (const line of block.lines) {
        assert.equal(line.runSpans.length, line.runs.length, `seed ${seed}: a span for each run`);
        assert.equal(line.text, line.text.trim(), `seed ${seed}: no space at the ends of a line`);
        for (const r of line.runs) seen.set(r, (seen.get(r) ?? 0) + 1);
      }
    }
    for (const r of runs) {
      const times = seen.get(r) ?? 0;
      if (r.str.trim() === '') assert.equal(times, 0, `seed ${seed}: whitespace run placed`);
      else assert.equal(times, 1, `seed ${seed}: run ${JSON.stringify(r)} placed ${times} times`);
    }
  }
});
