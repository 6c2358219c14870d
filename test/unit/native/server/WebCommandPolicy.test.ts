import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { LecternError } from '../../../../native/api/errors.js';
import type { Engine } from '../../../../native/engine.js';
import { WebCommandPolicy } from '../../../../native/server/WebCommandPolicy.js';

/**
 * The checks below read only the engine's library folder (a path that need not exist: the
 * policy resolves what it can and compares the rest); the upload clean-up, which removes
 * files, is covered by test/webHardening.test.ts over a real engine.
 */
const LIBRARY = path.resolve('/nonexistent-lectern-test/library');
const engine = { libraryDir: LIBRARY } as unknown as Engine;
const coded = (code: string, message: RegExp) => (error: unknown) => error instanceof LecternError && error.code === code && message.test(error.message);

test('an import may read only files uploaded through the page', () => {
  const policy = new WebCommandPolicy([]);
  assert.deepEqual(policy.before(engine, 'library:ingest', { paths: [path.join(LIBRARY, 'files', 'x1', 'lease.pdf')] }), {});
  assert.throws(() => policy.before(engine, 'library:ingest', { paths: ['/etc/passwd'] }), coded('INVALID_ARGUMENT', /only files uploaded through the page, not \/etc\/passwd/));
  assert.throws(
    () => policy.before(engine, 'library:ingest', { paths: [path.join(LIBRARY, 'files', '..', 'library.sqlite')] }),
    coded('INVALID_ARGUMENT', /only files uploaded/),
    'a path climbing out of the uploads folder',
  );
  assert.throws(() => policy.before(engine, 'library:ingest', { paths: [42] }), coded('INVALID_ARGUMENT', /not 42/));
});

test('an import whose arguments are not a list is left for the schema to refuse', () => {
  const policy = new WebCommandPolicy([]);
  assert.deepEqual(policy.before(engine, 'library:ingest', { paths: 'lease.pdf' }), {});
  assert.deepEqual(policy.before(engine, 'library:ingest', null), {});
});

test('a library folder named at launch opens without asking', () => {
  const policy = new WebCommandPolicy(['/srv/lectern/../lectern/library']);
  assert.deepEqual(policy.before(engine, 'app:openLibrary', { libraryDir: '/srv/lectern/library' }), {});
});

test('any other folder needs the person to confirm it, and once confirmed is allowed from then on', () => {
  const policy = new WebCommandPolicy(['/srv/lectern/library']);
  assert.throws(
    () => policy.before(engine, 'app:setLibraryDir', { libraryDir: '/home/me/other' }),
    coded('CONFIRMATION_NEEDED', /not started with \/home\/me\/other.*lectern web --library \/home\/me\/other/),
  );
  assert.deepEqual(policy.before(engine, 'app:setLibraryDir', { libraryDir: '/home/me/other', confirmed: true }), {});
  assert.deepEqual(policy.before(engine, 'app:openLibrary', { libraryDir: '/home/me/other' }), {});
  assert.throws(
    () => policy.before(engine, 'app:openLibrary', { libraryDir: '/home/me/third', confirmed: 'yes' }),
    coded('CONFIRMATION_NEEDED', /third/),
    'only a literal true confirms',
  );
});

test('commands the page may run freely pass untouched', () => {
  const policy = new WebCommandPolicy([]);
  assert.deepEqual(policy.before(engine, 'library:list', {}), {});
});
