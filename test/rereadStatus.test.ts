/**
 * 'library:rereadStatus' and 'library:rereadFinished': what a window that opens late learns of
 * re-reading. Nothing before a re-read ran; while one runs, its latest progress; after it, its
 * result, the same as the finished event and the command's own answer carry.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { RereadProgress } from '../native/api/types.js';
import type { EngineEvents } from '../native/api/commands.js';
import type { Engine } from '../native/engine.js';
import { makeSmallTextFile } from './fixtures/makeTextFiles.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

let dir: string;
let engine: Engine;

before(async () => {
  dir = makeTempDir();
  engine = openTestEngine(path.join(dir, 'library'));
  const files = [1, 2, 3].map((seed) => makeSmallTextFile(dir, `note-${seed}.txt`, seed));
  const { documents } = await engine['library:ingest']({ paths: files });
  assert.equal(documents.filter((d) => d.status === 'ingested').length, 3);
});

after(async () => {
  await engine?.close();
  removeDir(dir);
});

test('before any re-read the status is empty; during one it gives the progress; after it, the result the finished event carried', async () => {
  assert.deepEqual(await engine.invoke('library:rereadStatus', {}), { running: false, startedAt: null, progress: null, result: null });
  engine.db.prepare('UPDATE documents SET ingest_version = 1').run();

  const during: Array<{ progress: RereadProgress; status: Awaited<ReturnType<Engine['library:rereadStatus']>> }> = [];
  const finished: Array<EngineEvents['library:rereadFinished']> = [];
  const offProgress = engine.on('library:rereadProgress', (p) => {
    // Asked from inside the event, the status must already say what the event says.
    void engine.invoke('library:rereadStatus', {}).then((status) => during.push({ progress: p, status }));
  });
  const offFinished = engine.on('library:rereadFinished', (e) => finished.push(e));
  const result = await engine.invoke('library:reread', { requestId: 'r1' });
  offProgress();
  offFinished();

  assert.equal(result.documents, 3);
  const whileRunning = during.filter((d) => d.progress.documentId !== null);
  assert.equal(whileRunning.length, 3, 'one progress event per document under way');
  for (const { progress, status } of whileRunning) {
    assert.equal(status.running, true);
    assert.deepEqual(status.progress, { done: progress.done, total: 3, documentId: progress.documentId });
    assert.equal(status.result, null, 'no result while it runs');
  }

  const after = await engine.invoke('library:rereadStatus', {});
  assert.equal(after.running, false);
  assert.deepEqual(after.progress, { done: 3, total: 3, documentId: null });
  assert.deepEqual(after.result, result);
  assert.equal(finished.length, 1);
  const { requestId, startedAt, ...carried } = finished[0]!;
  assert.equal(requestId, 'r1');
  assert.equal(startedAt, after.startedAt);
  assert.ok(!Number.isNaN(Date.parse(startedAt)), `an ISO time: ${startedAt}`);
  assert.deepEqual(carried, result);
});
