/**
 * The engine deletes only its own files: saved-state rows naming a file outside the library
 * folder (directly, by climbing out, or through a symlinked folder) are refused and the file
 * survives `library:remove` and `kv:clear`; LibraryFolder's rules on their own.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Engine } from '../native/engine.js';
import { LibraryFolder } from '../native/store/libraryPath.js';
import { makeMarkdownFile } from './fixtures/makeTextFiles.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let libraryDir: string;
let engine: Engine;
let documentId: string;

before(async () => {
  dir = makeTempDir();
  libraryDir = path.join(dir, 'library');
  engine = openTestEngine(libraryDir);
  const { documents } = await engine['library:ingest']({ paths: [makeMarkdownFile(dir)] });
  documentId = documents[0]!.id!;
  // A saved state needs a model row; the state rows below are what a crafted or copied library holds.
  engine.db
    .prepare(
      `INSERT INTO models (id, sha256, name, path, source_uri, file_bytes, architecture, parameters, train_context_size, chat_template, kind, added_at)
              VALUES ('m', 'sha', 'm', '/nowhere.gguf', NULL, 1, 'llama', NULL, 512, NULL, 'chat', 'now')`,
    )
    .run();
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

let planted = 0;
/** A saved-state row of the document naming `file`, as a crafted library would hold. */
function plantState(file: string): void {
  engine.db
    .prepare(
      `INSERT INTO kv_states (model_id, model_sha256, settings_hash, prefix_hash, scope_key, file, tokens, bytes, created_at, last_used_at)
              VALUES ('m', 'sha', 's', ?, ?, ?, 1, 10, 'now', 'now')`,
    )
    .run(`p${planted++}`, documentId, file);
}

function victim(name: string): string {
  const file = path.join(dir, 'outside', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, "not Lectern's to delete");
  fs.writeFileSync(`${file}.json`, '{}');
  return file;
}

describe('files outside the library are never deleted', () => {
  test('removing a document whose saved-state rows name outside files (absolute, climbing out, through a symlinked folder) leaves those files', async () => {
    const absolute = victim('absolute.state');
    const climbing = victim('climbing.state');
    const linkedDir = path.join(dir, 'outside', 'linked');
    fs.mkdirSync(linkedDir, { recursive: true });
    const throughLink = path.join(linkedDir, 'x.state');
    fs.writeFileSync(throughLink, 'reached through a link');
    fs.symlinkSync(linkedDir, path.join(libraryDir, 'kv-cache-link'));
    plantState(absolute);
    plantState(`../outside/climbing.state`);
    plantState('kv-cache-link/x.state');
    const refused: string[] = [];
    const stop = engine.on('qa:stateDiscarded', (e) => refused.push(e.code));

    await engine['library:remove']({ id: documentId });
    stop();

    for (const file of [absolute, `${absolute}.json`, climbing, `${climbing}.json`, throughLink]) assert.ok(fs.existsSync(file), `${file} survives`);
    assert.equal(engine.kvStates.usage().files, 0, 'the crafted rows are gone');
    assert.ok(refused.length >= 3 && refused.every((c) => c === 'PATH_OUTSIDE_LIBRARY'), refused.join(','));
  });

  test('clearing the cache with a row naming a symlink inside kv-cache that leads out leaves the link and its target', async () => {
    const target = victim('target.state');
    fs.mkdirSync(path.join(libraryDir, 'kv-cache'), { recursive: true });
    const link = path.join(libraryDir, 'kv-cache', 'linked.state');
    fs.symlinkSync(target, link);
    plantState('kv-cache/linked.state');
    await engine['kv:clear']();
    assert.ok(fs.existsSync(target));
    assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link itself is not touched either');
  });
});

describe('LibraryFolder', () => {
  test('stores paths relative with "/" and resolves them back inside the folder', () => {
    const folder = new LibraryFolder(libraryDir);
    assert.equal(folder.relative(path.join(libraryDir, 'kv-cache', 'a.state')), 'kv-cache/a.state');
    assert.equal(folder.resolve('kv-cache/a.state'), path.join(libraryDir, 'kv-cache', 'a.state'));
    assert.equal(folder.resolve(path.join(libraryDir, 'files', 'x.pdf')), path.join(libraryDir, 'files', 'x.pdf'), 'an absolute path inside (from an older Lectern) is accepted');
  });

  test('refuses with PATH_OUTSIDE_LIBRARY: the folder itself, climbing out, absolute paths elsewhere, symlinked folders that lead out', () => {
    const folder = new LibraryFolder(libraryDir);
    for (const stored of [
      '',
      '.',
      '..',
      '../x',
      'a/../../x',
      '/etc/passwd',
      path.join(dir, 'outside', 'absolute.state'),
      'kv-cache-link/x.state',
      'kv-cache-link/missing/deeper.state',
    ]) {
      assert.throws(() => folder.resolve(stored), { code: 'PATH_OUTSIDE_LIBRARY' }, JSON.stringify(stored));
    }
    assert.throws(() => folder.relative('/etc/passwd'), { code: 'PATH_OUTSIDE_LIBRARY' });
  });

  test('a library opened through a symlink to its folder still accepts its own files', () => {
    const alias = path.join(dir, 'alias');
    fs.symlinkSync(libraryDir, alias);
    const folder = new LibraryFolder(alias);
    assert.equal(folder.resolve('kv-cache/a.state'), path.join(alias, 'kv-cache', 'a.state'));
  });
});
