/**
 * Users, events and the profile learnt from them, on a real library database whose
 * entities are written directly (seedKnowledgeLibrary): users by name, learning from
 * each kind of event, interest decay, paused learning, forgetting, retention and the
 * hard cap on the log, deleting one user without touching anyone or anything else, and
 * the JSON export.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { LecternError } from '../native/api/errors.js';
import type { Engine } from '../native/engine.js';
import { INTEREST_HALF_LIFE_MS } from '../native/knowledge/profile/decay.js';
import { ProfileStore } from '../native/knowledge/ProfileStore.js';
import { profileRepositories } from '../native/store/profileRepositories.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { contractLibrary, seedKnowledgeLibrary, type SeededLibrary } from './helpers/seedKnowledgeLibrary.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

const DAY = 24 * 60 * 60 * 1000;
let dir: string;
let engine: Engine;
let lib: SeededLibrary;
let clock: number;
let profiles: ProfileStore;

before(() => {
  dir = makeTempDir();
  engine = openTestEngine(path.join(dir, 'library'));
  lib = seedKnowledgeLibrary(engine.db, contractLibrary());
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

let userCount = 0;
/** A fresh user per test, on a clock the test moves. */
function freshUser(options: { maxEventsPerUser?: number } = {}): string {
  clock = Date.UTC(2025, 5, 1);
  profiles = new ProfileStore(profileRepositories(engine.db, options), () => clock);
  const name = `reader-${++userCount}`;
  profiles.createUser(name);
  return name;
}

