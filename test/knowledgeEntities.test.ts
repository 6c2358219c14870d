/**
 * Entities at ingest: defined terms, parties, named entities and section topics are read
 * from real documents (pdfkit PDFs through pdf.js, text files), stored with the document
 * in one transaction, shared across documents by their normalized key, pruned with the
 * documents that named them (unless a profile holds them) and restored by back-fill.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { Engine } from '../native/engine.js';
import { ingestFiles } from '../native/ingest/ingestFiles.js';
import { PdfWorkerPool } from '../native/ingest/PdfWorkerPool.js';
import { entityKey } from '../native/knowledge/entities/entityKey.js';
import { EntityStore } from '../native/knowledge/EntityStore.js';
import { EntityReader } from '../native/store/EntityReader.js';
import { EntityWriter } from '../native/store/EntityWriter.js';
import { transactionOn } from '../native/store/transactionOn.js';
import { DocumentRepository } from '../native/store/DocumentRepository.js';
import { openLibraryDatabase } from '../native/store/openLibraryDatabase.js';
import { LICENCE, makeLicencePdf, makeNdaText, NDA } from './fixtures/makeDefinedTermsContract.js';
import { makeContractPdf, makeManyPagesPdf, makeNoTextPdf } from './fixtures/makePdfs.js';
import { assertLibraryConsistent } from './helpers/libraryChecks.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { LECTERN_BIN } from './helpers/runCli.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

/** An EntityStore over a library's database, wired as the engine wires it. */
function entityStoreOn(db: Database.Database): EntityStore {
  return new EntityStore({ reader: new EntityReader(db), writer: new EntityWriter(db), transact: transactionOn(db) });
}

let dir: string;
let files: { licence: string; nda: string; msa: string; noText: string; blank: string; empty: string };
let engine: Engine;
const ids = { licence: '', nda: '', msa: '', noText: '', blank: '' };

