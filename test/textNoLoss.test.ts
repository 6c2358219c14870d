/**
 * No word lost, none duplicated: the sentence splitter covers every character, the
 * passage builder carries every paragraph word into exactly one passage in reading
 * order, and the fidelity check measures that (and reports it when it is not so).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Engine } from '../native/engine.js';
import { buildStructure, DEFAULT_PASSAGE_LIMITS, type PassageLimits } from '../native/ingest/buildStructure.js';
import { alignWords, checkFidelity, fidelityWarning, recordFidelity } from '../native/ingest/checkFidelity.js';
import type { ComposedPage, Paragraph, PassageDraft, StructuredDocument } from '../native/model/documentModel.js';
import { splitParagraph } from '../native/ingest/splitParagraph.js';
import { sentenceSpans } from '../native/text/sentenceSpans.js';
import { TrickyText } from './fixtures/trickyText.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

const SMALL_LIMITS: PassageLimits = { minWords: 10, targetWords: 30, maxWords: 50 };

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/** Whitespace-separated words, and CJK sentences as words of their own (a passage may end after a CJK full stop). */
function wordsAndCjkSentences(text: string): string[] {
  return words(text.replace(/([。！？．｡][」』）】〕〉》]*)/gu, '$1 '));
}

/** Spans are in order, inside the text, trimmed, non-empty, and only whitespace lies outside them. */
function assertPartition(text: string, spans: Array<[number, number]>): void {
  let at = 0;
  for (const [s, e] of spans) {
    assert.ok(s >= at && e > s && e <= text.length, `bad span [${s}, ${e}) after ${at} in ${JSON.stringify(text)}`);
    assert.match(text.slice(at, s), /^\s*$/u, `text outside every sentence: ${JSON.stringify(text.slice(at, s))}`);
    assert.doesNotMatch(text[s]! + text[e - 1]!, /\s/u);
    at = e;
  }
  assert.match(text.slice(at), /^\s*$/u, `text after the last sentence: ${JSON.stringify(text.slice(at))}`);
}

function split(text: string): string[] {
  return sentenceSpans(text).map(([s, e]) => text.slice(s, e));
}

/** The paragraphs' words, in order, are exactly the passages' words: nothing lost, nothing repeated. */
function assertSameWords(paragraphs: Paragraph[], passages: PassageDraft[]): void {
  assert.equal(
    passages
      .map((p) => p.text)
      .join('')
      .replace(/\s+/g, ''),
    paragraphs
      .map((p) => p.text)
      .join('')
      .replace(/\s+/g, ''),
  );
  const expected = paragraphs.flatMap((p) => wordsAndCjkSentences(p.text));
  const actual = passages.flatMap((p) => wordsAndCjkSentences(p.text));
  if (actual.length !== expected.length || actual.some((w, i) => w !== expected[i])) {
    const i = actual.findIndex((w, k) => w !== expected[k]);
    assert.fail(
      `passages differ from paragraphs at word ${i}: expected …${expected.slice(Math.max(0, i - 5), i + 5).join(' ')}… got …${actual.slice(Math.max(0, i - 5), i + 5).join(' ')}… (${expected.length} vs ${actual.length} words)`,
    );
  }
}

/** Words of a text as the fidelity check counts them: all of a passage with no body text are extra words. */
function checkedWords(text: string): number {
  return checkFidelity([], [], [{ section: null, page: 1, pageEnd: 1, text, wordCount: 0, spans: [] }]).extraWords;
}

function structure(doc: { pages: ComposedPage[]; paragraphs: Paragraph[] }, limits: PassageLimits): StructuredDocument {
  const { sections, passages } = buildStructure({ paragraphs: doc.paragraphs, bodySize: 10, limits });
  const structured: StructuredDocument = { title: 't', pages: doc.pages, sections, passages };
  recordFidelity(structured, checkFidelity(doc.pages, doc.paragraphs, passages));
  return structured;
}

function oneParagraph(text: string, page = 1): { pages: ComposedPage[]; paragraphs: Paragraph[] } {
  return {
    pages: [{ number: page, width: 612, height: 792, text, geometry: null }],
    paragraphs: [{ page, charStart: 0, charEnd: text.length, text, fontSize: 10, lineCount: 20 }],
  };
}

