/**
 * Clause concepts (resources/clauseConcepts.json): the shipped vocabulary validates and a
 * malformed one is refused with the problem named; concepts are found in passage text
 * whatever the headings say; a contract imported for real gets a concept its headings never
 * name; and a question about a concept no document has yet is remembered and matches the
 * document that brings it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LecternError } from '../native/api/errors.js';
import type { Engine } from '../native/engine.js';
import { clauseConcepts, conceptsAskedIn, findConcepts, readClauseConcepts } from '../native/knowledge/entities/clauseConcepts.js';
import { entityKey } from '../native/knowledge/entities/entityKey.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;

before(() => {
  dir = makeTempDir();
});

after(() => removeDir(dir));

function writeConcepts(name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

const concept = (over: Record<string, unknown> = {}) => ({
  id: 'non-compete',
  name: 'non-compete',
  question: 'Does the {noun} restrict competition?',
  cues: ['\\bcompet(e|ing)\\b'],
  ...over,
});

describe('the vocabulary file', () => {
  test('the shipped file validates: ids and name keys unique, questions name the document, every cue compiles', () => {
    const concepts = readClauseConcepts();
    assert.ok(concepts.length >= 30, `${concepts.length} concepts`);
    assert.equal(new Set(concepts.map((c) => c.key)).size, concepts.length);
    for (const c of concepts) {
      assert.match(c.question, /\{noun\}/);
      assert.ok(c.cues.length > 0 && c.askedIn.length > c.cues.length, c.id);
    }
  });

  test('a malformed file is refused as INTERNAL, naming the file and the problem', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['bad-regex.json', { concepts: [concept({ cues: ['(unclosed'] })] }, /not a regular expression/],
      ['upper-case-cue.json', { concepts: [concept({ cues: ['\\bNon-Compete\\b'] })] }, /written in lower case/],
      ['no-noun.json', { concepts: [concept({ question: 'Does it restrict competition?' })] }, /\{noun\}/],
      ['two-questions.json', { concepts: [concept({ question: 'Is the {noun} fair? Really?' })] }, /only "\?"/],
      ['same-key.json', { concepts: [concept(), concept({ id: 'noncompete', name: 'non compete' })] }, /same key/],
      ['capitals.json', { concepts: [concept({ name: 'Non-Compete' })] }, /lower-case/],
      ['no-cues.json', { concepts: [concept({ cues: [] })] }, /malformed/],
      ['empty.json', { concepts: [] }, /malformed/],
    ];
    for (const [name, content, message] of cases) {
      const file = writeConcepts(name, content);
      assert.throws(
        () => readClauseConcepts(file),
        (error: unknown) => error instanceof LecternError && error.code === 'INTERNAL' && error.message.includes(file) && message.test(error.message),
        name,
      );
    }
    assert.throws(
      () => readClauseConcepts(path.join(dir, 'missing.json')),
      (error: unknown) => error instanceof LecternError && /cannot be read/.test(error.message),
    );
  });
});

describe('finding concepts in text', () => {
  const byName = (name: string) => clauseConcepts().find((c) => c.name === name)!;

  test('a restriction on competing is non-compete whatever it is called; a passage about something else is not', () => {
    const found = findConcepts([
      { text: 'During the Term the Distributor shall not, directly or indirectly, engage in any competing business in the Territory.' },
      { text: 'The Distributor shall deliver monthly sales reports by the tenth day of each month.' },
      { text: 'Neither party shall sell products in competition with the other party in Canada.' },
    ]);
    assert.deepEqual([...(found.get(byName('non-compete')) ?? new Map()).keys()], [0, 2]);
  });

  test('clause wording is found in running text: governing law, insurance, limitation of liability', () => {
    const found = findConcepts([
      { text: 'This Agreement shall be construed in accordance with the laws of the State of Ohio.' },
      { text: 'Provider shall maintain commercial general liability insurance of at least $1,000,000.' },
      { text: 'In no event shall either party be liable for indirect or consequential damages.' },
    ]);
    assert.deepEqual([...found.get(byName('governing law'))!.keys()], [0]);
    assert.deepEqual([...found.get(byName('insurance'))!.keys()], [1]);
    assert.deepEqual([...found.get(byName('limitation of liability'))!.keys()], [2]);
  });

  test("a person's question names concepts in plain words, and names none when it asks about something else", () => {
    assert.deepEqual(
      conceptsAskedIn('Can the supplier compete with us after the contract ends?')
        .map((c) => c.name)
        .sort(),
      ['non-compete', 'post-termination obligations'],
    );
    assert.ok(conceptsAskedIn('What insurance must the supplier carry?').some((c) => c.name === 'insurance'));
    assert.deepEqual(conceptsAskedIn('Who are the characters in chapter two?'), []);
  });
});

/** A supply contract whose headings never say "Non-Compete" (or "Insurance"), though its text restricts competing. */
function supplyContract(): string {
  return [
    '# MASTER SUPPLY AGREEMENT',
    'This Master Supply Agreement (this "Agreement") is made on 3 March 2024 between Harbor Ridge Components Inc. ("Company") and Lowell Instruments LLC ("Supplier").',
    '## 1. Definitions',
    '"Products" means the sensor assemblies listed in Schedule A. "Territory" means the United States and Canada.',
    '## 2. Supply',
    'Supplier shall manufacture and deliver the Products ordered by Company. Company shall pay each invoice within thirty days of receipt.',
    '## 3. Restrictions',
    'During the term of this Agreement and for two years after it ends, Supplier shall not, directly or indirectly, engage in any competing business in the Territory.',
    '## 4. Law',
    'This Agreement is governed by the laws of the State of Ohio.',
  ].join('\n\n');
}