before(async () => {
  dir = makeTempDir();
  files = {
    licence: await makeLicencePdf(dir),
    nda: makeNdaText(dir),
    msa: await makeContractPdf(dir),
    noText: await makeNoTextPdf(dir),
    blank: path.join(dir, 'blank.txt'),
    empty: path.join(dir, 'empty.txt'),
  };
  fs.writeFileSync(files.blank, '   \n\n \t \n');
  fs.writeFileSync(files.empty, '');
  engine = openTestEngine(path.join(dir, 'library'));
  const { documents } = await engine['library:ingest']({ paths: [files.licence, files.nda, files.msa, files.noText, files.blank] });
  for (const d of documents) assert.ok(d.status === 'ingested' || d.status === 'needs-ocr', `${d.path}: ${JSON.stringify(d.error)}`);
  const [licence, nda, msa, noText, blank] = documents.map((d) => d.id!);
  Object.assign(ids, { licence, nda, msa, noText, blank });
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

interface DocumentFact {
  entityId: number;
  kind: string;
  key: string;
  name: string;
  aliases: string[];
  mentions: number;
}

function factsOf(db: Database.Database, documentId: string, kind?: string): DocumentFact[] {
  return (
    db
      .prepare(
        `SELECT e.id AS entityId, e.kind, e.key, de.name, de.aliases, de.mentions FROM document_entities de JOIN entities e ON e.id = de.entity_id
                WHERE de.document_id = ? AND (? IS NULL OR e.kind = ?) ORDER BY e.kind, e.key`,
      )
      .all(documentId, kind ?? null, kind ?? null) as Array<Omit<DocumentFact, 'aliases'> & { aliases: string }>
  ).map((r) => ({ ...r, aliases: JSON.parse(r.aliases) as string[] }));
}

/** Passages (id, page, section title) that mention an entity in a document. */
function mentionsOf(db: Database.Database, documentId: string, entityId: number): Array<{ id: number; page: number; section: string | null; text: string; count: number }> {
  return db
    .prepare(
      `SELECT p.id, p.page_start AS page, s.title AS section, p.text, m.count FROM mentions m JOIN passages p ON p.id = m.passage_id
              LEFT JOIN sections s ON s.id = p.section_id WHERE p.document_id = ? AND m.entity_id = ? ORDER BY p.ord`,
    )
    .all(documentId, entityId) as Array<{ id: number; page: number; section: string | null; text: string; count: number }>;
}

describe('entities read at ingest', () => {
  test('defined terms of a contract: every drafting form, in document order, with definitions, aliases and the pages they are defined on', async () => {
    const { terms } = await engine.invoke('knowledge:terms', { documentId: ids.licence });
    assert.deepEqual(
      terms.map((t) => t.term),
      LICENCE.terms.map((t) => t.term),
    );
    for (const expected of LICENCE.terms) {
      const term = terms.find((t) => t.term === expected.term)!;
      assert.equal(term.definedAt?.page, expected.page, `${expected.term} is defined on page ${expected.page}`);
      if ('definition' in expected) assert.equal(term.definition, expected.definition, `the definition of ${expected.term}`);
      else assert.ok(term.definition && term.definition.length > 10, `${expected.term} has a definition`);
      assert.deepEqual(term.aliases, 'aliases' in expected ? expected.aliases : [], `aliases of ${expected.term}`);
      assert.ok(
        term.uses.some((u) => u.passageId === term.definedAt!.passageId),
        `${expected.term} is used where it is defined`,
      );
    }
    assert.ok(!terms.some((t) => t.term === LICENCE.notATerm), 'a heading quoted in a cross-reference is not a term');
  });

  test('a term lists its uses in document order with their pages, and counts them all', async () => {
    const { terms } = await engine.invoke('knowledge:terms', { documentId: ids.licence });
    const software = terms.find((t) => t.term === 'Licensed Software')!;
    const pages = software.uses.map((u) => u.page);
    assert.deepEqual(
      [...pages].sort((a, b) => a - b),
      pages,
      'uses are in document order',
    );
    for (const page of LICENCE.licensedSoftwarePages) assert.ok(pages.includes(page), `Licensed Software is used on page ${page}`);
    assert.equal(
      software.mentions,
      software.uses.reduce((n, u) => n + u.count, 0),
    );
    const passages = engine.documents.passagesById(software.uses.map((u) => u.passageId));
    for (const p of passages) assert.match(p.text, /Licensed Software/);
  });

  test('"Party" and "Parties", "the Licensee\'s" and "Licensee", "Governing Law" and "governing laws" are one entity each', async () => {
    assert.equal(entityKey('Parties'), entityKey('party'));
    assert.equal(entityKey("the Licensee's"), entityKey('Licensee'));
    assert.equal(entityKey('Governing Law'), entityKey('governing laws'));
    assert.equal(entityKey('Non-Disclosure'), entityKey('non disclosure'));
    assert.notEqual(entityKey('Licensee'), entityKey('License'), 'a licensee is not a licence');
    const { terms } = await engine.invoke('knowledge:terms', { documentId: ids.licence });
    const party = terms.find((t) => t.term === 'Party')!;
    assert.equal(terms.filter((t) => t.term === 'Parties').length, 0);
    const texts = engine.documents.passagesById(party.uses.map((u) => u.passageId)).map((p) => p.text);
    assert.ok(texts.some((t) => /\bParties\b/.test(t)) && texts.some((t) => /\bParty\b/.test(t)), 'both forms count as uses of Party');
  });

  test('parties come from the preamble, with their short names (quoted or as roles) as aliases linked in entity_aliases', () => {
    const parties = factsOf(engine.db, ids.licence, 'party');
    assert.deepEqual(
      parties.map((p) => ({ name: p.name, aliases: p.aliases })).sort((a, b) => a.name.localeCompare(b.name)),
      [...LICENCE.parties].map((p) => ({ name: p.name, aliases: [...p.aliases] })).sort((a, b) => a.name.localeCompare(b.name)),
    );
    const orchard = parties.find((p) => p.name === 'Orchard Robotics, Inc.')!;
    const aliasKeys = (engine.db.prepare('SELECT key FROM entity_aliases WHERE entity_id = ?').all(orchard.entityId) as Array<{ key: string }>).map((r) => r.key);
    assert.deepEqual(aliasKeys, [entityKey('Licensor')]);
    assert.ok(orchard.mentions > 1, 'mentions of the short name count as mentions of the party');

    const msaParties = factsOf(engine.db, ids.msa, 'party').map((p) => ({ name: p.name, aliases: p.aliases }));
    assert.deepEqual(
      msaParties.sort((a, b) => a.name.localeCompare(b.name)),
      [
        { name: 'Harbor Analytics Inc.', aliases: ['Customer'] },
        { name: 'Northwind Logistics Ltd', aliases: ['Supplier'] },
      ],
    );
  });

  test('people, organisations, places, dates and sums are found and normalized', () => {
    const facts = factsOf(engine.db, ids.licence);
    const names = (kind: string) => facts.filter((f) => f.kind === kind).map((f) => f.name);
    for (const person of LICENCE.people) assert.ok(names('person').includes(person), `person ${person} in ${names('person')}`);
    for (const org of LICENCE.organizations) assert.ok(names('organization').includes(org), `organisation ${org} in ${names('organization')}`);
    for (const place of LICENCE.places) assert.ok(names('place').includes(place), `place ${place} in ${names('place')}`);
    assert.ok(names('place').includes('Delaware') && !names('place').includes('State of Delaware'), '"the State of Delaware" is Delaware');
    for (const date of LICENCE.dates)
      assert.ok(
        facts.some((f) => f.kind === 'date' && f.key === date.key && f.name === date.text),
        `date ${date.text} as ${date.key}`,
      );
    for (const sum of LICENCE.money)
      assert.ok(
        facts.some((f) => f.kind === 'money' && f.key === sum.key && f.name === sum.text),
        `sum ${sum.text} as ${sum.key}`,
      );
    const parties = new Set(LICENCE.parties.map((p) => entityKey(p.name)));
    assert.ok(!facts.some((f) => f.kind === 'organization' && parties.has(f.key)), 'a party is not also listed as an organisation');
  });

  test('topics come from section titles and link the passages of their section and other passages that use the phrase', () => {
    const topics = factsOf(engine.db, ids.licence, 'topic');
    for (const { topic } of LICENCE.topics)
      assert.ok(
        topics.some((t) => t.name === topic),
        `topic "${topic}" in ${topics.map((t) => t.name)}`,
      );
    assert.ok(!topics.some((t) => t.name === 'definitions'), 'a heading like "Definitions" is not a topic');
    const law = topics.find((t) => t.name === 'governing law')!;
    const passages = mentionsOf(engine.db, ids.licence, law.entityId);
    assert.ok(
      passages.some((p) => p.section === '5. Governing Law'),
      'the section it heads',
    );
    assert.ok(
      passages.some((p) => p.section !== '5. Governing Law' && p.text.includes(LICENCE.governingLawsElsewhere)),
      'a passage elsewhere that speaks of governing laws',
    );

    const msaTopics = factsOf(engine.db, ids.msa, 'topic').map((t) => t.name);
    for (const t of ['term', 'termination', 'governing law', 'limitation of liability', 'escrow of source materials']) assert.ok(msaTopics.includes(t), `MSA topic "${t}"`);
  });

  test('an entity named by several documents is one row, with what each document says of it', () => {
    const shared = (kind: string, key: string) => {
      const rows = engine.db
        .prepare('SELECT de.document_id, de.definition FROM document_entities de JOIN entities e ON e.id = de.entity_id WHERE e.kind = ? AND e.key = ? ORDER BY de.document_id')
        .all(kind, key) as Array<{ document_id: string; definition: string | null }>;
      return rows;
    };
    assert.deepEqual(
      shared('party', entityKey(NDA.sharedParty))
        .map((r) => r.document_id)
        .sort(),
      [ids.licence, ids.nda].sort(),
    );
    const term = shared('term', entityKey(NDA.sharedTerm));
    assert.deepEqual(term.map((r) => r.document_id).sort(), [ids.licence, ids.nda].sort());
    assert.notEqual(term[0]!.definition, term[1]!.definition, 'each document keeps its own definition');
    assert.deepEqual(
      shared('topic', entityKey(NDA.sharedTopic))
        .map((r) => r.document_id)
        .sort(),
      [ids.licence, ids.msa, ids.nda].sort(),
    );
    const count = (engine.db.prepare('SELECT count(*) AS n FROM entities WHERE kind = ? AND key = ?').get('party', entityKey(NDA.sharedParty)) as { n: number }).n;
    assert.equal(count, 1);
  });

  test("a document's entities rank what is its own above what the library shares, and a page lists what is on it", async () => {
    const { entities } = await engine.invoke('knowledge:entities', { documentId: ids.nda, limit: 100 });
    const own = entities.find((e) => e.kind === 'party' && e.name === NDA.ownParty)!;
    const shared = entities.find((e) => e.kind === 'party' && e.name === NDA.sharedParty)!;
    assert.equal(own.mentions, shared.mentions, 'both parties are mentioned as often');
    assert.ok(own.salience > shared.salience, 'the party only this document names is more characteristic of it');
    const saliences = entities.map((e) => e.salience);
    assert.deepEqual(
      saliences,
      [...saliences].sort((a, b) => b - a),
      'most salient first',
    );

    const page2 = (await engine.invoke('knowledge:entities', { documentId: ids.licence, page: 2, limit: 500 })).entities.map((e) => e.name);
    const page3 = (await engine.invoke('knowledge:entities', { documentId: ids.licence, page: 3, limit: 500 })).entities.map((e) => e.name);
    assert.ok(page2.includes('license grant') && !page3.includes('license grant'));
    assert.ok(page3.includes('governing law') && page3.includes('Margaret Chen') && !page2.includes('Margaret Chen'));
    assert.equal((await engine.invoke('knowledge:entities', { documentId: ids.licence, limit: 3 })).entities.length, 3);
  });

  test('a PDF without text and a text file without words import without entities; an empty file fails as it always did', async () => {
    for (const id of [ids.noText, ids.blank]) {
      assert.equal(engine.documents.summary(id)!.status, 'needs-ocr');
      assert.deepEqual((await engine.invoke('knowledge:terms', { documentId: id })).terms, []);
      assert.deepEqual((await engine.invoke('knowledge:entities', { documentId: id })).entities, []);
      assert.ok(engine.db.prepare('SELECT 1 FROM entity_extraction WHERE document_id = ?').get(id), 'recorded as read, so back-fill does not visit it');
    }
    const { documents } = await engine['library:ingest']({ paths: [files.empty] });
    assert.equal(documents[0]!.status, 'failed');
    assert.equal(documents[0]!.error?.code, 'EMPTY_FILE');
    assertLibraryConsistent(engine.db);
  });

  test('an unknown document is DOCUMENT_NOT_FOUND', async () => {
    await assert.rejects(engine.invoke('knowledge:terms', { documentId: 'ffffffffffff' }), { code: 'DOCUMENT_NOT_FOUND' });
    await assert.rejects(engine.invoke('knowledge:entities', { documentId: 'ffffffffffff', page: 1 }), { code: 'DOCUMENT_NOT_FOUND' });
  });
});

/**
 * What a document's entities look like from outside, without ids (which back-fill may
 * renumber); without salience when the library around it changes (it weighs in the library's size).
 */
async function snapshot(e: Engine, documentId: string, withSalience = true): Promise<unknown> {
  const { terms } = await e.invoke('knowledge:terms', { documentId });
  const { entities } = await e.invoke('knowledge:entities', { documentId, limit: 500 });
  return {
    terms: terms.map(({ entityId: _, ...t }) => t),
    entities: entities.map(({ entityId: _, salience, ...x }) => (withSalience ? { ...x, salience } : x)).sort((a, b) => `${a.kind}${a.name}`.localeCompare(`${b.kind}${b.name}`)),
  };
}

describe('back-fill', () => {
  test('after the entity tables are wiped, back-fill restores exactly what ingest stored, with progress', async () => {
    const before = await Promise.all([ids.licence, ids.nda, ids.msa].map((id) => snapshot(engine, id)));
    engine.db.exec('DELETE FROM entities; DELETE FROM entity_extraction;');
    assert.deepEqual((await engine.invoke('knowledge:terms', { documentId: ids.licence })).terms, []);
    const progress: Array<{ done: number; total: number }> = [];
    const off = engine.on('knowledge:backfillProgress', (p) => progress.push({ done: p.done, total: p.total }));
    const documentCount = engine.documents.list().length;
    const result = await engine.invoke('knowledge:backfill', {});
    off();
    assert.equal(result.documents, documentCount);
    assert.ok(result.entities > 0);
    assert.deepEqual(progress.at(-1), { done: documentCount, total: documentCount });
    assert.deepEqual(await Promise.all([ids.licence, ids.nda, ids.msa].map((id) => snapshot(engine, id))), before);
    assert.deepEqual(await engine.invoke('knowledge:backfill', {}), { documents: 0, entities: 0 }, 'nothing left to do');
    assertLibraryConsistent(engine.db);
  });

  test('a document read by an older extractor is read again, replacing its entities rather than adding to them', async () => {
    const before = await snapshot(engine, ids.nda);
    const rows = () => (engine.db.prepare('SELECT count(*) AS n FROM document_entities WHERE document_id = ?').get(ids.nda) as { n: number }).n;
    const count = rows();
    engine.db.prepare('UPDATE entity_extraction SET version = 0 WHERE document_id = ?').run(ids.nda);
    const result = await engine.invoke('knowledge:backfill', {});
    assert.equal(result.documents, 1);
    assert.equal(rows(), count);
    assert.deepEqual(await snapshot(engine, ids.nda), before);
  });

  test('cancelling back-fill stops between documents; what was done stays and the rest is done next time', async () => {
    engine.db.exec('DELETE FROM entity_extraction;');
    const total = engine.documents.list().length;
    const controller = new AbortController();
    const first = await engine.entities.backfill({ signal: controller.signal, onProgress: (done) => done >= 1 && controller.abort() });
    assert.equal(first.documents, 1);
    const second = await engine.entities.backfill();
    assert.equal(second.documents, total - 1);
  });
});

describe('removing documents', () => {
  test('removing a document drops the entities only it named, keeps those other documents name, and keeps those a profile holds', async () => {
    const library = path.join(dir, 'removal');
    const e = openTestEngine(library);
    try {
      const { documents } = await e['library:ingest']({ paths: [files.licence, files.nda] });
      const [licence, nda] = documents.map((d) => d.id!);
      const entityOf = (kind: string, name: string) =>
        (e.db.prepare('SELECT id FROM entities WHERE kind = ? AND key = ?').get(kind, entityKey(name)) as { id: number } | undefined)?.id;
      const cedar = entityOf('party', NDA.ownParty)!;
      const purpose = entityOf('term', NDA.ownTerm)!;
      assert.ok(cedar && purpose);
      e.db
        .prepare('INSERT INTO user_entities (user_id, entity_id, interest, interest_at, last_seen) VALUES ((SELECT id FROM users WHERE name = ?), ?, 1, 0, 0)')
        .run('default', cedar);
      const licenceBefore = await snapshot(e, licence!, false);

      await e.invoke('library:remove', { id: nda! });
      assert.equal(entityOf('term', NDA.ownTerm), undefined, 'a term only the removed document defined is gone');
      assert.equal(entityOf('party', NDA.ownParty), cedar, 'a party a profile holds stays');
      assert.ok(entityOf('party', NDA.sharedParty), 'a party the other document names stays');
      assert.deepEqual(await snapshot(e, licence!, false), licenceBefore, 'the other document keeps all its entities');
      assert.equal((e.db.prepare('SELECT count(*) AS n FROM document_entities WHERE document_id = ?').get(nda) as { n: number }).n, 0);
      const orphans = e.db
        .prepare(
          `SELECT count(*) AS n FROM entities e WHERE NOT EXISTS (SELECT 1 FROM document_entities d WHERE d.entity_id = e.id)
                                      AND NOT EXISTS (SELECT 1 FROM user_entities u WHERE u.entity_id = e.id)`,
        )
        .get() as { n: number };
      assert.equal(orphans.n, 0, 'no entity is left that nothing refers to');
      assertLibraryConsistent(e.db);
    } finally {
      await e.close();
    }
  });
});

describe('entities and the import transaction', () => {
  /** Imports with the real reader and store but the given ingest options; returns the library's database, open. */
  async function importWith(library: string, paths: string[], options: Parameters<typeof ingestFiles>[3]) {
    const db = openLibraryDatabase(library);
    const pool = new PdfWorkerPool({ size: 1 });
    try {
      const outcomes = await ingestFiles(new DocumentRepository(db), pool, paths, options);
      return { db, outcomes };
    } finally {
      await pool.dispose();
    }
  }

  const entityRows = (db: Database.Database) =>
    (
      db
        .prepare(
          'SELECT (SELECT count(*) FROM entities) + (SELECT count(*) FROM document_entities) + (SELECT count(*) FROM mentions) + (SELECT count(*) FROM entity_aliases) + (SELECT count(*) FROM entity_extraction) AS n',
        )
        .get() as { n: number }
    ).n;

  test('an extractor that fails costs nothing but the entities: the document is stored, the failure reported, and back-fill reads it', async () => {
    const warnings: string[] = [];
    const { db, outcomes } = await importWith(path.join(dir, 'failing-extractor'), [files.licence], {
      extractEntities: async () => {
        throw new Error('tagger ran out of memory');
      },
      onWarning: (m) => warnings.push(m),
    });
    try {
      assert.equal(outcomes[0]!.status, 'ingested');
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /tagger ran out of memory/);
      assert.equal(entityRows(db), 0);
      const result = await entityStoreOn(db).backfill();
      assert.equal(result.documents, 1);
      assert.deepEqual(
        entityStoreOn(db)
          .terms(outcomes[0]!.id!)
          .map((t) => t.term),
        LICENCE.terms.map((t) => t.term),
      );
    } finally {
      db.close();
    }
  });

  test('entities that cannot be stored are all left out, and the document is stored without them', async () => {
    const library = path.join(dir, 'failing-store');
    const setup = openLibraryDatabase(library);
    // The last write of the entities fails, after every other entity row was written.
    setup.exec(`CREATE TRIGGER refuse_extraction BEFORE INSERT ON entity_extraction BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;`);
    setup.close();
    const warnings: string[] = [];
    const { db, outcomes } = await importWith(library, [files.licence], { onWarning: (m) => warnings.push(m) });
    try {
      assert.equal(outcomes[0]!.status, 'ingested');
      assert.equal(outcomes[0]!.passages, (db.prepare('SELECT count(*) AS n FROM passages').get() as { n: number }).n);
      assert.equal(entityRows(db), 0, 'no entity row of the failed write remains');
      assert.match(warnings[0]!, /disk I\/O error/);
      assertLibraryConsistent(db);
    } finally {
      db.close();
    }
  });

  test('with extraction switched off the document is stored without entities, for back-fill', async () => {
    const { db, outcomes } = await importWith(path.join(dir, 'switched-off'), [files.nda], { extractEntities: false });
    try {
      assert.equal(outcomes[0]!.status, 'ingested');
      assert.equal(entityRows(db), 0);
      assert.equal((await entityStoreOn(db).backfill()).documents, 1);
      assert.ok(factsOf(db, outcomes[0]!.id!).some((f) => f.kind === 'party' && f.name === NDA.ownParty));
    } finally {
      db.close();
    }
  });

  test('SIGKILL during an import: every document committed has its entities with it', async (t) => {
    const library = path.join(dir, 'killed');
    const ledger = await makeManyPagesPdf(dir, 'ledger.pdf', 120);
    const committed = () => {
      const file = path.join(library, 'library.sqlite');
      if (!fs.existsSync(file)) return 0;
      try {
        const db = new Database(file, { readonly: true, fileMustExist: true });
        try {
          return (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
        } finally {
          db.close();
        }
      } catch {
        return 0;
      }
    };
    const child = spawn(process.execPath, [LECTERN_BIN, 'ingest', '--library', library, '--json', files.licence, files.msa, ledger, files.nda], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let running = true;
    void exited.then(() => (running = false));
    const deadline = Date.now() + 60_000;
    while (running && committed() < 1 && Date.now() < deadline) await sleep(5);
    child.kill('SIGKILL');
    await exited;
    const db = openLibraryDatabase(library);
    try {
      const documents = db.prepare('SELECT id, status FROM documents').all() as Array<{ id: string; status: string }>;
      t.diagnostic(`${documents.length} of 4 documents were committed when the process was killed`);
      assert.ok(documents.length >= 1);
      for (const d of documents) {
        assert.ok(db.prepare('SELECT 1 FROM entity_extraction WHERE document_id = ?').get(d.id), `document ${d.id} was stored with its entities`);
      }
      const licence = documents.find((d) => factsOf(db, d.id, 'party').some((p) => p.name === LICENCE.parties[0].name));
      if (licence)
        assert.deepEqual(
          entityStoreOn(db)
            .terms(licence.id)
            .map((x) => x.term),
          LICENCE.terms.map((x) => x.term),
        );
      assertLibraryConsistent(db);
    } finally {
      db.close();
    }
  });
});