describe('sentence splitter', () => {
  test('on 300 seeded tricky paragraphs, sentences cover every non-space character once, in order', () => {
    const gen = new TrickyText(7);
    for (let k = 0; k < 300; k++) {
      const text = gen.paragraph(20 + (k % 200));
      assertPartition(text, sentenceSpans(text));
    }
  });

  test('abbreviations, company suffixes and titles do not end sentences; a company suffix before "The" does', () => {
    assert.deepEqual(split('Mr. Smith signed on 1 May. The Company (Acme Inc. of Delaware) pays fees. Done!'), [
      'Mr. Smith signed on 1 May.',
      'The Company (Acme Inc. of Delaware) pays fees.',
      'Done!',
    ]);
    assert.deepEqual(split('Acme Co., a Delaware corporation, sells to Beta Ltd. and Gamma Corp. It was founded by Acme Inc. The end.'), [
      'Acme Co., a Delaware corporation, sells to Beta Ltd. and Gamma Corp.',
      'It was founded by Acme Inc.',
      'The end.',
    ]);
    assert.deepEqual(split('See No. 5 and p. 12, e.g. the fee, i.e. the price. Dr. Who agrees.'), ['See No. 5 and p. 12, e.g. the fee, i.e. the price.', 'Dr. Who agrees.']);
  });

  test('decimals, percentages and initialisms stay inside their sentence', () => {
    assert.deepEqual(split('Revenue grew 1.8% to $2.1 million in the U.S.A. during 2020. It fell in the U.S. The end.'), [
      'Revenue grew 1.8% to $2.1 million in the U.S.A. during 2020.',
      'It fell in the U.S.',
      'The end.',
    ]);
  });

  test('initials do not end sentences', () => {
    assert.deepEqual(split('J. R. R. Tolkien met C. S. Lewis. They talked.'), ['J. R. R. Tolkien met C. S. Lewis.', 'They talked.']);
  });

  test('a closing quote or bracket after the final period belongs to the sentence it closes', () => {
    assert.deepEqual(split('He calls it “creative property.” That is all. She said "no." (It was late.) Then ‘go.’ Done.'), [
      'He calls it “creative property.”',
      'That is all.',
      'She said "no."',
      '(It was late.)',
      'Then ‘go.’',
      'Done.',
    ]);
    assert.deepEqual(split('“Go.” she said, and left.'), ['“Go.” she said, and left.']);
  });

  test('ellipses end a sentence only before a capital', () => {
    assert.deepEqual(split('Wait... and then… nothing. What… Yes... It is.'), ['Wait... and then… nothing.', 'What…', 'Yes...', 'It is.']);
  });

  test('list markers opening a sentence are not sentences of their own', () => {
    assert.deepEqual(split('1. The Supplier shall pay. (a) The fee; (b) the term. iv. Other terms. 2.1. Notices.'), [
      '1. The Supplier shall pay.',
      '(a) The fee;',
      '(b) the term.',
      'iv. Other terms.',
      '2.1. Notices.',
    ]);
  });

  test('CJK full stops end sentences without a space after them', () => {
    assert.deepEqual(split('你好。我很好！谢谢？「引用です。」結束'), ['你好。', '我很好！', '谢谢？', '「引用です。」', '結束']);
  });

  test('Arabic and Hebrew sentences end at their own marks', () => {
    assert.deepEqual(split('مرحبا بك. كيف حالك؟ شكرا جزيلا۔ שלום לכולם. מה שלומך?'), ['مرحبا بك.', 'كيف حالك؟', 'شكرا جزيلا۔', 'שלום לכולם.', 'מה שלומך?']);
  });

  test('a citation marker after the period stays with its sentence', () => {
    assert.deepEqual(split('The term is two years. [P1] It covers the moon [P2].'), ['The term is two years. [P1]', 'It covers the moon [P2].']);
  });
});

