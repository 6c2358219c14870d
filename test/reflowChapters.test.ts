/**
 * 'library:chapter', the reflowable reader's view of an EPUB, DOCX or HTML document, through the
 * engine on files the suite writes: the sanitized HTML holds exactly the stored chapter text (each
 * block's data-char-start/end is its range in it), keeps the book's structure, and never carries a
 * script, style, event attribute, image or external link, even when the book is full of them.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Engine } from '../native/engine.js';
import { makeContractDocx } from './fixtures/makeDocx.js';
import { makeEpub, type EpubChapter } from './fixtures/makeEpub.js';
import { NARRATIVE_BANK, SentenceMaker } from './fixtures/seededText.js';
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

/** A book that tries everything a book should not do in a reader. */
function hostileChapters(): EpubChapter[] {
  const text = new SentenceMaker(5, NARRATIVE_BANK);
  const paragraphs = (n: number) => Array.from({ length: n }, () => `<p>${text.paragraph(50)}</p>`).join('\n');
  return [
    {
      file: 'chapter1.xhtml',
      label: 'The Lamp',
      body: `<h1 onclick="alert(1)">The Lamp</h1><p style="color:red" onmouseover="steal()">The keeper <em>trimmed</em> the wick at dusk &amp; waited.</p>${paragraphs(3)}
<p>Write &lt;script&gt;alert(3)&lt;/script&gt; on the slate, said the keeper.</p>
<script>window.ran = true;</script><style>p { display: none }</style>
<p><a href="https://example.com/track">A link out</a> and <a href="#tide">a link in</a>.</p>
<ul><li>Oil</li><li>Wick<br/>and glass</li></ul>
<table><tr><td>Tide</td><td>High</td></tr><tr><td>Wind</td><td>West</td></tr></table>
<h2 id="tide">The Tide</h2>${paragraphs(2)}<p><img src="https://example.com/gull.png" onerror="alert(2)" alt="A gull over the harbour wall"/></p>
<iframe src="https://example.com"></iframe><object data="x.swf"></object>`,
      children: [{ label: 'The Tide', anchor: 'tide' }],
    },
    { file: 'chapter2.xhtml', label: 'The Storm', body: `<h1>The Storm</h1>${paragraphs(4)}<p>By morning the sea was glass.</p>` },
  ];
}

async function ingest(file: string): Promise<string> {
  const { documents } = await engine.invoke('library:ingest', { paths: [file] });
  assert.equal(documents[0]!.status, 'ingested', JSON.stringify(documents[0]!.error));
  return documents[0]!.id!;
}

/**
 * Checks the mapping: every element with a character range holds exactly that slice of the stored
 * chapter text, the ranges are in order and do not overlap, and between them lies only the blank
 * line that separates blocks. Returns the tag names of the ranged elements.
 */
function assertExactMapping(html: string, chapterText: string): string[] {
  const root = parseDocument(html);
  const ranged = DomUtils.findAll((el) => el.attribs['data-char-start'] !== undefined, root.children);
  assert.ok(ranged.length > 0, 'the chapter has blocks');
  let rebuilt = '';
  let at = 0;
  for (const el of ranged) {
    const start = Number(el.attribs['data-char-start']);
    const end = Number(el.attribs['data-char-end']);
    assert.ok(start >= at && end > start, `ranges in order: ${start}-${end} after ${at}`);
    assert.equal(DomUtils.textContent(el), chapterText.slice(start, end), `the block at ${start} holds its text`);
    rebuilt += chapterText.slice(at, start).replace(/\n\n/g, '') + DomUtils.textContent(el);
    at = end;
  }
  assert.equal(chapterText.slice(at), '', 'no text after the last block');
  assert.equal(rebuilt, chapterText.replace(/(?<!^)\n\n(?!$)/g, ''), 'the blocks together are the whole chapter, nothing more');
  return ranged.map((el) => el.name);
}

