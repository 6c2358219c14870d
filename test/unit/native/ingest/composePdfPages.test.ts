import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composePdfPages } from '../../../../native/ingest/composePdfPages.js';
import type { LayoutBlock, LayoutLine, LayoutPage, TextRun } from '../../../../native/ingest/pageModel.js';

/** A line of one run, or of several runs given as [text, x] pairs (table cells). */
function line(text: string | Array<[string, number]>, y: number, fontSize = 12, extra: Partial<LayoutLine> = {}): LayoutLine {
  const cells = typeof text === 'string' ? [[text, 50] as [string, number]] : text;
  const runs: TextRun[] = cells.map(([str, x]) => ({ str, x, y, width: str.length * fontSize * 0.5, fontSize, fontName: 'F1' }));
  let joined = '';
  const runSpans: Array<[number, number]> = [];
  for (const r of runs) {
    if (joined !== '') joined += ' ';
    runSpans.push([joined.length, joined.length + r.str.length]);
    joined += r.str;
  }
  const right = Math.max(...runs.map((r) => r.x + r.width));
  return { runs, runSpans, x: runs[0]!.x, y, width: right - runs[0]!.x, fontSize, text: joined, ...extra };
}

function block(...lines: LayoutLine[]): LayoutBlock {
  return {
    lines,
    x: Math.min(...lines.map((l) => l.x)),
    width: Math.max(...lines.map((l) => l.x + l.width)) - Math.min(...lines.map((l) => l.x)),
    top: lines[0]!.y + 10,
    bottom: lines.at(-1)!.y - 3,
    fontSize: lines[0]!.fontSize,
  };
}

function page(number: number, ...blocks: LayoutBlock[]): LayoutPage {
  return { number, width: 600, height: 800, blocks };
}

/** Body text whose first line differs in words from page to page (the same words at the same height would be a running header). */
const body = (n: number) =>
  block(
    line(`The ${['tenant', 'landlord', 'agent', 'guarantor'][n - 1]} shall pay the rent under this agreement`, 700),
    line('on the first day of each month without demand,', 686),
    line('and the landlord shall give a receipt.', 672),
  );
const bodyText = (n: number) =>
  `The ${['tenant', 'landlord', 'agent', 'guarantor'][n - 1]} shall pay the rent under this agreement on the first day of each month without demand, and the landlord shall give a receipt.`;

test('a running header and page numbers stay in the page text but never reach a paragraph', () => {
  const layout = [1, 2, 3].map((n) => page(n, block(line('Lease Agreement', 780, 9)), body(n), block(line(`Page ${n}`, 30, 9))));
  const { pages, paragraphs } = composePdfPages(layout);
  assert.equal(
    pages[1]!.text,
    'Lease Agreement\n\nThe landlord shall pay the rent under this agreement\non the first day of each month without demand,\nand the landlord shall give a receipt.\n\nPage 2',
  );
  assert.deepEqual(
    paragraphs.map((p) => [p.page, p.text]),
    [1, 2, 3].map((n) => [n, bodyText(n)]),
  );
  for (const p of paragraphs) assert.equal(pages[p.page - 1]!.text.slice(p.charStart, p.charEnd).replace(/\n/g, ' '), p.text, 'offsets point into the page text');
});

test('a line at the top of only one page is text, not a running header', () => {
  const layout = [page(1, block(line('Lease Agreement', 780, 9)), body(1)), page(2, block(line('Lease Agreement', 780, 9)), block(line('Schedule of payments', 760, 9)), body(2))];
  const { paragraphs } = composePdfPages(layout);
  assert.ok(
    paragraphs.some((p) => p.text === 'Schedule of payments'),
    'only on one page',
  );
  assert.ok(!paragraphs.some((p) => p.text === 'Lease Agreement'), 'at the same height on both pages');
});

test('a bare page number under the last line of text is furniture even on a single page', () => {
  const { pages, paragraphs } = composePdfPages([page(1, body(1), block(line('- 7 -', 640)))]);
  assert.ok(pages[0]!.text.endsWith('\n\n- 7 -'));
  assert.ok(paragraphs.every((p) => !p.text.includes('- 7 -')));
});