describe('passage builder', () => {
  for (const [name, limits] of [
    ['default', DEFAULT_PASSAGE_LIMITS],
    ['small', SMALL_LIMITS],
  ] as const) {
    test(`on 40 seeded tricky documents (${name} limits), every paragraph word reaches exactly one passage, in order, and fidelity is 100%`, () => {
      for (let seed = 1; seed <= 40; seed++) {
        const doc = new TrickyText(seed).document(1 + (seed % 9));
        const structured = structure(doc, limits);
        assertSameWords(doc.paragraphs, structured.passages);
        for (const p of structured.passages) assert.ok(p.wordCount <= limits.maxWords || p.spans.length === 1, `passage of ${p.wordCount} words`);
        assert.equal(structured.fidelity, 1, `seed ${seed}`);
        assert.ok(structured.pages.every((p) => p.fidelity === 1 || (p.fidelity === null && !doc.paragraphs.some((q) => q.page === p.number))));
      }
    });
  }

  test('every unit of a long paragraph is at most maxWords, and the units cover it once', () => {
    const gen = new TrickyText(99);
    for (let k = 0; k < 50; k++) {
      const text = gen.paragraph(300 + k * 20);
      const units = splitParagraph({ page: 1, charStart: 100, charEnd: 100 + text.length, text, fontSize: 10, lineCount: 30 }, 60);
      assertPartition(
        text,
        units.map((u) => [u.charStart - 100, u.charEnd - 100]),
      );
      for (const u of units) assert.ok(u.words <= 60 && u.words === words(text.slice(u.charStart - 100, u.charEnd - 100)).length);
      assert.equal(units.filter((u) => u.opensParagraph).length, 1);
    }
  });

  // Each of these lost text before the fix: a long paragraph was cut into sentences by a pattern
  // that skipped whatever it could not match.
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
  for (const [name, sentence] of [
    ['a comma after an abbreviation ("Co.,")', 'Payments go to Acme Holdings Co., a Delaware corporation, each month.'],
    ['a percentage with a decimal point', 'The rate rose by 1.8% over the term.'],
    ['a decimal number', 'Section 2.1 applies to every renewal.'],
    ['an initialism (U.S.A.)', 'The goods ship from the U.S.A. to Canada.'],
    ['a closing curly quote after the period', 'This is what the author calls “creative property.”'],
  ] as const) {
    test(`a long paragraph with ${name} keeps every word in its passages`, () => {
      const text = `${filler(200)}. ${sentence} ${filler(120)}.`;
      const doc = oneParagraph(text);
      const structured = structure(doc, DEFAULT_PASSAGE_LIMITS);
      assertSameWords(doc.paragraphs, structured.passages);
      assert.ok(
        structured.passages.some((p) => p.text.includes(sentence)),
        sentence,
      );
      assert.equal(structured.fidelity, 1);
    });
  }
});

