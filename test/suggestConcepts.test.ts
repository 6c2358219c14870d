/**
 * Suggestions worth clicking: no question about a term that only names the document or a
 * party; no reason naming another document's entity; every suggestion carries the passage
 * that answers it, and that passage holds its subject; a novel is asked about its people and
 * chapters, within a spoiler-free page limit.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Suggestion } from '../native/api/types.js';
import type { Engine } from '../native/engine.js';
import { conceptByKey, countMatches } from '../native/knowledge/entities/clauseConcepts.js';
import { entityKey } from '../native/knowledge/entities/entityKey.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { seedKnowledgeLibrary } from './helpers/seedKnowledgeLibrary.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;

before(() => {
  dir = makeTempDir();
});

after(() => removeDir(dir));

const SUPPLY = [
  '# MASTER SUPPLY AGREEMENT',
  'This Master Supply Agreement (this "Agreement") is made on 3 March 2024 between Harbor Ridge Components Inc. ("Company") and Lowell Instruments LLC ("Supplier").',
  '## 1. Definitions',
  '"Products" means the sensor assemblies listed in Schedule A. "Territory" means the United States and Canada. "Forecast" means the rolling twelve-month estimate of Product orders.',
  '## 2. Supply',
  'Supplier shall manufacture and deliver the Products ordered by Company against each Forecast. Company shall pay each invoice within thirty days of receipt.',
  '## 3. Restrictions',
  'During the term of this Agreement and for two years after it ends, Supplier shall not, directly or indirectly, engage in any competing business in the Territory.',
  '## 4. Liability',
  'In no event shall either party be liable for indirect or consequential damages, and the aggregate liability of Supplier shall not exceed the fees paid in the prior year.',
  '## 5. Law',
  'This Agreement is governed by the laws of the State of Ohio. Either party may terminate this Agreement for any reason on ninety days notice.',
].join('\n\n');

/** A novel: ten chapters; Anne Elliot and Frederick Wentworth meet again in chapter VIII, Mary Musgrove keeps Anne company elsewhere. */
function novel(): string {
  const roman = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
  const filler = (n: number, i: number) =>
    Array.from(
      { length: n },
      (_, k) => `The rain kept on over the hills of the valley, and the lane to the village was all mud by the ${k + i + 2}th evening of that wet autumn.`,
    ).join(' ');
  const chapters = roman.map((r, i) => {
    const people =
      r === 'VIII'
        ? Array.from(
            { length: 6 },
            (_, k) => `Anne Elliot saw Frederick Wentworth across the room at Uppercross, and Frederick Wentworth bowed to Anne Elliot without a word (${k + 1}). ${filler(2, k)}`,
          ).join('\n\n')
        : Array.from(
            { length: 3 },
            (_, k) => `Anne Elliot walked with Mary Musgrove to the farm at Uppercross, and Mary Musgrove talked the whole way (${k + 1}). ${filler(3, k)}`,
          ).join('\n\n');
    return `## Chapter ${r}\n\n${people}\n\n${filler(8, i)}`;
  });
  return ['# The Uppercross Letters', ...chapters].join('\n\n');
}

/** The passage text a suggestion keeps, and its quoted part. */
function kept(engine: Engine, s: Suggestion): { text: string; quote: string; page: number } {
  assert.ok(s.passageId !== undefined && s.quote !== undefined && s.page !== undefined, `${s.text} keeps no passage`);
  const row = engine.db.prepare('SELECT text, page_start AS page FROM passages WHERE id = ?').get(s.passageId) as { text: string; page: number };
  return { text: row.text, quote: row.text.slice(s.quote[0], s.quote[1]), page: row.page };
}

