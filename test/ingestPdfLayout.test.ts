/**
 * What page layout must not break: running headers and footers kept out of passages,
 * words hyphenated at line ends rejoined, columns read one after the other, table
 * text kept, and character ranges that map back to rectangles on the page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Passage } from '../native/api/types.js';
import type { Engine } from '../native/engine.js';
import { CONTRACT, makeContractPdf, makeTablePdf, makeThreeColumnPdf, makeTwoColumnPdf, TABLE, THREE_COLUMN, TWO_COLUMN } from './fixtures/makePdfs.js';
import { COLUMN_TOPICS, type ColumnTopic } from './fixtures/seededText.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { assertInsidePage, assertPassagesWellFormed, rectsForRange } from './helpers/passageChecks.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let engine: Engine;
const ids: Record<'contract' | 'twoColumns' | 'threeColumns' | 'table', string> = { contract: '', twoColumns: '', threeColumns: '', table: '' };

before(async () => {
  dir = makeTempDir();
  const files = {
    contract: await makeContractPdf(dir),
    twoColumns: await makeTwoColumnPdf(dir),
    threeColumns: await makeThreeColumnPdf(dir),
    table: await makeTablePdf(dir),
  };
  engine = openTestEngine(`${dir}/library`);
  const keys = Object.keys(files) as Array<keyof typeof files>;
  const { documents } = await engine['library:ingest']({ paths: keys.map((k) => files[k]) });
  keys.forEach((k, i) => {
    assert.equal(documents[i]!.status, 'ingested', `${k}: ${JSON.stringify(documents[i]!.error)}`);
    ids[k] = documents[i]!.id!;
  });
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

const passagesOf = async (id: string): Promise<Passage[]> => (await engine['library:passages']({ id })).passages;
const pageText = (id: string, n: number) => engine.documents.page(id, n)!.text;

describe('running headers, footers and page numbers', () => {
  test('every contract page text keeps its header and "Page n of N" footer', async () => {
    const { pages } = await engine['library:get']({ id: ids.contract });
    for (let n = 1; n <= pages; n++) {
      const text = pageText(ids.contract, n);
      assert.ok(text.includes(CONTRACT.header), `page ${n} has the header`);
      assert.ok(text.includes(CONTRACT.footer(n, pages)), `page ${n} has its footer`);
    }
  });

  test('no passage holds the running header, a "Page n of N" footer or any part of them', async () => {
    for (const p of await passagesOf(ids.contract)) {
      assert.ok(!p.text.includes('CONFIDENTIAL DRAFT'), `passage ${p.id} holds the header`);
      assert.ok(!/Page \d+ of \d+/.test(p.text), `passage ${p.id} holds a footer`);
    }
  });
});

describe('hyphenation', () => {
  for (const { word, broken } of CONTRACT.hyphenated) {
    test(`"${word}", hyphenated at a line end, is rejoined in the page text and passages and found by search`, async () => {
      const passages = await passagesOf(ids.contract);
      const holding = passages.filter((p) => new RegExp(`\\b${word}\\b`).test(p.text));
      assert.equal(holding.length, 1, `one passage holds "${word}"`);
      for (const p of passages) {
        assert.ok(!p.text.includes(broken) && !p.text.includes(broken.replace(' ', '')), `passage ${p.id} holds "${broken}"`);
      }
      const { results } = await engine['search:query']({ query: word });
      assert.equal(results[0]?.passageId, holding[0]!.id);
    });
  }

  test('the rejoined word maps to rectangles on two consecutive lines', async () => {
    const passage = (await passagesOf(ids.contract)).find((p) => p.text.includes('information'))!;
    const span = passage.spans.find((s) => pageText(ids.contract, s.page).slice(s.charStart, s.charEnd).includes('information'))!;
    const page = engine.documents.page(ids.contract, span.page)!;
    const at = page.text.indexOf('information');
    const rects = rectsForRange(page, at, at + 'information'.length);
    const lines = [...new Set(rects.map((r) => Math.round(r.y)))].sort((a, b) => b - a);
    assert.equal(lines.length, 2, `rects ${JSON.stringify(rects)}`);
    assert.ok(lines[0]! - lines[1]! > 10 && lines[0]! - lines[1]! < 25, 'the two lines are adjacent');
  });
});

describe('geometry', () => {
  test('every PDF page stores geometry: sextuples of (charStart, charEnd, x, y, w, h) inside the page text and page box', async () => {
    for (const id of Object.values(ids)) {
      const { pages } = await engine['library:get']({ id });
      for (let n = 1; n <= pages; n++) {
        const page = engine.documents.page(id, n)!;
        assert.ok(page.geometry instanceof Float32Array, `page ${n} of ${id} has geometry`);
        assert.ok(page.geometry.length > 0 && page.geometry.length % 6 === 0);
        assert.ok(page.width > 0 && page.height > 0);
        for (let i = 0; i < page.geometry.length; i += 6) {
          const [start, end, x, y, width, height] = Array.from(page.geometry.subarray(i, i + 6)) as [number, number, number, number, number, number];
          assert.ok(Number.isInteger(start) && start >= 0 && start < end && end <= page.text.length, `item ${i / 6}: ${start}-${end} inside text of ${page.text.length}`);
          assertInsidePage({ x, y, width, height }, page);
        }
      }
    }
  });

  test('a planted sentence maps to rectangles in the page body; the header maps to the top of the page, the footer to the bottom', async () => {
    const passage = (await passagesOf(ids.contract)).find((p) => p.text.includes('State of Delaware'))!;
    const page = engine.documents.page(ids.contract, passage.page)!;
    const at = page.text.replace(/\n/g, ' ').indexOf(CONTRACT.governingLaw); // same length: offsets carry over
    assert.ok(at >= 0);
    const body = rectsForRange(page, at, at + CONTRACT.governingLaw.length);
    assert.ok(body.length > 0);
    for (const r of body) {
      assertInsidePage(r, page);
      assert.ok(r.y > page.height * 0.12 && r.y + r.height < page.height * 0.88, `body rect ${JSON.stringify(r)} is in the body area`);
    }
    const headerAt = page.text.indexOf(CONTRACT.header);
    for (const r of rectsForRange(page, headerAt, headerAt + CONTRACT.header.length)) assert.ok(r.y > page.height * 0.88, `header rect ${JSON.stringify(r)}`);
    const footer = CONTRACT.footer(passage.page, (await engine['library:get']({ id: ids.contract })).pages);
    const footerAt = page.text.indexOf(footer);
    const footerRects = rectsForRange(page, footerAt, footerAt + footer.length);
    assert.ok(footerRects.length > 0);
    for (const r of footerRects) assert.ok(r.y < page.height * 0.12, `footer rect ${JSON.stringify(r)}`);
  });
});

/** Index of the last / first occurrence of any of a topic's words. */
function topicExtent(text: string, topic: ColumnTopic): { first: number; last: number } {
  const hits = COLUMN_TOPICS[topic].flatMap((w) => [...text.matchAll(new RegExp(`\\b${w}\\b`, 'g'))].map((m) => m.index));
  assert.ok(hits.length > 0, `the text has ${topic} words`);
  return { first: Math.min(...hits), last: Math.max(...hits) };
}

