/**
 * Small engine commands the screens use: the memory a model needs at each context scale
 * (before loading it), where the engine keeps its files, and pre-reading status without a model.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveLibraryDir } from '../native/appPaths.js';
import type { Engine } from '../native/engine.js';
import { makeMarkdownFile } from './fixtures/makeTextFiles.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { makeLlamaModel, TINY } from './models/makeLlamaModel.js';

let dir: string;
let engine: Engine;
let modelPath: string;

before(async () => {
  dir = makeTempDir();
  modelPath = path.join(dir, 'tiny.gguf');
  await makeLlamaModel(modelPath, { ...TINY, contextLength: 8192 });
  engine = openTestEngine(path.join(dir, 'library'), { llmThreads: 3 });
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

describe('models:estimate', () => {
  test('the estimate is at trained context × scale, and grows with the scale', async () => {
    const { model } = await engine['models:add']({ pathOrUri: modelPath });
    const one = await engine.invoke('models:estimate', { idOrPath: model.id, contextScale: 1 });
    const eight = await engine.invoke('models:estimate', { idOrPath: model.id, contextScale: 8 });
    assert.equal(one.contextSize, 8192);
    assert.equal(eight.contextSize, 8192 * 8);
    assert.ok(eight.contextBytes > one.contextBytes, `${eight.contextBytes} > ${one.contextBytes}`);
    assert.ok(eight.totalBytes > one.totalBytes);
    assert.equal(eight.weightsBytes, one.weightsBytes);
    assert.ok(one.availableBytes > 0);
    assert.equal(one.fits, one.totalBytes <= one.availableBytes);
  });

  test('a file path works too; a scale that is not 1, 2, 4 or 8 and a missing model are refused', async () => {
    const byPath = await engine.invoke('models:estimate', { idOrPath: modelPath, contextScale: 2 });
    assert.equal(byPath.contextSize, 16384);
    await assert.rejects(engine.invoke('models:estimate', { idOrPath: modelPath, contextScale: 3 }), { code: 'INVALID_ARGUMENT' });
    await assert.rejects(
      engine.invoke('models:estimate', { idOrPath: path.join(dir, 'none.gguf'), contextScale: 1 }),
      (error: { code?: string }) => typeof error.code === 'string',
    );
  });
});

describe('app:info', () => {
  test('reports the library and models folders, the threads and the version', async () => {
    const info = await engine.invoke('app:info', {});
    assert.equal(info.libraryDir, path.join(dir, 'library'));
    assert.equal(info.modelsDir, path.join(dir, 'library', 'models'));
    assert.equal(info.threads, 3);
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.equal(info.version, pkg.version);
  });
});

describe('app:setThreads', () => {
  test('the chosen threads are kept in the library, used from the next load, and survive a restart', async () => {
    const library = path.join(dir, 'threads-library');
    let e = openTestEngine(library);
    try {
      assert.equal((await e.invoke('app:setThreads', { threads: 1 })).threads, 1);
      await e.close();
      e = openTestEngine(library);
      assert.equal((await e.invoke('app:info', {})).threads, 1, 'read back from the library at start');
      const loaded = await e['models:load']({ idOrPath: modelPath });
      assert.equal(loaded.contextSize, 8192);
      assert.ok((await e.invoke('app:setThreads', { threads: null })).threads >= 1, 'null restores the default');
      await assert.rejects(e.invoke('app:setThreads', { threads: 0 }), { code: 'INVALID_ARGUMENT' });
    } finally {
      await e.close();
    }
  });
});

describe('app:setLibraryDir', () => {
  test('the chosen folder is written to the app settings and opened by the next start; a relative path is refused', async () => {
    const dataDir = path.join(dir, 'user-data');
    const e = openTestEngine(path.join(dir, 'library-a'), { userDataDir: dataDir });
    try {
      const chosen = path.join(dir, 'library-b');
      const result = await e.invoke('app:setLibraryDir', { libraryDir: chosen });
      assert.equal(result.nextLibraryDir, chosen);
      assert.equal(result.libraryDir, path.join(dir, 'library-a'), 'the open library stays open');
      const env = { XDG_CONFIG_HOME: path.dirname(dataDir) } as NodeJS.ProcessEnv;
      fs.renameSync(dataDir, path.join(path.dirname(dataDir), 'Lectern'));
      assert.equal(resolveLibraryDir(undefined, env), chosen, 'the next start opens it');
      assert.equal(resolveLibraryDir('/explicit', env), '/explicit', '--library still wins');
      await assert.rejects(e.invoke('app:setLibraryDir', { libraryDir: 'relative/folder' }), { code: 'INVALID_ARGUMENT' });
    } finally {
      await e.close();
    }
  });
});

describe('qa:prereadStatus', () => {
  test('without a loaded model every document is no-model', async () => {
    const { documents } = await engine['library:ingest']({ paths: [makeMarkdownFile(dir)] });
    const id = documents[0]!.id!;
    const { statuses } = await engine.invoke('qa:prereadStatus', { documentIds: [id] });
    assert.deepEqual(statuses, [{ documentId: id, state: 'no-model' }]);
  });
});
