import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutPage } from '../../../../../native/ingest/layoutPage.js';
import { ocrRuns, type Affine, type OcrBlock, type OcrLine } from '../../../../../native/ingest/ocr/ocrRuns.js';

/** 300 DPI pixels (y down) onto a Letter page in points (y up). */
const TO_PAGE: Affine = [0.24, 0, 0, -0.24, 0, 792];

/** A line of eight words set from x = 300 px, rising `slope` px per px to the right (a crooked sheet), baseline at `y` on its left. */
function skewedLine(words: string[], y: number, slope: number): OcrLine {
  const placed = words.map((text, i) => {
    const x0 = 300 + i * 240;
    const base = y - slope * (x0 - 300);
    return { text, confidence: 90, bbox: { x0, y0: base - 40, x1: x0 + 200, y1: base + 10 } };
  });
  const x1 = placed.at(-1)!.bbox.x1;
  return {
    words: placed,
    bbox: { x0: 300, y0: Math.min(...placed.map((w) => w.bbox.y0)), x1, y1: Math.max(...placed.map((w) => w.bbox.y1)) },
    baseline: { x0: 300, y0: y, x1, y1: y - slope * (x1 - 300), has_baseline: true },
    rowAttributes: { row_height: 50 },
  };
}

test('a skewed scan keeps each recognised line one line, in order, though its right end rises past the next line', () => {
  const first = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
  const second = ['india', 'juliet', 'kilo', 'lima', 'mike', 'november', 'oscar', 'papa'];
  // 0.05 px per px over 1880 px is 94 px of rise, more than the 70 px between the lines.
  const blocks: OcrBlock[] = [{ paragraphs: [{ lines: [skewedLine(first, 500, 0.05), skewedLine(second, 570, 0.05)] }] }];
  const page = layoutPage(1, 612, 792, ocrRuns(blocks, TO_PAGE));
  const lines = page.blocks.flatMap((b) => b.lines.map((l) => l.text));
  assert.deepEqual(lines, [first.join(' '), second.join(' ')]);
});

test('each recognised word keeps its own box on the page, where the skewed line set it', () => {
  const line = skewedLine(['alpha', 'bravo', 'charlie'], 500, 0.05);
  const runs = ocrRuns([{ paragraphs: [{ lines: [line] }] }], TO_PAGE);
  assert.equal(runs.length, 3);
  runs.forEach((run, i) => {
    const { x0, y0, x1, y1 } = line.words[i]!.bbox;
    assert.deepEqual(run.box, { x: x0 * 0.24, y: 792 - y1 * 0.24, width: (x1 - x0) * 0.24, height: (y1 - y0) * 0.24 });
  });
  assert.equal(new Set(runs.map((r) => r.y)).size, 1, 'one baseline for the line');
});
