import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRuns } from '../../../../../native/ingest/pdfium/buildRuns.js';
import { PageChars, type CharStyle } from '../../../../../native/ingest/pdfium/PageChars.js';

/** A character as the test describes it; `style: null` is PDFium's own space or line end. */
interface PageChar {
  code: number;
  generated: boolean;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  ox: number;
  oy: number;
  style: CharStyle | null;
}

/** The characters as PdfiumDocument hands them over: one table, styles by index. */
function table(chars: PageChar[]): PageChars {
  const out = new PageChars();
  const index = new Map<CharStyle, number>();
  for (const c of chars) {
    if (c.generated || !c.style) {
      out.pushBreak();
      continue;
    }
    let s = index.get(c.style);
    if (s === undefined) index.set(c.style, (s = out.addStyle(c.style)));
    out.push(c.code, s, c.x0, c.x1, c.y0, c.y1, c.ox, c.oy);
  }
  return out;
}

const regular = { size: 10, angle: 0, name: 'Times-Roman', bold: false };
const bold = { size: 10, angle: 0, name: 'Times-Bold', bold: true };

/** Characters of `text` set left to right on one baseline from (x, y), 6 units per glyph; spaces as PDFium's generated breaks. */
function line(text: string, x: number, y: number, style: PageChar['style'] = regular): PageChar[] {
  return [...text].map((ch, i) => {
    const x0 = x + i * 6;
    const space = ch === ' ';
    return { code: ch.codePointAt(0)!, generated: space, x0, x1: x0 + 5, y0: y - 2, y1: y + 7, ox: x0, oy: y, style: space ? null : style };
  });
}

test('spaces end runs; each word becomes a run on its baseline', () => {
  const { runs, rotation, width, height } = buildRuns(table(line('Rent is due', 72, 700)), 612, 792);
  assert.deepEqual(
    runs.map((r) => r.str),
    ['Rent', 'is', 'due'],
  );
  assert.equal(rotation, 0);
  assert.deepEqual([width, height], [612, 792]);
  assert.ok(runs.every((r) => r.y === 700 && r.fontSize === 10));
  assert.equal(runs[0]!.x, 72);
  assert.equal(runs[1]!.spaceBefore, true);
});

test('a change of weight inside a word starts a new run that is bold', () => {
  const chars = [...line('Net', 72, 700), ...line('30', 72 + 18, 700, bold)];
  const { runs } = buildRuns(table(chars), 612, 792);
  assert.deepEqual(
    runs.map((r) => [r.str, r.bold ?? false]),
    [
      ['Net', false],
      ['30', true],
    ],
  );
});

test('characters on different baselines are different runs', () => {
  const { runs } = buildRuns(table([...line('Top', 72, 700), ...line('Low', 72 + 18, 680)]), 612, 792);
  assert.deepEqual(
    runs.map((r) => [r.str, r.y]),
    [
      ['Top', 700],
      ['Low', 680],
    ],
  );
});

test('a separately drawn circumflex joins the letter it sits over', () => {
  // "age" then a spacing circumflex drawn over the "e", then "ncia": PDFs set Portuguese this way.
  const chars = line('agencia', 72, 700);
  const e = chars[2]!;
  const accent: PageChar = { ...e, code: 0x02c6 };
  const { runs } = buildRuns(table([...chars.slice(0, 3), accent, ...chars.slice(3)]), 612, 792);
  assert.equal(runs.length, 1);
  assert.equal(runs[0]!.str.normalize('NFC'), 'agência');
});

test('a page whose text is set at 90 degrees is read in its turned frame', () => {
  const turned = { ...regular, angle: 90 };
  const chars: PageChar[] = [...'Table'].map((ch, i) => ({
    code: ch.codePointAt(0)!,
    generated: false,
    x0: 300,
    x1: 309,
    y0: 100 + i * 6,
    y1: 105 + i * 6,
    ox: 307,
    oy: 100 + i * 6,
    style: turned,
  }));
  const result = buildRuns(table(chars), 612, 792);
  assert.equal(result.rotation, 90);
  assert.deepEqual([result.width, result.height], [792, 612]);
  assert.deepEqual(
    result.runs.map((r) => r.str),
    ['Table'],
  );
});