test('a word broken across lines is joined in the paragraph and in the page text', () => {
  const { pages, paragraphs } = composePdfPages([page(1, block(line('The parties exchanged infor-', 700), line('mation before signing.', 686)))]);
  assert.equal(paragraphs[0]!.text, 'The parties exchanged information before signing.');
  assert.equal(pages[0]!.text, 'The parties exchanged information before signing.');
});

test('a hyphen before a capital stays: "Jean-" over "Paul" is not a broken word', () => {
  const { paragraphs } = composePdfPages([page(1, block(line('Signed by Jean-', 700), line('Paul Martin for the seller.', 686)))]);
  assert.equal(paragraphs[0]!.text, 'Signed by Jean- Paul Martin for the seller.');
});

test('each table row becomes a paragraph of its own, marked as a row', () => {
  const table = block(
    line(
      [
        ['Lease term', 50],
        ['12 months', 300],
      ],
      600,
    ),
    line(
      [
        ['Monthly rent', 50],
        ['$1,200', 300],
      ],
      586,
    ),
  );
  const { paragraphs } = composePdfPages([page(1, table)]);
  assert.deepEqual(
    paragraphs.map((p) => [p.text, p.tableRow]),
    [
      ['Lease term 12 months', true],
      ['Monthly rent $1,200', true],
    ],
  );
});

test('a two-cell row whose first cell is one word ("Rent", "$1,200") is a row too', () => {
  const row = (label: string, value: string, y: number) =>
    line(
      [
        [label, 50],
        [value, 300],
      ],
      y,
    );
  const { paragraphs } = composePdfPages([page(1, block(row('Rent', '$1,200', 600), row('Deposit', '$2,400', 586)))]);
  assert.deepEqual(
    paragraphs.map((p) => p.text),
    ['Rent $1,200', 'Deposit $2,400'],
  );
});

test('a label and its title on one line ("2.0" then "TERM") is a heading, not a table row', () => {
  const heading = line(
    [
      ['2.0', 50],
      ['TERM', 120],
    ],
    700,
  );
  const { paragraphs } = composePdfPages([page(1, block(heading, line('The term of this lease is twelve months from the start date.', 686)))]);
  assert.deepEqual(
    paragraphs.map((p) => [p.text, p.tableRow ?? false]),
    [
      ['2.0 TERM', false],
      ['The term of this lease is twelve months from the start date.', false],
    ],
  );
});

test('a heading set tight above its text becomes a paragraph of its own', () => {
  const { paragraphs } = composePdfPages([
    // Same size and weight as the text: only the words say it is a heading.
    page(1, block(line('ARTICLE IV', 700), line('The landlord shall keep the roof in good repair at all times.', 686))),
    page(2, body(2)),
  ]);
  assert.deepEqual(
    paragraphs.slice(0, 2).map((p) => [p.text, p.bold, p.fontSize, p.lineCount]),
    [
      ['ARTICLE IV', false, 12, 1],
      ['The landlord shall keep the roof in good repair at all times.', false, 12, 1],
    ],
  );
});

test('geometry packs one box per run, whose character range spells the run in the page text', () => {
  const { pages } = composePdfPages([page(1, body(1))]);
  const g = pages[0]!.geometry!;
  assert.equal(g.length, 3 * 6);
  const runs = body(1).lines.flatMap((l) => l.runs);
  for (let i = 0; i < runs.length; i++) {
    assert.equal(pages[0]!.text.slice(g[i * 6]!, g[i * 6 + 1]!), runs[i]!.str);
    assert.equal(g[i * 6 + 2], runs[i]!.x);
  }
});

test('a page laid out turned reports the size of the page as the viewer draws it', () => {
  const turned: LayoutPage = { ...page(1, body(1)), rotation: 90 };
  const { pages } = composePdfPages([turned]);
  assert.deepEqual([pages[0]!.width, pages[0]!.height], [800, 600]);
});