/** A services contract whose fifth clause requires insurance. */
function servicesContract(): string {
  return [
    '# FACILITY SERVICES AGREEMENT',
    'This Facility Services Agreement is made between Northgate Property Trust ("Client") and Brightline Cleaning Co. ("Provider").',
    '## 1. Services',
    'Provider shall clean the premises each weekday evening and report damage to Client within one day.',
    '## 2. Fees',
    'Client shall pay the monthly fee within fifteen days of each invoice.',
    '## 5. Coverage',
    'Provider shall maintain commercial general liability insurance of not less than $1,000,000 per occurrence and shall name Client as an additional insured.',
  ].join('\n\n');
}

describe('on contracts imported for real', () => {
  let engine: Engine;
  let supply: string;

  before(async () => {
    engine = openTestEngine(path.join(dir, 'library'));
    const file = path.join(dir, 'supply.md');
    fs.writeFileSync(file, supplyContract());
    const { documents } = await engine['library:ingest']({ paths: [file] });
    supply = documents[0]!.id!;
  });

  after(() => engine.close());

  test('a contract without a "Non-Compete" heading gets the concept from its text, on the passage that restricts competing', async () => {
    const { entities } = await engine.invoke('knowledge:entities', { documentId: supply, limit: 500 });
    const noncompete = entities.find((e) => e.kind === 'topic' && e.name === 'non-compete');
    assert.ok(noncompete, entities.map((e) => `${e.kind}:${e.name}`).join(', '));
    const sections = engine.db.prepare('SELECT title FROM sections WHERE document_id = ?').all(supply) as Array<{ title: string }>;
    assert.ok(sections.length >= 4 && !sections.some((s) => /compet/i.test(s.title)), 'no heading names it');
    assert.ok(!entities.some((e) => e.name === 'insurance'), 'nor does it get a concept its text lacks');
  });

  test('a document read by the previous extractor (version 1, no concepts) gets them from knowledge:backfill', async () => {
    const topic = engine.db.prepare("SELECT id FROM entities WHERE kind = 'topic' AND key = ?").get(entityKey('non-compete')) as { id: number };
    engine.db.transaction(() => {
      engine.db.prepare('DELETE FROM mentions WHERE entity_id = ?').run(topic.id);
      engine.db.prepare('DELETE FROM document_entities WHERE entity_id = ?').run(topic.id);
      engine.db.prepare('UPDATE entity_extraction SET version = 1 WHERE document_id = ?').run(supply);
    })();
    const names = async () => (await engine.invoke('knowledge:entities', { documentId: supply, limit: 500 })).entities.map((e) => e.name);
    assert.ok(!(await names()).includes('non-compete'));
    const result = await engine.invoke('knowledge:backfill', {});
    assert.equal(result.documents, 1);
    assert.ok((await names()).includes('non-compete'));
  });

  test('a question about a concept the library lacks is remembered, and matches when a document with it arrives', async () => {
    await engine.invoke('users:create', { name: 'risk' });
    const recorded = await engine.invoke('events:record', { user: 'risk', type: 'question', documentId: supply, text: 'What insurance must the supplier carry?' });
    assert.ok(recorded.entities >= 1);
    const profile = await engine.invoke('profile:get', { user: 'risk' });
    assert.ok(
      profile.interests.some((i) => i.entity === 'insurance'),
      profile.interests.map((i) => i.entity).join(', '),
    );

    const file = path.join(dir, 'services.md');
    fs.writeFileSync(file, servicesContract());
    const { documents } = await engine['library:ingest']({ paths: [file] });
    const services = documents[0]!.id!;
    const theirs = (await engine.invoke('suggest:get', { user: 'risk', documentId: services, limit: 3 })).suggestions;
    const insurance = theirs.find((s) => s.entities.includes('insurance'));
    assert.ok(insurance, theirs.map((s) => s.text).join(' | '));
    assert.equal(insurance.reason, 'You asked about insurance in 1 other contract');
    assert.equal(insurance.text, 'What insurance must a party carry under the agreement?');
  });
});

describe("a book's recurring themes", () => {
  test('two-word phrases of ordinary words that recur across sections are themes; names, function words and one-off phrases are not', async () => {
    const { recurringPhrases } = await import('../native/knowledge/entities/recurringPhrases.js');
    const passages = Array.from({ length: 30 }, (_, i) => ({
      section: Math.floor(i / 5),
      text:
        i % 2 === 0
          ? `Captain Wentworth trimmed the lamp oil again while the relief boat waited, and Anne Elliot watched. The morning of day ${i} was grey.`
          : `Nobody spoke of the lamp oil at supper; the relief boat was late, as it would be.${i === 1 ? ' A solitary gannet called once.' : ''}`,
    }));
    const phrases = recurringPhrases(passages);
    assert.ok(phrases.includes('lamp oil') && phrases.includes('relief boat'), phrases.join(', '));
    assert.ok(!phrases.some((p) => /wentworth|elliot|captain|solitary gannet/i.test(p)), phrases.join(', '));
    assert.deepEqual(recurringPhrases(passages.slice(0, 3)), [], 'too few to recur');
  });
});
