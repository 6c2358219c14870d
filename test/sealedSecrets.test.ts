/**
 * API keys sealed for the desktop (SealedFileSecretStore): with the key the OS keychain keeps,
 * a server's API key is stored encrypted, read back whole, bound to its server's id, refused with
 * another key, and a key the plain 0600 store wrote before is sealed on first read.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { LecternError } from '../native/api/errors.js';
import { FileSecretStore } from '../native/llm/FileSecretStore.js';
import { SealedFileSecretStore } from '../native/llm/SealedFileSecretStore.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

const SECRET = 'sk-sealed-secret-9137';
let dir: string;

before(() => {
  dir = makeTempDir('lectern-sealed-');
});
after(() => removeDir(dir));

test('an engine given a sealing key stores a server’s API key encrypted (0600, in a 0700 folder) and uses it whole', async () => {
  const library = path.join(dir, 'library');
  const key = randomBytes(32);
  const engine = openTestEngine(library, { secretKey: key });
  let id: string;
  try {
    // 127.0.0.1: nothing listens there, and adding a server does not call it.
    ({
      model: { id },
    } = await engine['models:addServer']({ name: 'box', baseUrl: 'http://127.0.0.1:9', apiKey: SECRET }));
  } finally {
    await engine.close();
  }
  const keys = path.join(library, 'keys');
  const sealed = path.join(keys, `${id}.key.sealed`);
  assert.ok(fs.existsSync(sealed));
  assert.ok(!fs.existsSync(path.join(keys, `${id}.key`)), 'no plain key file');
  assert.equal(fs.statSync(sealed).mode & 0o777, 0o600);
  assert.equal(fs.statSync(keys).mode & 0o777, 0o700);
  assert.ok(!fs.readFileSync(sealed).includes(Buffer.from(SECRET)), 'the file does not hold the key in clear');
  for (const f of fs.readdirSync(library)) if (f.startsWith('library.sqlite')) assert.ok(!fs.readFileSync(path.join(library, f)).includes(Buffer.from(SECRET)));
  assert.equal(new SealedFileSecretStore(keys, key).get(id), SECRET);
});

test('another key, or a sealed file moved to another id, does not open: a coded error, never garbage', () => {
  const keys = path.join(dir, 'moved');
  const key = randomBytes(32);
  const store = new SealedFileSecretStore(keys, key);
  store.put('aaaa1111', SECRET);
  const refused = (error: unknown) => error instanceof LecternError && error.code === 'SERVER_UNAUTHORIZED' && /Register the server again/.test(error.message);
  assert.throws(() => new SealedFileSecretStore(keys, randomBytes(32)).get('aaaa1111'), refused);
  fs.copyFileSync(path.join(keys, 'aaaa1111.key.sealed'), path.join(keys, 'bbbb2222.key.sealed'));
  assert.throws(() => store.get('bbbb2222'), refused);
  assert.equal(store.get('cccc3333'), null, 'no key stored: null');
  store.remove('aaaa1111');
  assert.equal(store.get('aaaa1111'), null);
  assert.throws(() => new SealedFileSecretStore(keys, randomBytes(16)), LecternError);
});

test('a key the plain store kept before is sealed on first read, and the plain file deleted', () => {
  const keys = path.join(dir, 'upgrade');
  new FileSecretStore(keys).put('dddd4444', SECRET);
  const store = new SealedFileSecretStore(keys, randomBytes(32));
  assert.equal(store.get('dddd4444'), SECRET);
  assert.ok(!fs.existsSync(path.join(keys, 'dddd4444.key')));
  assert.ok(fs.existsSync(path.join(keys, 'dddd4444.key.sealed')));
  assert.equal(store.get('dddd4444'), SECRET);
});
