/**
 * The model-free half of question answering: sentence splitting, lexical alignment
 * of claims, the answer JSON and its stream, mapping quotes to pages and rectangles,
 * and extractive answers over a real ingested PDF.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Engine } from '../native/engine.js';
import { alignClaim } from '../native/qa/alignClaim.js';
import { answerSchema, parseModelAnswer, partialAnswer } from '../native/qa/answerSchema.js';
import { passageRangeToPages } from '../native/api/passageRanges.js';
import { rectsForRange } from '../native/qa/locateQuote.js';
import { sentenceSpans } from '../native/text/sentenceSpans.js';
import { buildStructuredContext, type ContextPassage } from '../native/qa/structuredContext.js';
import { verifyCitations } from '../native/qa/verifyCitations.js';
import { CONTRACT, makeContractPdf } from './fixtures/makePdfs.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

describe('sentences and alignment', () => {
  test('sentence spans skip abbreviations and trim space', () => {
    const text = 'Mr. Smith signed on 1 May. The Company (Acme Inc. of Delaware) pays fees. Done!';
    const spans = sentenceSpans(text).map(([s, e]) => text.slice(s, e));
    assert.deepEqual(spans, ['Mr. Smith signed on 1 May.', 'The Company (Acme Inc. of Delaware) pays fees.', 'Done!']);
  });

  test('a claim aligns to the passage sentence that supports it, and an unrelated claim is unsupported', () => {
    const passage = 'Fees are due monthly. This Agreement shall be governed by the laws of the State of Delaware. Notices go by mail.';
    const good = alignClaim('The agreement is governed by Delaware law', passage);
    assert.equal(passage.slice(good.charStart, good.charEnd), 'This Agreement shall be governed by the laws of the State of Delaware.');
    assert.ok(good.supported);
    const bad = alignClaim('The vendor must keep insurance of five million dollars', passage);
    assert.equal(bad.supported, false);
  });
});

describe('the answer JSON', () => {
  test('the schema restricts evidence to the context tags', () => {
    const schema = answerSchema(['P1', 'P2']) as { properties: { evidence: { items: { enum: string[] } } } };
    assert.deepEqual(schema.properties.evidence.items.enum, ['P1', 'P2']);
  });

  test('a streamed answer is readable as it grows, escapes included', () => {
    assert.equal(partialAnswer('{"evidence":["P1"],"ans'), null);
    assert.equal(partialAnswer('{"evidence":["P1"],"answer":"The la'), 'The la');
    assert.equal(partialAnswer('{"evidence":[],"answer":"a \\"quoted\\" word\\nnext'), 'a "quoted" word\nnext');
  });

  test('a cut-off generation keeps its evidence and the answer written so far', () => {
    const parsed = parseModelAnswer('{"evidence":["P2","P5"],"answer":"Delaware law applies [P2');
    assert.deepEqual(parsed.evidence, ['P2', 'P5']);
    assert.equal(parsed.answer, 'Delaware law applies [P2');
    assert.equal(parsed.truncated, true);
  });
});

describe('quotes on the page', () => {
  test('a passage range maps to page ranges across its spans, joined by single spaces', () => {
    const passage = {
      spans: [
        { page: 3, charStart: 100, charEnd: 110 },
        { page: 4, charStart: 0, charEnd: 5 },
      ],
    };
    assert.deepEqual(passageRangeToPages(passage, 8, 13), [
      { page: 3, charStart: 108, charEnd: 110 },
      { page: 4, charStart: 0, charEnd: 2 },
    ]);
  });

  test('a character range becomes rectangles proportioned within runs and merged along a line', () => {
    const geometry = Float32Array.from([0, 10, 100, 700, 50, 10, 11, 21, 155, 700, 50, 10, 22, 30, 100, 680, 40, 10]);
    const rects = rectsForRange(geometry, 5, 25);
    assert.equal(rects.length, 2);
    assert.ok(Math.abs(rects[0]!.x - 125) < 1e-3 && Math.abs(rects[0]!.width - 80) < 1e-3, JSON.stringify(rects[0]));
    assert.equal(rects[1]!.y, 680);
  });
});

describe('citations and extractive answers on a real PDF', () => {
  let dir: string;
  let engine: Engine;
  let docId: string;
  before(async () => {
    dir = makeTempDir();
    engine = openTestEngine(path.join(dir, 'library'));
    const file = await makeContractPdf(dir);
    docId = (await engine['library:ingest']({ paths: [file] })).documents[0]!.id!;
  });
  after(async () => {
    await engine?.close();
    removeDir(dir);
  });

  test('a supported claim cites the exact sentence, on the right page, with rectangles inside the page', async () => {
    const passages = (await engine['library:passages']({ id: docId })).passages;
    const governing = passages.find((p) => p.text.includes(CONTRACT.governingLaw))!;
    const context = buildStructuredContext(passages.map((p) => ({ ...p, documentTitle: 'Contract' })) as ContextPassage[]);
    const tag = [...context.tags].find(([, p]) => p.id === governing.id)![0];
    const citations = verifyCitations(`The agreement is governed by the laws of Delaware [${tag}]. It also covers the moon [P999].`, context.tags, (d, n) => {
      const p = engine.documents.page(d, n);
      return p?.geometry ? { geometry: p.geometry, text: p.text } : null;
    });
    assert.equal(citations.length, 2);
    const [good, unknown] = citations as [(typeof citations)[0], (typeof citations)[0]];
    assert.equal(good.supported, true);
    assert.equal(good.quote, CONTRACT.governingLaw);
    const page = engine.documents.page(docId, good.page!)!;
    assert.equal(page.text.slice(good.charStart!, good.charEnd!).replace(/\n/g, ' '), CONTRACT.governingLaw.slice(0, good.charEnd! - good.charStart!));
    assert.ok(good.rects.length > 0);
    for (const r of good.rects) assert.ok(r.x >= 0 && r.y >= 0 && r.x + r.width <= page.width + 1 && r.y + r.height <= page.height + 1, JSON.stringify(r));
    assert.equal(unknown.supported, false);
    assert.equal(unknown.passageId, null);
  });

  test('with no model loaded, an answer is extractive (its mode says so, for the panel to say once), leads with its quote, and every quote is verbatim passage text', async () => {
    const result = await engine['qa:ask']({ question: "Which state's law governs this agreement?", documentIds: [docId] });
    assert.equal(result.mode, 'extractive');
    assert.ok(result.answer.startsWith(`“${result.citations[0]!.quote}”`), result.answer);
    assert.ok(result.citations.length > 0);
    const texts = new Map((await engine['library:passages']({ id: docId })).passages.map((p) => [p.id, p.text]));
    for (const c of result.citations) assert.ok(texts.get(c.passageId!)!.includes(c.quote), c.quote);
    assert.ok(result.citations.some((c) => c.quote.includes('State of Delaware')));
    const messages = (await engine['qa:messages']({ conversationId: result.conversationId })).messages;
    assert.deepEqual(
      messages.map((m) => m.role),
      ['user', 'assistant'],
    );
    assert.equal(messages[1]!.citations.length, result.citations.length);
  });

  test('an empty question is refused with EMPTY_QUESTION and the engine keeps working', async () => {
    await assert.rejects(engine['qa:ask']({ question: '   ', documentIds: [docId] }), { code: 'EMPTY_QUESTION' });
    const again = await engine['qa:ask']({ question: 'governing law', documentIds: [docId] });
    assert.equal(again.mode, 'extractive');
  });
});
