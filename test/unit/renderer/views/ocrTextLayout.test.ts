import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lowConfidenceLabel, placeOcrWords, type ViewportLike } from '../../../../renderer/views/ocrTextLayout.js';

/** pdf.js's viewport for an unrotated page: user space (y up, from the view box's corner) to pixels (y down) at `scale`. */
function viewport(viewBox: [number, number, number, number], scale: number): ViewportLike {
  const [x0, , , y1] = viewBox;
  const point = (x: number, y: number) => [(x - x0) * scale, (y1 - y) * scale];
  return {
    width: (viewBox[2] - viewBox[0]) * scale,
    height: (viewBox[3] - viewBox[1]) * scale,
    viewBox,
    convertToViewportRectangle: ([a, b, c, d]) => [...point(a!, b!), ...point(c!, d!)],
  };
}

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

test('a recognised word is placed in percent of the page, measured from the top-left as the page is drawn, at any zoom', () => {
  const word = { text: 'Wilmington', x: 72, y: 700, width: 100, height: 12 };
  for (const scale of [1, 2.5]) {
    const [placed] = placeOcrWords([word], viewport([0, 0, 612, 792], scale));
    assert.equal(placed!.text, 'Wilmington');
    assert.ok(close(placed!.left, (72 / 612) * 100) && close(placed!.top, (80 / 792) * 100), JSON.stringify(placed));
    assert.ok(close(placed!.width, (100 / 612) * 100) && close(placed!.height, (12 / 792) * 100), JSON.stringify(placed));
  }
});

test('a page whose visible box does not start at 0,0 places its words the same (stored rectangles start at that box)', () => {
  const word = { text: 'rent', x: 72, y: 700, width: 40, height: 12 };
  const [plain] = placeOcrWords([word], viewport([0, 0, 612, 792], 1));
  const [cropped] = placeOcrWords([word], viewport([10, 20, 622, 812], 1));
  assert.deepEqual(cropped, plain);
});

test('the low-confidence note names the page, or the pages, and shortens a long list', () => {
  assert.equal(lowConfidenceLabel([]), null);
  assert.equal(lowConfidenceLabel([3]), 'OCR: low confidence on p. 3');
  assert.equal(lowConfidenceLabel([3, 7]), 'OCR: low confidence on pp. 3, 7');
  assert.equal(lowConfidenceLabel([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 'OCR: low confidence on pp. 1, 2, 3, 4, 5, 6, 7, 8 and 2 more');
});