describe('fidelity check', () => {
  test('a passage builder that drops a sentence is measured below 99.5% on that page and reported with the file, the share and the page', () => {
    const doc = new TrickyText(3).document(4);
    const { passages } = buildStructure({ paragraphs: doc.paragraphs, bodySize: 10, limits: SMALL_LIMITS });
    // The broken builder: the longest passage on page 3 loses its second sentence.
    const victim = passages.filter((p) => p.page === 3).sort((a, b) => b.wordCount - a.wordCount)[0]!;
    const sentences = sentenceSpans(victim.text);
    assert.ok(sentences.length >= 2);
    const [s, e] = sentences[1]!;
    const broken = passages.map((p) => (p === victim ? { ...p, text: victim.text.slice(0, s) + victim.text.slice(e) } : p));
    const lost = checkedWords(victim.text.slice(s, e));
    const structured: StructuredDocument = { title: 't', pages: doc.pages.map((p) => ({ ...p })), sections: [], passages: broken };
    const report = checkFidelity(structured.pages, doc.paragraphs, broken);
    recordFidelity(structured, report);
    const page3 = doc.paragraphs.filter((p) => p.page === 3).reduce((n, p) => n + checkedWords(p.text), 0);
    assert.ok(structured.pages[2]!.fidelity! < 0.995);
    assert.ok(Math.abs(structured.pages[2]!.fidelity! - (page3 - lost) / page3) <= 1 / page3, `${structured.pages[2]!.fidelity} vs ${(page3 - lost) / page3}`);
    assert.equal(structured.pages.filter((p) => typeof p.fidelity === 'number' && p.fidelity < 1).length, 1);
    const warning = fidelityWarning('/tmp/contract.pdf', structured);
    assert.ok(warning);
    assert.match(warning, /\/tmp\/contract\.pdf/);
    assert.match(warning, new RegExp(`${(Math.floor(report.document! * 1000) / 10).toFixed(1)}%`));
    assert.match(warning, /p\. 3 \d+\.\d%/);
    assert.equal(fidelityWarning('/tmp/contract.pdf', { ...structured, pages: doc.pages.map((p) => ({ ...p, fidelity: 1 })) }), null);
  });

  test('the alignment is a sequence, not a bag: passages holding every word in the wrong order score below 100%', () => {
    const gen = new TrickyText(11);
    const a = gen.paragraph(300);
    const b = gen.paragraph(300);
    const text = `${a}\n\n${b}`;
    const paragraphs: Paragraph[] = [
      { page: 1, charStart: 0, charEnd: a.length, text: a, fontSize: 10, lineCount: 30 },
      { page: 1, charStart: a.length + 2, charEnd: text.length, text: b, fontSize: 10, lineCount: 30 },
    ];
    const swapped: PassageDraft[] = [b, a].map((t) => ({ section: null, page: 1, pageEnd: 1, text: t, wordCount: words(t).length, spans: [] }));
    const report = checkFidelity([{ number: 1, width: 1, height: 1, text, geometry: null }], paragraphs, swapped);
    const [na, nb] = [checkedWords(a), checkedWords(b)];
    // In order, only the longer of the two paragraphs can be matched (give or take words they share).
    assert.ok(report.document! <= (Math.max(na, nb) + 10) / report.bodyWords, `${report.document} with paragraphs of ${na} and ${nb} words`);
  });

  test('text repeated in the passages counts once and is reported as extra words', () => {
    const doc = oneParagraph(new TrickyText(5).paragraph(100));
    const { passages } = buildStructure({ paragraphs: doc.paragraphs, bodySize: 10, limits: DEFAULT_PASSAGE_LIMITS });
    const report = checkFidelity(doc.pages, doc.paragraphs, [...passages, passages[0]!]);
    assert.equal(report.document, 1);
    assert.equal(report.extraWords, checkFidelity(doc.pages, doc.paragraphs, [passages[0]!]).matchedWords);
  });

  test('after many scattered losses on a long document, the alignment finds exactly the words kept', () => {
    // Body: 20,000 word ids from a small vocabulary (many repeats); passages drop every 37th run of 5 words.
    const body: number[] = [];
    let x = 17;
    for (let i = 0; i < 20000; i++) body.push((x = (x * 1103515245 + 12345) % 2147483648) % 300);
    const kept: number[] = [];
    let keptCount = 0;
    for (let i = 0; i < body.length; i++) {
      if (Math.floor(i / 5) % 37 === 36) continue;
      kept.push(body[i]!);
      keptCount++;
    }
    const matched = alignWords(body, kept);
    const found = matched.reduce((n, m) => n + m, 0);
    assert.ok(found <= keptCount && found >= keptCount * 0.995, `${found} of ${keptCount}`);
  });
});

describe('ingest', () => {
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

  test('a text file of tricky prose is imported at 100% fidelity, with no warning', async () => {
    const gen = new TrickyText(21);
    const file = path.join(dir, 'tricky.txt');
    fs.writeFileSync(file, Array.from({ length: 40 }, (_, i) => gen.paragraph(i % 5 === 0 ? 400 : 60)).join('\n\n'));
    const warnings: string[] = [];
    const { documents } = await engine['library:ingest']({ paths: [file] }, { onWarning: (m) => warnings.push(m) });
    assert.equal(documents[0]!.status, 'ingested');
    assert.deepEqual(warnings, []);
    assert.equal(documents[0]!.warnings, undefined);
    const summary = (await engine['library:list']()).documents.find((d) => d.id === documents[0]!.id)!;
    assert.equal(summary.fidelity, 1);
  });
});