const interestIn = (user: string, entity: string) => profiles.profile(user, 200).interests.find((i) => i.entity === entity)?.score ?? 0;
const familiarityOf = (user: string, entity: string) => profiles.profile(user, 200).familiar.find((i) => i.entity === entity)?.score ?? 0;
const rowsOf = (table: string, userId: number) => (engine.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE user_id = ?`).get(userId) as { n: number }).n;
const isCode = (code: string, message?: RegExp) => (error: unknown) => error instanceof LecternError && error.code === code && (!message || message.test(error.message));

describe('users', () => {
  beforeEach(() => freshUser());

  test('a library starts with the default user, and names are unique whatever their case', () => {
    assert.ok(profiles.listUsers().some((u) => u.name === 'default'));
    const alice = profiles.createUser('Alice');
    assert.equal(alice.name, 'Alice');
    assert.equal(alice.learningPaused, false);
    assert.equal(alice.events, 0);
    assert.throws(() => profiles.createUser('alice'), isCode('USER_EXISTS', /Alice/));
    assert.equal(profiles.profile('ALICE').user, 'Alice', 'lookups ignore case');
  });

  test('an unknown user is USER_NOT_FOUND with the names there are', () => {
    assert.throws(() => profiles.profile('nobody'), isCode('USER_NOT_FOUND', /"nobody".*default/));
    assert.throws(() => profiles.record({ user: 'nobody', type: 'open', documentId: 'lic' }), isCode('USER_NOT_FOUND'));
  });

  test('a user name of control characters only is refused and nothing is created', () => {
    const before = profiles.listUsers().length;
    assert.throws(() => profiles.createUser('\u0007'), isCode('INVALID_ARGUMENT'));
    assert.equal(profiles.listUsers().length, before);
  });
});

describe('learning from events', () => {
  test('a question teaches interest in the entities it names and counts as asked, in that document', () => {
    const user = freshUser();
    const result = profiles.record({ user, type: 'question', documentId: 'dist', text: 'Does indemnification survive termination?' });
    // The two topics it names, and the clause concept of what survives the end (resources/clauseConcepts.json).
    assert.deepEqual(result, { recorded: true, entities: 3 });
    assert.ok(interestIn(user, 'Indemnification') > 0);
    assert.ok(interestIn(user, 'Termination') > 0);
    assert.ok(interestIn(user, 'post-termination obligations') > 0);
    assert.equal(interestIn(user, 'Escrow'), 0, 'entities the question does not name are untouched');
    const row = engine.db
      .prepare('SELECT asked, touched FROM user_entity_documents WHERE user_id = ? AND entity_id = ? AND document_id = ?')
      .get(profiles.userId(user), lib.entity('Indemnification'), 'dist') as { asked: number; touched: number };
    assert.deepEqual({ ...row }, { asked: 1, touched: 1 });
  });

  test('longer names win over the words inside them: "limitation of liability" links once, not as "liability"', () => {
    const user = freshUser();
    profiles.record({ user, type: 'search', documentId: 'svc', text: 'limitation of liability cap' });
    assert.ok(interestIn(user, 'Limitation of Liability') > 0);
    assert.equal(profiles.profile(user).interests.length, 1);
  });

  test('opening a document teaches a little about its most salient entities, less than asking does', () => {
    const user = freshUser();
    profiles.record({ user, type: 'open', documentId: 'lic' });
    const opened = profiles.profile(user, 200).interests;
    assert.ok(opened.length > 0 && opened.length <= 5);
    assert.ok(
      opened.some((i) => i.entity === 'Licensee'),
      'the most mentioned term is among them',
    );
    const light = interestIn(user, 'Licensee');
    profiles.record({ user, type: 'question', documentId: 'lic', text: 'Who is the Licensee?' });
    assert.ok(interestIn(user, 'Licensee') - light > light, 'a question teaches more than opening');
  });

  test('reading a page teaches about the entities on that page, more for a longer read, capped; a glance teaches nothing', () => {
    const user = freshUser();
    const glance = profiles.record({ user, type: 'read', documentId: 'lic', page: 4, dwellMs: 1_000 });
    assert.deepEqual(glance, { recorded: true, entities: 0 });
    assert.equal(profiles.profile(user).events, 1, 'the glance is logged all the same');
    profiles.record({ user, type: 'read', documentId: 'lic', page: 4, dwellMs: 30_000 });
    const short = interestIn(user, 'Termination');
    assert.ok(short > 0);
    assert.equal(interestIn(user, 'Licensee'), 0, 'nothing off the page');
    const other = freshUser();
    profiles.record({ user: other, type: 'read', documentId: 'lic', page: 4, dwellMs: 120_000 });
    const long = interestIn(other, 'Termination');
    const third = freshUser();
    profiles.record({ user: third, type: 'read', documentId: 'lic', page: 4, dwellMs: 3_600_000 });
    assert.ok(long > short, 'two minutes teach more than thirty seconds');
    assert.equal(interestIn(third, 'Termination'), long, 'an hour counts as two minutes');
  });

  test('familiarity grows with reading and asking and never passes 1', () => {
    const user = freshUser();
    let last = 0;
    for (let i = 0; i < 60; i++) {
      profiles.record({ user, type: 'read', documentId: 'lic', page: 1, dwellMs: 120_000 });
      const now = familiarityOf(user, 'Licensee');
      assert.ok(now >= last && now <= 1);
      last = now;
    }
    assert.ok(last > 0.9, `familiarity saturates near 1 (got ${last})`);
  });

  test('a click on a citation teaches about the entities of the cited passage, and the event takes its document', () => {
    const user = freshUser();
    const passageId = lib.passages.get('dist')![1]!;
    profiles.record({ user, type: 'click', passageId });
    assert.ok(interestIn(user, 'Escrow') > 0 && interestIn(user, 'Source Code') > 0);
    assert.equal(interestIn(user, 'Indemnification'), 0);
    assert.equal(profiles.exportProfile(user).events[0]!.documentId, 'dist');
  });

  test('an event on a document that is not in the library is DOCUMENT_NOT_FOUND and logs nothing', () => {
    const user = freshUser();
    assert.throws(() => profiles.record({ user, type: 'open', documentId: 'missing' }), isCode('DOCUMENT_NOT_FOUND'));
    assert.equal(profiles.profile(user).events, 0);
  });

  test('accepting or dismissing needs the suggestion key or its text', () => {
    const user = freshUser();
    assert.throws(() => profiles.record({ user, type: 'dismiss', documentId: 'lic' }), isCode('INVALID_ARGUMENT', /key/));
    assert.equal(profiles.profile(user).events, 0);
  });

  test('a shown suggestion dismissed by its key alone lowers interest in what it was about and is remembered as dismissed', () => {
    const user = freshUser();
    profiles.record({ user, type: 'question', documentId: 'dist', text: 'What about escrow?' });
    const before = interestIn(user, 'Escrow');
    const escrow = lib.entity('Escrow');
    profiles.recordShown(user, [
      {
        key: 'k-escrow',
        text: 'What does the agreement say about escrow?',
        reason: '',
        entities: ['Escrow'],
        entityIds: [escrow],
        score: 1,
        documentId: 'svc',
        phrasing: 'template',
      },
    ]);
    profiles.record({ user, type: 'dismiss', suggestionKey: 'k-escrow' });
    assert.ok(interestIn(user, 'Escrow') < before);
    assert.deepEqual(
      profiles.exportProfile(user).feedback.map((f) => [f.suggestionKey, f.state]),
      [['k-escrow', 'dismissed']],
    );
  });
});

describe('decay, pause and forgetting', () => {
  test('interest halves every half-life while nothing happens', () => {
    const user = freshUser();
    profiles.record({ user, type: 'question', documentId: 'lic', text: 'Is there an indemnification cap?' });
    const fresh = interestIn(user, 'Indemnification');
    clock += INTEREST_HALF_LIFE_MS;
    assert.ok(Math.abs(interestIn(user, 'Indemnification') - fresh / 2) < 0.002);
    clock += INTEREST_HALF_LIFE_MS;
    assert.ok(Math.abs(interestIn(user, 'Indemnification') - fresh / 4) < 0.002);
  });

  test('a new event adds to the decayed interest, not to the stored one', () => {
    const user = freshUser();
    profiles.record({ user, type: 'question', documentId: 'lic', text: 'Indemnification?' });
    const one = interestIn(user, 'Indemnification');
    clock += INTEREST_HALF_LIFE_MS;
    profiles.record({ user, type: 'question', documentId: 'sup', text: 'Indemnification?' });
    assert.ok(Math.abs(interestIn(user, 'Indemnification') - (one / 2 + one)) < 0.05);
  });

  test('while learning is paused nothing is recorded and the profile stays as it was', () => {
    const user = freshUser();
    profiles.record({ user, type: 'question', documentId: 'lic', text: 'Termination notice?' });
    const before = profiles.exportProfile(user);
    profiles.setLearning(user, true);
    assert.deepEqual(profiles.record({ user, type: 'question', documentId: 'lic', text: 'Indemnification?' }), { recorded: false, entities: 0 });
    assert.equal(profiles.recordShown(user, [{ key: 'k', text: 'q?', reason: '', entities: [], entityIds: [], score: 1, documentId: null, phrasing: 'template' }]), 0);
    const during = profiles.exportProfile(user);
    assert.deepEqual(during.entities, before.entities);
    assert.deepEqual(during.events, before.events);
    assert.equal(during.user.learningPaused, true);
    profiles.setLearning(user, false);
    assert.equal(profiles.record({ user, type: 'question', documentId: 'lic', text: 'Indemnification?' }).recorded, true);
    assert.ok(interestIn(user, 'Indemnification') > 0);
  });

  test('a forgotten entity leaves the profile and is never learnt again; the others still are', () => {
    const user = freshUser();
    profiles.record({ user, type: 'question', documentId: 'lic', text: 'Does indemnification survive termination?' });
    profiles.forget(user, lib.entity('Indemnification'));
    assert.equal(interestIn(user, 'Indemnification'), 0);
    const perDocument = engine.db
      .prepare('SELECT count(*) AS n FROM user_entity_documents WHERE user_id = ? AND entity_id = ?')
      .get(profiles.userId(user), lib.entity('Indemnification')) as { n: number };
    assert.equal(perDocument.n, 0);
    profiles.record({ user, type: 'question', documentId: 'sup', text: 'Indemnification and termination again?' });
    assert.equal(interestIn(user, 'Indemnification'), 0);
    assert.ok(interestIn(user, 'Termination') > 0);
    assert.equal(profiles.exportProfile(user).entities.find((e) => e.entity === 'Indemnification')?.blocked, true);
  });

  test('forgetting an entity the library does not have is INVALID_ARGUMENT', () => {
    const user = freshUser();
    assert.throws(() => profiles.forget(user, 999_999), isCode('INVALID_ARGUMENT'));
  });
});

describe('a bounded log', () => {
  test('events older than the retention are deleted as new ones come; the aggregates stay', () => {
    const user = freshUser();
    profiles.setRetention(user, 7);
    profiles.record({ user, type: 'question', documentId: 'lic', text: 'Indemnification?' });
    clock += 8 * DAY;
    profiles.record({ user, type: 'open', documentId: 'svc' });
    const exported = profiles.exportProfile(user);
    assert.deepEqual(
      exported.events.map((e) => e.type),
      ['open'],
    );
    assert.ok(
      exported.entities.some((e) => e.entity === 'Indemnification' && e.asked === 1),
      'what was learnt stays',
    );
  });

  test('shortening the retention prunes at once', () => {
    const user = freshUser();
    profiles.record({ user, type: 'open', documentId: 'lic' });
    clock += 5 * DAY;
    profiles.record({ user, type: 'open', documentId: 'svc' });
    clock += 1 * DAY;
    assert.equal(profiles.profile(user).events, 2);
    profiles.setRetention(user, 3);
    assert.equal(profiles.profile(user).events, 1);
    assert.equal(profiles.profile(user).retentionDays, 3);
    assert.throws(() => profiles.setRetention(user, 0), isCode('INVALID_ARGUMENT'));
  });

  test('a user never keeps more than the cap (plus the writes between two checks), and the newest events are the ones kept', () => {
    const user = freshUser({ maxEventsPerUser: 50 });
    for (let i = 0; i < 450; i++) {
      clock += 1000;
      profiles.record({ user, type: 'search', documentId: 'notes', text: `botany ${i}` });
    }
    const events = profiles.exportProfile(user).events;
    assert.ok(events.length >= 50 && events.length < 150, `kept ${events.length}`);
    assert.equal(events.at(-1)!.text, 'botany 449');
    assert.ok(!events.some((e) => e.text === 'botany 0'));
  });
});

describe('deleting and exporting', () => {
  test('deleting a user removes exactly their events, aggregates, feedback and shown suggestions; other users and the library are untouched', () => {
    freshUser();
    const alice = profiles.createUser('Alice-del').name;
    const bob = profiles.createUser('Bob-del').name;
    for (const user of [alice, bob]) {
      profiles.record({ user, type: 'question', documentId: 'lic', text: 'Indemnification and termination?' });
      profiles.recordShown(user, [
        {
          key: `k-${user}`,
          text: 'What does the agreement say about escrow?',
          reason: '',
          entities: ['Escrow'],
          entityIds: [lib.entity('Escrow')],
          score: 1,
          documentId: 'svc',
          phrasing: 'template',
        },
      ]);
      profiles.record({ user, type: 'dismiss', suggestionKey: `k-${user}` });
    }
    const aliceId = profiles.userId(alice);
    const bobId = profiles.userId(bob);
    const tables = ['events', 'user_entities', 'user_entity_documents', 'suggestion_feedback', 'shown_suggestions'];
    const bobBefore = tables.map((t) => rowsOf(t, bobId));
    const library = () =>
      ['documents', 'passages', 'entities', 'document_entities', 'mentions'].map((t) => (engine.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n);
    const libraryBefore = library();
    assert.ok(
      tables.every((t) => rowsOf(t, aliceId) > 0),
      'alice has rows in every table',
    );

    const result = profiles.deleteUser(alice);
    assert.equal(result.deleted, alice);
    assert.equal(result.events, 3);
    assert.ok(result.entities >= 2);
    assert.deepEqual(
      tables.map((t) => rowsOf(t, aliceId)),
      [0, 0, 0, 0, 0],
    );
    assert.deepEqual(
      tables.map((t) => rowsOf(t, bobId)),
      bobBefore,
    );
    assert.deepEqual(library(), libraryBefore);
    assert.throws(() => profiles.profile(alice), isCode('USER_NOT_FOUND'));
  });

  test('deleting the default user clears its profile and keeps the user', () => {
    freshUser();
    profiles.record({ user: 'default', type: 'question', documentId: 'lic', text: 'Indemnification?' });
    const result = profiles.deleteUser('default');
    assert.equal(result.deleted, 'default');
    assert.ok(result.events >= 1);
    const after = profiles.profile('default');
    assert.equal(after.events, 0);
    assert.deepEqual(after.interests, []);
  });

  test('the export holds the user, every entity with its names and numbers, every event and the feedback, as plain JSON', () => {
    const user = freshUser();
    profiles.record({ user, type: 'open', documentId: 'lic' });
    clock += 1000;
    profiles.record({ user, type: 'read', documentId: 'lic', page: 3, dwellMs: 60_000 });
    clock += 1000;
    profiles.record({ user, type: 'accept', documentId: 'lic', text: 'What does “Licensee” mean in this agreement?' });
    const exported = JSON.parse(JSON.stringify(profiles.exportProfile(user))) as ReturnType<ProfileStore['exportProfile']>;
    assert.equal(exported.format, 'lectern-profile');
    assert.equal(exported.version, 1);
    assert.equal(exported.user.name, user);
    assert.deepEqual(
      exported.events.map((e) => e.type),
      ['open', 'read', 'accept'],
    );
    assert.equal(exported.events[1]!.dwellMs, 60_000);
    assert.equal(exported.events[1]!.page, 3);
    assert.equal(exported.events[0]!.at, new Date(Date.UTC(2025, 5, 1)).toISOString());
    assert.match(exported.events[2]!.suggestionKey!, /^[0-9a-f]{24}$/);
    assert.equal(exported.feedback.length, 1);
    assert.equal(exported.feedback[0]!.state, 'accepted');
    const licensee = exported.entities.find((e) => e.entity === 'Licensee')!;
    assert.equal(licensee.kind, 'term');
    assert.equal(licensee.asked, 1);
    assert.ok(licensee.interest > 0 && licensee.familiarity > 0 && licensee.blocked === false);
  });
});

describe('through the engine', () => {
  test('events:record, profile:get and users:* validate their arguments and report profile changes', async () => {
    const changed: string[] = [];
    const off = engine.on('profile:changed', ({ user }) => changed.push(user));
    await engine.invoke('users:create', { name: 'Carol' });
    await assert.rejects(engine.invoke('users:create', { name: 'carol' }), isCode('USER_EXISTS'));
    await assert.rejects(engine.invoke('events:record', { user: 'Carol', type: 'wander' }), isCode('INVALID_ARGUMENT'));
    const r = await engine.invoke('events:record', { user: 'Carol', type: 'search', text: 'escrow release', documentId: 'dist' });
    assert.equal(r.recorded, true);
    assert.deepEqual(changed, ['Carol']);
    const profile = await engine.invoke('profile:get', { user: 'carol' });
    assert.equal(profile.interests[0]!.entity, 'Escrow');
    off();
  });
});