function assertReadingOrder(text: string, topics: ColumnTopic[], what: string): void {
  for (let i = 1; i < topics.length; i++) {
    const prev = topicExtent(text, topics[i - 1]!);
    const next = topicExtent(text, topics[i]!);
    assert.ok(prev.last < next.first, `${what}: all ${topics[i - 1]} text (ends at ${prev.last}) comes before ${topics[i]} text (starts at ${next.first})`);
  }
}

describe('columns', () => {
  for (const [key, spec] of [
    ['twoColumns', TWO_COLUMN],
    ['threeColumns', THREE_COLUMN],
  ] as const) {
    test(`${spec.pages[0]!.length}-column pages are read column by column after the full-width title`, async () => {
      for (const [i, topics] of spec.pages.entries()) {
        const text = pageText(ids[key], i + 1);
        assertReadingOrder(text, topics, `page ${i + 1} text`);
        if (i === 0) assert.ok(text.startsWith(spec.title), 'the title comes first');
      }
      const passages = await passagesOf(ids[key]);
      assertReadingOrder(passages.map((p) => p.text).join('\n'), spec.pages.flat(), 'passages in order');
      assertPassagesWellFormed(engine.documents, passages, await engine['library:get']({ id: ids[key] }));
    });

    test(`in the ${spec.pages[0]!.length}-column document no line mixes words of two columns`, async () => {
      for (const [i, topics] of spec.pages.entries()) {
        for (const line of pageText(ids[key], i + 1).split('\n')) {
          const present = topics.filter((t) => COLUMN_TOPICS[t].some((w) => new RegExp(`\\b${w}\\b`).test(line)));
          assert.ok(present.length <= 1, `line "${line}" mixes ${present.join(' and ')}`);
        }
      }
    });
  }
});

describe('tables', () => {
  test('every table cell is in the page text and in a passage, and cells are searchable', async () => {
    const text = pageText(ids.table, 1);
    const passages = (await passagesOf(ids.table)).map((p) => p.text).join('\n');
    for (const cell of [...TABLE.columns, ...TABLE.rows.flat()]) {
      assert.ok(text.includes(cell), `page text has "${cell}"`);
      assert.ok(passages.includes(cell), `passages have "${cell}"`);
    }
    const { results } = await engine['search:query']({ query: 'Lanternfish Hamburg', documentIds: [ids.table] });
    assert.ok(results[0]?.text.includes('Lanternfish Data GmbH'));
  });

  test('each table row reads left to right on one line of the page text', () => {
    const lines = pageText(ids.table, 1).split('\n');
    for (const row of [TABLE.columns as readonly string[], ...TABLE.rows]) assert.ok(lines.includes(row.join(' ')), `a line reads "${row.join(' ')}"`);
  });
});
