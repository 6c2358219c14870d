/**
 * Project Gutenberg texts: the title (and author) come from the header, and the header and the
 * licence stay in the page text but never become sections or passages.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Engine } from '../native/engine.js';
import { composeTextPages } from '../native/ingest/composeTextPages.js';
import { GUTENBERG, makeGutenbergText } from './fixtures/makeGutenbergText.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let engine: Engine;

before(() => {
  dir = makeTempDir();
  engine = openTestEngine(path.join(dir, 'library'));
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

function flatTitles(nodes: Array<{ title: string; children: unknown[] }>): string[] {
  return nodes.flatMap((n) => [n.title, ...flatTitles(n.children as typeof nodes)]);
}

describe('a Project Gutenberg text', () => {
  test('is titled from its header, and its header and licence reach no section or passage but stay in the page text', async () => {
    const file = makeGutenbergText(dir);
    const { documents } = await engine.invoke('library:ingest', { paths: [file] });
    const outcome = documents[0]!;
    assert.equal(outcome.status, 'ingested');
    assert.equal(outcome.title, GUTENBERG.title);
    const detail = await engine.invoke('library:get', { id: outcome.id! });
    const sections = flatTitles(detail.sections);
    for (const s of sections) assert.doesNotMatch(s, /gutenberg|title:|author:|volunteerium|section 1|section 2/i, `section "${s}"`);
    const { passages } = await engine.invoke('library:passages', { id: outcome.id! });
    const all = passages.map((p) => p.text).join('\n');
    assert.doesNotMatch(all, /gutenberg|\*\*\*/i);
    for (const word of GUTENBERG.frameWords) assert.ok(!all.includes(word), `no passage holds "${word}"`);
    assert.ok(all.includes(GUTENBERG.planted), 'the book itself is in the passages');
    assert.ok(all.includes('CHAPTER III. THE LAST LAMP') || sections.includes('CHAPTER III. THE LAST LAMP'), 'to its last chapter');
    const pages = Array.from({ length: detail.pages }, (_, i) => engine.documents.page(outcome.id!, i + 1)!.text).join('\n');
    assert.ok(pages.includes('*** START OF THE PROJECT GUTENBERG EBOOK'), 'the header stays in the page text');
    assert.ok(pages.includes('THE VOLUNTEERIUM NOTICE'), 'the licence stays in the page text');
    const { results } = await engine.invoke('search:query', { query: 'gratisware redistributable' });
    // Nothing matched: search says so by showing the document's opening passages instead, none of them the frame.
    assert.ok(
      results.every((r) => r.fallback === 'opening' && !/gratisware/i.test(r.text)),
      'search finds nothing of the frame',
    );
  });

  test('an older header without Title/Author fields gives the title and author from its opening line', () => {
    const file = makeGutenbergText(dir, { withFields: false, name: 'older.txt' });
    const { gutenberg, paragraphs } = composeTextPages(fs.readFileSync(file, 'utf8'), false);
    assert.deepEqual(gutenberg, { title: GUTENBERG.title, author: GUTENBERG.author });
    assert.equal(paragraphs[0]!.text, GUTENBERG.title, "the first paragraph is the book's own title line");
  });

  test('text that only mentions Project Gutenberg keeps every paragraph and has no Gutenberg title', () => {
    const text = 'Notes on digital libraries\n\nThe Project Gutenberg eBook of Walden was among the first we read.\n\nLater volunteers proofread it twice.';
    const { gutenberg, paragraphs } = composeTextPages(text, false);
    assert.equal(gutenberg, null);
    assert.equal(paragraphs.length, 3);
  });
});