describe('on a contract imported for real', () => {
  let engine: Engine;
  let supply: string;

  before(async () => {
    engine = openTestEngine(path.join(dir, 'contracts'));
    const file = path.join(dir, 'supply.md');
    fs.writeFileSync(file, SUPPLY);
    const other = path.join(dir, 'reseller.md');
    fs.writeFileSync(
      other,
      '# RESELLER AGREEMENT\n\nThe Reseller may resell the licensed software to end users in Spain.\n\n## 2. Fees\n\nThe Reseller shall pay the fees quarterly.',
    );
    const [a, b] = (await engine['library:ingest']({ paths: [file, other] })).documents;
    supply = a!.id!;
    // Asked elsewhere, in a contract that has no such clause: the interest waits for one that has.
    await engine.invoke('users:create', { name: 'buyer' });
    await engine.invoke('events:record', { user: 'buyer', type: 'question', documentId: b!.id!, text: 'Can the reseller compete with us?' });
  });

  after(() => engine.close());

  test('terms that only name the document or a party ("Agreement", "Company", "Supplier") are never suggested; real defined terms are', async () => {
    const { terms } = await engine.invoke('knowledge:terms', { documentId: supply });
    assert.ok(
      ['Agreement', 'Company', 'Supplier'].every((t) => terms.some((x) => x.term === t)),
      `extraction defines them: ${terms.map((t) => t.term).join(', ')}`,
    );
    const all: Suggestion[] = [];
    for (const user of ['default', 'buyer']) {
      for (const page of [undefined, 1]) all.push(...(await engine.invoke('suggest:get', { user, documentId: supply, limit: 6, page })).suggestions);
    }
    const texts = all.map((s) => s.text);
    assert.ok(!texts.some((t) => /“(this )?(Agreement|Company|Supplier|Harbor Ridge Components Inc\.?|Lowell Instruments LLC)”/.test(t)), texts.join('\n'));
    assert.ok(
      texts.some((t) => /“(Products|Territory|Forecast)”/.test(t)),
      texts.join('\n'),
    );
  });

  test('every suggestion keeps a passage that holds its subject, and a concept’s passage holds its wording', async () => {
    for (const user of ['default', 'buyer']) {
      const list = (await engine.invoke('suggest:get', { user, documentId: supply, limit: 6 })).suggestions;
      assert.ok(list.length >= 3);
      for (const s of list) {
        const { text, quote } = kept(engine, s);
        const concept = s.entities.map((e) => conceptByKey(entityKey(e))).find((c) => c !== undefined);
        if (concept) assert.ok(countMatches(concept.cues, quote) > 0, `${s.text}: "${quote}"`);
        else if (s.entities.length > 0)
          assert.ok(
            s.entities.some((e) => text.toLowerCase().includes(e.toLowerCase().split(/\s+/)[0]!)),
            `${s.text}: ${text}`,
          );
      }
    }
    const theirs = (await engine.invoke('suggest:get', { user: 'buyer', documentId: supply, limit: 3 })).suggestions;
    const noncompete = theirs.find((s) => s.entities.includes('non-compete'));
    assert.ok(noncompete, theirs.map((s) => s.text).join(' | '));
    assert.match(kept(engine, noncompete).text, /shall not, directly or indirectly, engage in any competing business/);
  });

  test('accepting a suggestion answers at once from the passage it keeps, and cites it', async () => {
    const list = (await engine.invoke('suggest:get', { user: 'default', documentId: supply, limit: 6 })).suggestions;
    for (const s of list) {
      const answer = await engine.invoke('qa:ask', { question: s.text, documentIds: [supply], passageIds: [s.passageId!] });
      assert.ok(
        answer.citations.some((c) => c.passageId === s.passageId),
        `${s.text}: cites ${answer.citations.map((c) => c.passageId).join(', ')}, not ${s.passageId}`,
      );
    }
  });
});

