/**
 * EPUB, DOCX and HTML import through the engine, on files the suite writes itself (JSZip, docx):
 * structure, locations (chapter + character range), what is kept and what is dropped, and the
 * bad input each refused with its own code while the rest of the batch imports.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DocumentDetail, SectionNode } from '../native/api/types.js';
import type { Engine } from '../native/engine.js';
import { readEpub } from '../native/ingest/reflow/readEpub.js';
import { DOCX_CLAUSES, makeContractDocx } from './fixtures/makeDocx.js';
import { billionLaughs, chapterXhtml, deeplyNested, drmEncryptionXml, fontObfuscationXml, makeEpub, type EpubChapter } from './fixtures/makeEpub.js';
import { NARRATIVE_BANK, SentenceMaker } from './fixtures/seededText.js';
import { writeZipBomb } from './fixtures/writeZipBomb.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { assertPassagesWellFormed } from './helpers/passageChecks.js';
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

function titles(nodes: SectionNode[]): Array<[string, number]> {
  return nodes.flatMap((n) => [[n.title, n.level] as [string, number], ...titles(n.children)]);
}

function bookChapters(seed: number): EpubChapter[] {
  const text = new SentenceMaker(seed, NARRATIVE_BANK);
  const paragraphs = (n: number) => Array.from({ length: n }, () => `<p>${text.paragraph(60)}</p>`).join('\n');
  return [
    {
      file: 'chapter1.xhtml',
      label: 'The Lamp',
      body: `<h1>The Lamp</h1>${paragraphs(4)}<p>The keeper trimmed the wick at dusk.<a epub:type="noteref" href="#fn1">1</a></p>
<h2 id="tide">The Tide</h2>${paragraphs(3)}<p><img src="gull.png" alt="A gull over the harbour wall"/></p>
<aside epub:type="footnote" id="fn1"><p>The wick was cotton, soaked in whale oil.</p></aside>`,
      children: [{ label: 'The Tide', anchor: 'tide' }],
    },
    { file: 'chapter2.xhtml', label: 'The Storm', body: `<h1>The Storm</h1>${paragraphs(5)}<p>By morning the sea was glass.</p>` },
  ];
}

async function ingest(file: string) {
  const { documents } = await engine.invoke('library:ingest', { paths: [file] });
  return documents[0]!;
}

async function pageTexts(detail: DocumentDetail): Promise<string[]> {
  return Array.from({ length: detail.pages }, (_, i) => engine.documents.page(detail.id, i + 1)!.text);
}

describe('EPUB import', () => {
  for (const version of [3, 2] as const) {
    test(`an EPUB ${version} keeps spine order, its ${version === 3 ? 'nav document' : 'NCX'} as sections, footnotes in their chapter, alt text, and its title and author`, async () => {
      const file = path.join(dir, `keeper-${version}.epub`);
      fs.writeFileSync(file, await makeEpub({ version, title: 'The Keeper &amp; the Sea', author: 'Ada Lowell', chapters: bookChapters(version) }));
      const outcome = await ingest(file);
      assert.equal(outcome.status, 'ingested', JSON.stringify(outcome.error));
      assert.equal(outcome.title, 'The Keeper & the Sea');
      const detail = await engine.invoke('library:get', { id: outcome.id! });
      assert.equal(detail.format, 'epub');
      assert.equal(detail.author, 'Ada Lowell');
      assert.equal(detail.pages, 2, 'one page per chapter');
      assert.deepEqual(titles(detail.sections), [
        ['The Lamp', 1],
        ['The Tide', 2],
        ['The Storm', 1],
      ]);
      const [first, second] = await pageTexts(detail);
      assert.match(first!, /^The Lamp\n\n/, 'chapter 1 first');
      assert.match(second!, /^The Storm\n\n[\s\S]*By morning the sea was glass\.$/, 'chapter 2 second');
      assert.ok(first!.includes('The wick was cotton, soaked in whale oil.'), 'the footnote stays in its chapter');
      assert.ok(first!.includes('A gull over the harbour wall'), "the image's alt text is kept");
      assert.ok(!first!.includes('window.ran') && !first!.includes('margin'), 'scripts and styles are not text');
      const { passages } = await engine.invoke('library:passages', { id: outcome.id! });
      assertPassagesWellFormed(engine.documents, passages, detail);
      assert.ok(
        passages.some((p) => p.page === 2 && p.text.includes('By morning the sea was glass.')),
        'a passage in chapter 2 carries its chapter',
      );
      assert.equal(detail.fidelity, 1, 'every body word reached a passage');
    });
  }

  test('locations depend on the content only: two archives of the same book give the same chapters, offsets and passages', async () => {
    const chapters = bookChapters(7);
    const a = await readEpub(await makeEpub({ version: 3, title: 'Same', author: 'A', chapters }), 'a.epub');
    const b = await readEpub(await makeEpub({ version: 2, title: 'Same', author: 'A', chapters }), 'b.epub');
    assert.deepEqual(
      b.structured.pages.map((p) => p.text),
      a.structured.pages.map((p) => p.text),
    );
    assert.deepEqual(
      b.structured.passages.map((p) => p.spans),
      a.structured.passages.map((p) => p.spans),
    );
  });

  test('fonts obfuscated by the IDPF algorithm are not DRM: the book imports', async () => {
    const file = path.join(dir, 'fonts.epub');
    fs.writeFileSync(
      file,
      await makeEpub({ version: 3, title: 'Fonts', author: 'F', chapters: bookChapters(11), extra: { 'META-INF/encryption.xml': fontObfuscationXml('OEBPS/font.otf') } }),
    );
    assert.equal((await ingest(file)).status, 'ingested');
  });
});

describe('DOCX import', () => {
  test('headings and numbered clauses are sections, tables rows and lists items; tracked changes and comments are stated as left out', async () => {
    const file = path.join(dir, 'supply.docx');
    fs.writeFileSync(file, await makeContractDocx());
    const outcome = await ingest(file);
    assert.equal(outcome.status, 'ingested', JSON.stringify(outcome.error));
    const detail = await engine.invoke('library:get', { id: outcome.id! });
    assert.equal(detail.format, 'docx');
    assert.equal(detail.title, 'Supply Agreement');
    assert.equal(detail.author, 'Dana Whitfield');
    assert.deepEqual(titles(detail.sections), [['Supply Agreement', 1], ...DOCX_CLAUSES.map((c, i): [string, number] => [`${i + 1}. ${c.title}`, 2]), ['Schedule', 1]]);
    const text = (await pageTexts(detail)).join('\n\n');
    assert.ok(text.includes('Northwind Parts Limited | 1 Quay Street, Leith'), 'a table row keeps its cells, in order');
    assert.ok(text.includes('• Price list attached\n\n• Delivery calendar attached'), 'list items keep their bullets');
    assert.ok(text.includes('Payment is due within thirty days'), 'a tracked insertion is read as accepted');
    assert.ok(!text.includes('sixty'), 'a tracked deletion is left out');
    assert.ok(!text.includes('Check the notice period'), 'comments are not document text');
    assert.equal(detail.importNotes.length, 2);
    assert.match(detail.importNotes[0]!, /^Tracked changes were not shown: 2 changes were read as if accepted/);
    assert.match(detail.importNotes[1]!, /^1 comment was left out/);
    const { passages } = await engine.invoke('library:passages', { id: outcome.id! });
    assertPassagesWellFormed(engine.documents, passages, detail);
  });
});

describe('HTML import', () => {
  test('a saved page keeps its main content with headings as sections; navigation, scripts, styles and footers are dropped and nothing runs', async () => {
    const text = new SentenceMaker(3, NARRATIVE_BANK);
    const file = path.join(dir, 'page.html');
    fs.writeFileSync(
      file,
      `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Harbour Lights</title><meta name="author" content="Ines Marr">
<style>body { color: red }</style><script>document.title = 'ran'</script></head>
<body onload="alert(1)"><header><a href="/">Site home</a></header><nav><a href="/a">Archive</a> <a href="/b">Subscribe now</a></nav>
<main><h1>Harbour Lights</h1><p>${text.paragraph(80)}</p><h2>The Breakwater</h2><p>${text.paragraph(80)}</p>
<p><img src="x" onerror="alert(2)" alt="The breakwater at low tide"></p><h2>The Pier</h2><p>${text.paragraph(80)}</p></main>
<aside>Related stories you may like</aside><footer>Copyright Example Media</footer><script>fetch('https://example.com')</script></body></html>`,
    );
    const outcome = await ingest(file);
    assert.equal(outcome.status, 'ingested', JSON.stringify(outcome.error));
    const detail = await engine.invoke('library:get', { id: outcome.id! });
    assert.equal(detail.format, 'html');
    assert.equal(detail.title, 'Harbour Lights');
    assert.equal(detail.author, 'Ines Marr');
    assert.deepEqual(titles(detail.sections), [
      ['Harbour Lights', 1],
      ['The Breakwater', 2],
      ['The Pier', 2],
    ]);
    const all = (await pageTexts(detail)).join('\n');
    for (const dropped of ['Site home', 'Subscribe now', 'Related stories', 'Copyright', 'color: red', 'alert', 'fetch', 'document.title']) {
      assert.ok(!all.includes(dropped), `"${dropped}" is not in the text`);
    }
    assert.ok(all.includes('The breakwater at low tide'));
    const { passages } = await engine.invoke('library:passages', { id: outcome.id! });
    assertPassagesWellFormed(engine.documents, passages, detail);
  });
});

describe('bad input', () => {
  test('DRM, zip bombs, corrupt zips, a missing package document, entity expansion, absurd nesting and a .doc named .docx each get their code; the rest of the batch imports', async () => {
    const bad = path.join(dir, 'bad');
    fs.mkdirSync(bad);
    const write = (name: string, bytes: Buffer | string) => {
      fs.writeFileSync(path.join(bad, name), bytes);
      return path.join(bad, name);
    };
    const chapters = bookChapters(21);
    const good = await makeEpub({ version: 3, title: 'Good', author: 'G', chapters });
    const files: Record<string, string> = {
      drm: write(
        'drm.epub',
        await makeEpub({ version: 3, title: 'Locked', author: 'L', chapters, extra: { 'META-INF/encryption.xml': drmEncryptionXml(['OEBPS/chapter1.xhtml']) } }),
      ),
      rights: write('rights.epub', await makeEpub({ version: 2, title: 'Rights', author: 'R', chapters, extra: { 'META-INF/rights.xml': '<rights/>' } })),
      // 20 entries of 30 MiB of zeros: 600 MiB declared, a few hundred kilobytes on disk.
      bomb: write('bomb.epub', writeZipBomb({ entries: 20, entryBytes: 30 * 1024 ** 2 })),
      many: write('many.epub', writeZipBomb({ entries: 10_001, entryBytes: 1 })),
      corrupt: write('corrupt.epub', good.subarray(0, Math.floor(good.length / 2))),
      noPackage: write('nopackage.epub', await makeEpub({ version: 3, title: 'None', author: 'N', chapters, noContainer: true })),
      laughs: write('laughs.epub', await makeEpub({ version: 3, title: 'Laughs', author: 'L', chapters, rawChapters: { 'chapter2.xhtml': billionLaughs() } })),
      deep: write('deep.epub', await makeEpub({ version: 3, title: 'Deep', author: 'D', chapters, rawChapters: { 'chapter1.xhtml': deeplyNested(5000) } })),
      deepHtml: write('deep.html', `<html><body>${'<div>'.repeat(5000)}text${'</div>'.repeat(5000)}</body></html>`),
      legacyDoc: write('legacy.docx', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)])),
      good: write('good.epub', good),
    };
    const expected: Record<string, string> = {
      drm: 'DRM_PROTECTED',
      rights: 'DRM_PROTECTED',
      bomb: 'ARCHIVE_TOO_LARGE',
      many: 'ARCHIVE_TOO_LARGE',
      corrupt: 'DAMAGED_ARCHIVE',
      noPackage: 'DAMAGED_ARCHIVE',
      laughs: 'UNSAFE_MARKUP',
      deep: 'UNSAFE_MARKUP',
      deepHtml: 'UNSAFE_MARKUP',
      legacyDoc: 'UNSUPPORTED_FORMAT',
    };
    const before = (await engine.invoke('library:list', {})).documents.length;
    const { documents } = await engine.invoke('library:ingest', { paths: [bad] });
    const byPath = new Map(documents.map((d) => [d.path, d]));
    for (const [name, code] of Object.entries(expected)) {
      const outcome = byPath.get(files[name]!)!;
      assert.equal(outcome.status, 'failed', `${name} fails`);
      assert.equal(outcome.error?.code, code, `${name}: ${outcome.error?.message}`);
      assert.ok(outcome.error!.message.length > 40, `${name} says what to do: ${outcome.error!.message}`);
    }
    assert.match(byPath.get(files.drm!)!.error!.message, /DRM/);
    assert.match(byPath.get(files.legacyDoc!)!.error!.message, /save it as \.docx/);
    assert.equal(byPath.get(files.good!)!.status, 'ingested');
    const after = (await engine.invoke('library:list', {})).documents;
    assert.equal(after.length, before + 1, 'only the good book was stored: nothing half-written');
  });

  test('a chapter written as plain XHTML with an entity-free DOCTYPE still imports', async () => {
    const chapters = bookChapters(31);
    const xhtml = chapterXhtml('Plain', '<p>Plain &amp; simple.</p>').replace(
      '<html',
      '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n<html',
    );
    const read = await readEpub(await makeEpub({ version: 2, title: 'Plain', author: 'P', chapters, rawChapters: { 'chapter2.xhtml': xhtml } }), 'p.epub');
    assert.equal(read.structured.pages[1]!.text, 'Plain & simple.');
  });
});
