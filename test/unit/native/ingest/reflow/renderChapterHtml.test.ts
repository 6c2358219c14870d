import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomUtils, parseDocument } from 'htmlparser2';
import { composeChapters } from '../../../../../native/ingest/reflow/composeChapters.js';
import { htmlToBlocks } from '../../../../../native/ingest/reflow/htmlToBlocks.js';
import { renderChapterHtml } from '../../../../../native/ingest/reflow/renderChapterHtml.js';

/** Each ranged element's text, keyed by its range, for comparing with the chapter text. */
function rangedTexts(html: string): Array<{ tag: string; start: number; end: number; text: string }> {
  return DomUtils.findAll((el) => el.attribs['data-char-start'] !== undefined, parseDocument(html).children).map((el) => ({
    tag: el.name,
    start: Number(el.attribs['data-char-start']),
    end: Number(el.attribs['data-char-end']),
    text: DomUtils.textContent(el),
  }));
}

const CHAPTER = `<h1>Harbour &amp; Lamp</h1><p>First line<br/>second &lt;line&gt;</p><ul><li>Oil</li><li>Wick</li></ul>
<table><tr><td>Tide</td><td>High</td></tr></table><p><img src="x.png" alt="A gull"/></p><blockquote><p>Said once.</p><p>Said twice.</p></blockquote><p>Last.</p>`;

test('every block of a chapter read from markup holds exactly its range of the composed chapter text, with the kind the markup gave it', () => {
  const blocks = htmlToBlocks(CHAPTER, { part: 'c.xhtml' });
  const text = composeChapters({ title: 'T', chapters: [blocks] }).pages[0]!.text;
  const { html, structured } = renderChapterHtml(text, blocks.blocks);
  assert.equal(structured, true);
  const ranged = rangedTexts(html);
  for (const r of ranged) assert.equal(r.text, text.slice(r.start, r.end));
  assert.deepEqual(
    ranged.map((r) => r.tag),
    ['h1', 'p', 'li', 'li', 'tr', 'figcaption', 'p', 'p', 'p'],
  );
  assert.equal(ranged[1]!.text, 'First line\nsecond <line>', 'a line break is a newline of the text, and markup-like text stays text');
  assert.match(html, /<ul><li [^>]*>• Oil<\/li><li [^>]*>• Wick<\/li><\/ul><table><tbody><tr [^>]*><td>Tide \| High<\/td><\/tr><\/tbody><\/table>/);
  assert.match(html, /<blockquote><p [^>]*>Said once\.<\/p><p [^>]*>Said twice\.<\/p><\/blockquote><p [^>]*>Last\.<\/p>$/, 'quoted paragraphs share one blockquote');
});

test('blocks that do not line up with the stored text are not trusted: every block is a paragraph of the stored text', () => {
  const { html, structured } = renderChapterHtml('One\n\nTwo\n\nThree', [{ lines: ['One'], heading: 1 }]);
  assert.equal(structured, false);
  assert.deepEqual(rangedTexts(html), [
    { tag: 'p', start: 0, end: 3, text: 'One' },
    { tag: 'p', start: 5, end: 8, text: 'Two' },
    { tag: 'p', start: 10, end: 15, text: 'Three' },
  ]);
});

test('an empty chapter is empty HTML, and text that spells out script, style or handlers never becomes markup', () => {
  assert.equal(renderChapterHtml('', null).html, '');
  const hostile = '<script>alert(1)</script>\n\n<p style="x" onclick="y">z</p>\n\n<a href="https://example.com">out</a>';
  const { html } = renderChapterHtml(hostile, null);
  const elements = DomUtils.findAll(() => true, parseDocument(html).children);
  assert.deepEqual([...new Set(elements.map((el) => el.name))], ['p'], 'only paragraphs are elements');
  assert.deepEqual([...new Set(elements.flatMap((el) => Object.keys(el.attribs)))], ['data-char-start', 'data-char-end'], 'no attribute but the ranges');
  assert.deepEqual(
    rangedTexts(html).map((r) => r.text),
    hostile.split('\n\n'),
  );
});