function assertNothingActive(html: string): void {
  assert.doesNotMatch(html, /<(script|style|iframe|object|embed|img|link|meta)\b/i, 'no active or embedded element');
  assert.doesNotMatch(html, /\s(on\w+|style|src|srcset|class|id)\s*=/i, 'no event, style or source attribute');
  assert.doesNotMatch(html, /href="(?!#)/i, 'no link leaves the chapter');
  assert.doesNotMatch(html, /https?:|javascript:/i, 'no URL at all');
}

describe('library:chapter', () => {
  test('an EPUB chapter comes back as sanitized HTML whose blocks hold exactly the stored chapter text, with its headings, list, table and figure', async () => {
    const file = path.join(dir, 'hostile.epub');
    fs.writeFileSync(file, await makeEpub({ version: 3, title: 'The Keeper', author: 'Ada Lowell', chapters: hostileChapters() }));
    const id = await ingest(file);
    const first = await engine.invoke('library:chapter', { id, chapter: 1 });
    assert.equal(first.structure, 'source');
    assert.equal(first.notice, null);
    const stored = engine.documents.page(id, 1)!.text;
    const tags = assertExactMapping(first.html, stored);
    assertNothingActive(first.html);
    assert.ok(tags.includes('h1') && tags.includes('h2'), `headings kept: ${tags.join(' ')}`);
    assert.ok(tags.includes('li') && tags.includes('tr') && tags.includes('figcaption'), `list, table and figure kept: ${tags.join(' ')}`);
    assert.match(first.html, /<figcaption[^>]*>A gull over the harbour wall<\/figcaption>/, 'the image is its alt text');
    assert.ok(first.html.includes('&lt;script&gt;alert(3)&lt;/script&gt;'), 'text that looks like markup stays text');
    assert.ok(!stored.includes('window.ran') && !first.html.includes('window.ran'));
    assert.deepEqual(
      first.chapters.map((c) => [c.number, c.title]),
      [
        [1, 'The Lamp'],
        [2, 'The Storm'],
      ],
    );
    assert.equal(first.chapters[0]!.textLength, stored.length);

    const second = await engine.invoke('library:chapter', { id, chapter: 2 });
    assertExactMapping(second.html, engine.documents.page(id, 2)!.text);
    assert.match(second.html, /By morning the sea was glass\.<\/p>$/);
  });

  test('a citation range of a passage maps onto the blocks: the cited sentence is inside one block range of its chapter', async () => {
    const file = path.join(dir, 'cited.epub');
    fs.writeFileSync(file, await makeEpub({ version: 2, title: 'Cited', author: 'C', chapters: hostileChapters() }));
    const id = await ingest(file);
    const { passages } = await engine.invoke('library:passages', { id });
    const passage = passages.find((p) => p.text.includes('By morning the sea was glass.'))!;
    const span = passage.spans.at(-1)!;
    const chapterText = engine.documents.page(id, span.page)!.text;
    const charStart = chapterText.indexOf('By morning the sea was glass.');
    const { html } = await engine.invoke('library:chapter', { id, chapter: span.page });
    const block = DomUtils.findAll((el) => Number(el.attribs['data-char-start']) <= charStart && Number(el.attribs['data-char-end']) > charStart, parseDocument(html).children);
    assert.equal(block.length, 1);
    const offset = charStart - Number(block[0]!.attribs['data-char-start']);
    assert.equal(DomUtils.textContent(block[0]!).slice(offset, offset + 29), 'By morning the sea was glass.');
  });

  test('a DOCX chapter keeps its mapping exact, with its table rows and list items', async () => {
    const file = path.join(dir, 'supply.docx');
    fs.writeFileSync(file, await makeContractDocx());
    const id = await ingest(file);
    const { chapters } = await engine.invoke('library:chapter', { id, chapter: 1 });
    const tags: string[] = [];
    for (const c of chapters) {
      const chapter = await engine.invoke('library:chapter', { id, chapter: c.number });
      assert.equal(chapter.structure, 'source');
      tags.push(...assertExactMapping(chapter.html, engine.documents.page(id, c.number)!.text));
      assertNothingActive(chapter.html);
    }
    assert.ok(tags.includes('tr') && tags.includes('li'), `tables and lists: ${tags.join(' ')}`);
  });

  test('when the file has changed since the import, the chapter is the stored text as plain paragraphs, still exactly mapped, and says why', async () => {
    const file = path.join(dir, 'changing.epub');
    fs.writeFileSync(file, await makeEpub({ version: 3, title: 'Changing', author: 'X', chapters: hostileChapters() }));
    const id = await ingest(file);
    fs.writeFileSync(file, await makeEpub({ version: 3, title: 'Changing', author: 'X', chapters: hostileChapters().reverse() }));
    const chapter = await engine.invoke('library:chapter', { id, chapter: 1 });
    assert.equal(chapter.structure, 'text');
    assert.match(chapter.notice ?? '', /no longer the file/);
    const tags = assertExactMapping(chapter.html, engine.documents.page(id, 1)!.text);
    assert.deepEqual([...new Set(tags)], ['p']);
    assertNothingActive(chapter.html);
  });

  test('a chapter past the end and an unknown document are refused with their codes', async () => {
    const file = path.join(dir, 'short.epub');
    fs.writeFileSync(file, await makeEpub({ version: 3, title: 'Short', author: 'S', chapters: hostileChapters() }));
    const id = await ingest(file);
    await assert.rejects(
      engine.invoke('library:chapter', { id, chapter: 3 }),
      (e: { code?: string; message?: string }) => e.code === 'INVALID_ARGUMENT' && /has 2 chapters/.test(e.message ?? ''),
    );
    await assert.rejects(engine.invoke('library:chapter', { id: 'nope', chapter: 1 }), (e: { code?: string }) => e.code === 'DOCUMENT_NOT_FOUND');
  });
});
