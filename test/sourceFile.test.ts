/**
 * 'library:sourceFile', what the desktop app asks before it serves a document's file itself:
 * the path and identity of the very file imported, and a refusal once that file was swapped.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Engine } from '../native/engine.js';
import { makeSmallTextFile } from './fixtures/makeTextFiles.js';
import { openTestEngine } from './helpers/openTestEngine.js';
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

describe('library:sourceFile', () => {
  test('names the imported file with its identity, and refuses it once a link to another file of the same size stands in its place', async () => {
    const file = makeSmallTextFile(dir, 'note.txt', 41);
    const { documents } = await engine.invoke('library:ingest', { paths: [file] });
    const id = documents[0]!.id!;
    const source = await engine.invoke('library:sourceFile', { id });
    const stat = fs.statSync(file);
    assert.equal(source.path, path.resolve(file));
    assert.equal(source.format, 'txt');
    assert.deepEqual(source.identity, { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs });

    const other = path.join(dir, 'other.txt');
    fs.writeFileSync(other, 'x'.repeat(stat.size));
    fs.rmSync(file);
    fs.symlinkSync(other, file);
    await assert.rejects(engine.invoke('library:sourceFile', { id }), { code: 'SOURCE_CHANGED' });
    await assert.rejects(engine.invoke('library:sourceFile', { id: 'no-such-document' }), { code: 'DOCUMENT_NOT_FOUND' });
  });
});
