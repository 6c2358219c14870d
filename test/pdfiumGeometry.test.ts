/**
 * Page geometry from PDFium lands where pdf.js, the viewer, draws the glyphs: for each word
 * of a planted phrase, the rectangle Lectern stores and the box pdf.js's text layer gives
 * overlap centre in centre, on a turned page, offset media and crop boxes, a Type3 font and
 * text set up the sheet. Text outside the crop box is not the document's.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import type { Engine } from '../native/engine.js';
import { GEOMETRY, makeGeometryPdf } from './fixtures/makeGeometryPdf.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import type { Rect } from '../native/api/types.js';
import { assertInsidePage, rectsForRange } from './helpers/passageChecks.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let engine: Engine;
let id: string;
let file: string;

before(async () => {
  dir = makeTempDir();
  file = await makeGeometryPdf(dir);
  engine = openTestEngine(`${dir}/library`);
  const { documents } = await engine['library:ingest']({ paths: [file] });
  assert.equal(documents[0]!.status, 'ingested', JSON.stringify(documents[0]!.error));
  id = documents[0]!.id!;
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

/** Where pdf.js puts a word of a text item, as an axis-aligned box relative to the page view's corner. */
function pdfjsWordBox(item: TextItem, start: number, length: number, view: number[]): Rect {
  const [a, b, c, d, e, f] = item.transform as number[];
  const along = Math.hypot(a!, b!);
  const up = Math.hypot(c!, d!);
  const u = [a! / along, b! / along];
  const v = [c! / up, d! / up];
  const perChar = item.width / item.str.length; // monospaced fonts only
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of [start * perChar, (start + length) * perChar]) {
    for (const t of [-0.2 * up, 0.8 * up]) {
      xs.push(e! + u[0]! * s + v[0]! * t - view[0]!);
      ys.push(f! + u[1]! * s + v[1]! * t - view[1]!);
    }
  }
  return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
}

const centre = (r: Rect) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });
const inside = (p: { x: number; y: number }, r: Rect, tolerance: number) =>
  p.x >= r.x - tolerance && p.x <= r.x + r.width + tolerance && p.y >= r.y - tolerance && p.y <= r.y + r.height + tolerance;

describe('PDFium geometry lands on the glyphs pdf.js draws', () => {
  GEOMETRY.pages.forEach((setup, index) => {
    test(`${setup.name}: every word of "${setup.phrase}" has a stored rectangle centred on pdf.js's box for it`, async () => {
      const page = engine.documents.page(id, index + 1)!;
      const doc = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(file)), isEvalSupported: false, verbosity: 0 }).promise;
      try {
        const pdfPage = await doc.getPage(index + 1);
        const view = pdfPage.view as number[];
        const items = (await pdfPage.getTextContent()).items.filter((i): i is TextItem => 'str' in i);
        assert.ok(
          items
            .map((i) => i.str)
            .join('')
            .includes(setup.phrase),
          `pdf.js sees "${setup.phrase}" on page ${index + 1}`,
        );
        const phraseAt = page.text.indexOf(setup.phrase);
        assert.ok(phraseAt >= 0, `Lectern's page text holds "${setup.phrase}": ${JSON.stringify(page.text.slice(0, 120))}`);
        let offset = 0;
        for (const word of setup.phrase.split(' ')) {
          const inPhrase = setup.phrase.indexOf(word, offset);
          offset = inPhrase + word.length;
          const stored = rectsForRange(page, phraseAt + inPhrase, phraseAt + inPhrase + word.length);
          assert.equal(stored.length, 1, `one rectangle for "${word}": ${JSON.stringify(stored)}`);
          const rect = stored[0]!;
          assertInsidePage(rect, page);
          // pdf.js splits lines into items as it likes: the word's box in whichever item holds it.
          const boxes = items.flatMap((i) => [...i.str.matchAll(new RegExp(`\\b${word}\\b`, 'g'))].map((m) => pdfjsWordBox(i, m.index!, word.length, view)));
          assert.equal(boxes.length, 1, `pdf.js has "${word}" once on the page`);
          const viewer = boxes[0]!;
          assert.ok(inside(centre(viewer), rect, 1.5), `pdf.js's box ${JSON.stringify(viewer)} is centred inside Lectern's ${JSON.stringify(rect)} for "${word}"`);
          assert.ok(inside(centre(rect), viewer, 1.5), `Lectern's rectangle ${JSON.stringify(rect)} is centred inside pdf.js's box ${JSON.stringify(viewer)} for "${word}"`);
          assert.ok(Math.abs(rect.width - viewer.width) < 3 && Math.abs(rect.height - viewer.height) < 4, `sizes agree for "${word}": ${JSON.stringify({ rect, viewer })}`);
        }
      } finally {
        await doc.destroy();
      }
    });
  });

  test("text outside the crop box (printer's marks) is not stored", () => {
    const hidden = GEOMETRY.pages[1]!.hidden!;
    const pages = engine['library:get'] ? [1, 2, 3, 4].map((n) => engine.documents.page(id, n)!.text) : [];
    for (const text of pages) assert.ok(!text.includes(hidden), `"${hidden}" is not in any page text`);
  });

  test('every page keeps its body text in reading order, turned pages included', () => {
    for (let n = 1; n <= GEOMETRY.pages.length; n++) {
      const text = engine.documents.page(id, n)!.text.replace(/\s+/g, ' ');
      const expected = [GEOMETRY.pages[n - 1]!.phrase, ...GEOMETRY.body].join(' ');
      assert.equal(text, expected, `page ${n}`);
    }
  });

  test('stored page sizes are those of the page in user space, whichever way it is turned', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => {
        const p = engine.documents.page(id, n)!;
        return [p.width, p.height];
      }),
      [
        [612, 792],
        [512, 692],
        [612, 792],
        [612, 792],
      ],
    );
  });
});
