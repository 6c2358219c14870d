/** Server addresses, loopback detection, JSON repair of unconstrained replies, and the 0600 key files. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { FileSecretStore } from '../../../native/llm/FileSecretStore.js';
import { isLoopback, parseServerUrl, repairJson } from '../../../native/llm/ServerBackend.js';
import { makeTempDir, removeDir } from '../../helpers/tempDir.js';

test('loopback addresses never leave the computer; LAN and public ones do', () => {
  for (const url of ['http://127.0.0.1:8080', 'http://127.1.2.3', 'http://localhost:1234/v1', 'http://[::1]:8080']) assert.equal(isLoopback(parseServerUrl(url)), true, url);
  for (const url of ['http://192.168.1.20:8080', 'http://gpu-box.local', 'https://api.example.org/v1', 'http://127.0.0.1.example.org']) {
    assert.equal(isLoopback(parseServerUrl(url)), false, url);
  }
});

test('an address with a user or password, or of another scheme, is refused without echoing the secret', () => {
  assert.throws(
    () => parseServerUrl('https://me:hunter2-secret@example.org'),
    (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && !e.message.includes('hunter2'),
  );
  assert.throws(() => parseServerUrl('ftp://example.org'), { code: 'INVALID_ARGUMENT', message: /http:\/\/ or https:\/\// });
  assert.throws(() => parseServerUrl('not a url'), { code: 'INVALID_ARGUMENT' });
});

test('JSON around prose or code fences is cut out; a cut-off reply is kept from its opening brace', () => {
  assert.equal(repairJson('Sure! ```json\n{"answer":"x [P1]","evidence":["P1"]}\n``` Hope it helps.'), '{"answer":"x [P1]","evidence":["P1"]}');
  assert.equal(repairJson('  {"a":1}  '), '{"a":1}');
  assert.equal(repairJson('Here: {"evidence":["P2"],"answer":"half'), '{"evidence":["P2"],"answer":"half');
  assert.equal(repairJson('no json at all'), 'no json at all');
});

test('keys are files readable by their owner alone, in a folder only the owner can enter, and go when removed', () => {
  const dir = makeTempDir();
  try {
    const store = new FileSecretStore(path.join(dir, 'keys'));
    store.put('abc123def456', 'sk-secret');
    assert.equal(store.get('abc123def456'), 'sk-secret');
    assert.equal(fs.statSync(path.join(dir, 'keys', 'abc123def456.key')).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.join(dir, 'keys')).mode & 0o777, 0o700);
    store.put('abc123def456', 'sk-other');
    assert.equal(store.get('abc123def456'), 'sk-other', 'replaced');
    store.remove('abc123def456');
    assert.equal(store.get('abc123def456'), null);
    assert.throws(() => store.put('../escape', 'x'), /A key is kept under its server's id/);
  } finally {
    removeDir(dir);
  }
});