describe('reasons', () => {
  test('an entity of another document never appears as a reason ("Related to Bachem Americas, Inc." on a book about copyright)', async () => {
    const engine = openTestEngine(path.join(dir, 'seeded'));
    try {
      seedKnowledgeLibrary(engine.db, [
        {
          id: 'supply',
          title: 'SUPPLY AGREEMENT',
          passages: [
            { page: 1, section: '1. Parties', text: 'Bachem Americas, Inc. supplies peptides across America under this agreement.' },
            { page: 2, section: '2. Delivery', text: 'Bachem Americas, Inc. delivers to sites in America within ten days.' },
          ],
          entities: [
            { kind: 'party', name: 'Bachem Americas, Inc.', mentions: { 0: 2, 1: 2 } },
            { kind: 'place', name: 'America', mentions: { 0: 1, 1: 1 } },
          ],
        },
        {
          id: 'book',
          title: 'A Short History of Copyright',
          passages: [
            { page: 1, section: 'Origins', text: 'Copyright came to America with the printers of the colonies, and the first copyright act followed.' },
            { page: 2, section: 'Reform', text: 'Copyright terms grew longer in America through the twentieth century.' },
          ],
          entities: [
            { kind: 'place', name: 'America', mentions: { 0: 1, 1: 1 } },
            { kind: 'topic', name: 'Copyright', mentions: { 0: 2, 1: 1 } },
          ],
        },
      ]);
      await engine.invoke('users:create', { name: 'buyer' });
      for (let i = 0; i < 3; i++) await engine.invoke('events:record', { user: 'buyer', type: 'question', documentId: 'supply', text: 'What must Bachem Americas, Inc. deliver?' });
      const interests = (await engine.invoke('profile:get', { user: 'buyer' })).interests.map((i) => i.entity);
      assert.equal(interests[0], 'Bachem Americas, Inc.');
      const list = (await engine.invoke('suggest:get', { user: 'buyer', documentId: 'book', limit: 6 })).suggestions;
      assert.ok(
        list.some((s) => s.entities.includes('America')),
        list.map((s) => s.text).join(' | '),
      );
      for (const s of list) {
        assert.ok(!/Bachem/.test(s.reason), `${s.text} [${s.reason}]`);
        assert.ok(!s.entities.some((e) => /Bachem/.test(e)), s.text);
      }
    } finally {
      await engine.close();
    }
  });
});

describe('a novel', () => {
  let engine: Engine;
  let book: string;

  before(async () => {
    engine = openTestEngine(path.join(dir, 'books'));
    const file = path.join(dir, 'uppercross.md');
    fs.writeFileSync(file, novel());
    book = (await engine['library:ingest']({ paths: [file] })).documents[0]!.id!;
  });

  after(() => engine.close());

  test('is asked about its people and chapters ("What happens between Anne Elliot and Frederick Wentworth in chapter VIII?"), not what terms mean', async () => {
    const list = (await engine.invoke('suggest:get', { user: 'default', documentId: book, limit: 6 })).suggestions;
    const texts = list.map((s) => s.text);
    assert.ok(
      texts.some((t) => /^What happens between (Anne Elliot and Frederick Wentworth|Frederick Wentworth and Anne Elliot) in chapter VIII\?$/.test(t)),
      texts.join('\n'),
    );
    assert.ok(!texts.some((t) => /mean in this|obligations|this agreement|this document/.test(t)), texts.join('\n'));
    const between = list.find((s) => s.text.startsWith('What happens between'))!;
    const { text } = kept(engine, between);
    assert.ok(/Anne Elliot/.test(text) && /Frederick Wentworth/.test(text), text);
  });

  test('a spoiler-free page limit keeps every suggestion, and the passage it keeps, on the pages already read', async () => {
    const pages = (engine.db.prepare('SELECT pages FROM documents WHERE id = ?').get(book) as { pages: number }).pages;
    const chapter8 = (engine.db.prepare("SELECT page FROM sections WHERE document_id = ? AND title LIKE '%VIII%'").get(book) as { page: number }).page;
    assert.ok(chapter8 > 1 && pages >= chapter8, `chapter VIII on page ${chapter8} of ${pages}`);
    const limited = await engine.suggestions.suggest({ user: 'default', documentId: book, limit: 6, wording: 'templates' }, { maxPage: chapter8 - 1 });
    assert.ok(limited.length >= 1);
    for (const s of limited) {
      assert.ok(!/chapter VIII/.test(s.text), s.text);
      assert.ok(kept(engine, s).page <= chapter8 - 1, `${s.text} answered from page ${kept(engine, s).page}`);
    }
  });
});
