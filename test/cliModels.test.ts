/**
 * `lectern models …` as a person or a script runs it: a child process per command against a
 * temporary library, a generated GGUF model, bad files, and a local HTTP server to download from.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startModelServer, type ModelServer } from './helpers/modelServer.js';
import { parseSingleJson, runCli } from './helpers/runCli.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { makeNotGgufFile, makeTruncatedModel } from './models/makeBadModels.js';
import { CHATML_TEMPLATE, makeLlamaModel, TINY } from './models/makeLlamaModel.js';

let dir: string;
let library: string;
let server: ModelServer;
const file = (name: string) => path.join(dir, name);
const sha256 = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const models = (...args: string[]) => runCli(['models', ...args, '--library', library], { home: dir });
let modelId = '';

before(async () => {
  dir = makeTempDir('lectern-cli-models-');
  library = path.join(dir, 'library');
  await makeLlamaModel(file('tiny.gguf'), TINY);
  await makeLlamaModel(file('served.gguf'), { ...TINY, seed: 7 });
  await makeNotGgufFile(file('notes.gguf'));
  await makeTruncatedModel(file('cut.gguf'));
  server = await startModelServer();
  server.files.set('/models/served.gguf', { body: fs.readFileSync(file('served.gguf')) });
});

after(async () => {
  await server?.close();
  removeDir(dir);
});

test('models add --json registers a file and prints exactly one {"model","duplicate"} object', async () => {
  const r = await models('add', '--json', file('tiny.gguf'));
  assert.equal(r.code, 0, r.stderr);
  const out = parseSingleJson(r.stdout) as { model: Record<string, unknown>; duplicate: boolean };
  assert.deepEqual(Object.keys(out), ['model', 'duplicate']);
  assert.equal(out.duplicate, false);
  assert.equal(out.model.id, sha256(file('tiny.gguf')).slice(0, 12));
  assert.equal(out.model.path, file('tiny.gguf'));
  assert.equal(out.model.architecture, 'llama');
  assert.equal(out.model.trainContextSize, TINY.contextLength);
  modelId = out.model.id as string;
});

test('adding the same file again says it is already added and exits 0', async () => {
  const r = await models('add', file('tiny.gguf'));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`already added as ${modelId}`));
});

test('models inspect --json prints the metadata object, by id and by the path of any GGUF file', async () => {
  for (const target of [modelId, file('served.gguf')]) {
    const r = await models('inspect', target, '--json');
    assert.equal(r.code, 0, r.stderr);
    const info = parseSingleJson(r.stdout);
    for (const key of ['architecture', 'parameters', 'trainContextSize', 'chatTemplate', 'ropeScaling']) assert.ok(key in info, key);
    assert.equal(info.architecture, 'llama');
    assert.equal(typeof info.parameters, 'number');
    assert.equal(info.trainContextSize, 512);
    assert.equal(info.chatTemplate, CHATML_TEMPLATE);
    assert.deepEqual(info.ropeScaling, { type: 'none', factor: 1, originalContextSize: 512 });
  }
  const human = await models('inspect', modelId);
  assert.match(human.stdout, /trained context\s+512 tokens/);
});

test('a file that is not GGUF and a truncated model fail with their code and message, exit 1, and change nothing', async () => {
  const notGguf = await models('add', '--json', file('notes.gguf'));
  assert.equal(notGguf.code, 1);
  const { error } = parseSingleJson(notGguf.stdout) as { error: { code: string; message: string } };
  assert.equal(error.code, 'NOT_A_MODEL');
  assert.match(error.message, /notes\.gguf is not a GGUF model file/);

  const cut = await models('add', file('cut.gguf'));
  assert.equal(cut.code, 1);
  assert.match(cut.stderr, /^lectern: cut\.gguf is incomplete: .*download it again\.\n$/);
  assert.equal(cut.stdout, '');

  const list = parseSingleJson((await models('list', '--json')).stdout) as { models: Array<{ id: string }> };
  assert.deepEqual(
    list.models.map((m) => m.id),
    [modelId],
  );
});

test('models add downloads an address with no progress bar off a terminal; remove deletes only the download', async () => {
  const uri = `${server.origin}/models/served.gguf`;
  const r = await models('add', uri, '--json');
  assert.equal(r.code, 0, r.stderr);
  const { model } = parseSingleJson(r.stdout) as { model: { id: string; path: string; sourceUri: string } };
  assert.equal(model.sourceUri, uri);
  assert.equal(model.path, path.join(library, 'models', 'served.gguf'));
  assert.equal(sha256(model.path), sha256(file('served.gguf')));

  const removed = parseSingleJson((await models('remove', model.id, '--json')).stdout);
  assert.deepEqual(removed, { removed: model.id, deletedFile: true });
  assert.equal(fs.existsSync(model.path), false);
  const own = await models('remove', modelId);
  assert.match(own.stdout, /its file stays where it is/);
  assert.ok(fs.existsSync(file('tiny.gguf')));
});

test('unknown ids exit 1 with MODEL_NOT_FOUND; a missing subcommand is a usage error (exit 2); the catalog prints', async () => {
  const missing = await models('inspect', 'feedfacecafe', '--json');
  assert.equal(missing.code, 1);
  assert.equal((parseSingleJson(missing.stdout) as { error: { code: string } }).error.code, 'MODEL_NOT_FOUND');
  const bare = await runCli(['models', '--library', library], { home: dir });
  assert.equal(bare.code, 2);
  assert.match(bare.stderr, /add, add-server, list, inspect, remove or catalog/);
  const catalog = await models('catalog', '--json');
  assert.equal(catalog.code, 0, catalog.stderr);
  const { models: entries } = parseSingleJson(catalog.stdout) as { models: Array<{ uri: string; kind: string }> };
  assert.ok(entries.length >= 4 && entries.every((m) => m.uri.startsWith('hf:')));
});

test('models add-server registers a server with its key from a file, never printing the key; plain http to another machine needs --yes-insecure', async () => {
  const keyFile = file('server.key');
  fs.writeFileSync(keyFile, 'sk-cli-secret-42\n');
  const added = await models('add-server', 'gpu-box', '--url', 'https://gpu-box.example/v1', '--model', 'qwen', '--api-key-file', keyFile, '--json');
  assert.equal(added.code, 0, added.stderr);
  const { model } = parseSingleJson(added.stdout) as { model: { id: string; backend: string; server: { baseUrl: string; model: string; hasKey: boolean } } };
  assert.deepEqual(
    { backend: model.backend, ...model.server },
    { backend: 'server', baseUrl: 'https://gpu-box.example/v1', model: 'qwen', hasKey: true, insecureConfirmed: false, timeoutMs: null },
  );
  assert.ok(!added.stdout.includes('sk-cli-secret-42'), 'the key is not printed');
  const listed = await models('list');
  assert.match(listed.stdout, /gpu-box .*inference server · model qwen · API key stored/);
  assert.ok(!listed.stdout.includes('sk-cli-secret-42'));
  const insecure = await models('add-server', 'lan-box', '--url', 'http://192.0.2.7:8080', '--json');
  assert.equal(insecure.code, 1);
  assert.equal((parseSingleJson(insecure.stdout) as { error: { code: string } }).error.code, 'CONFIRMATION_NEEDED');
  assert.match((parseSingleJson(insecure.stdout) as { error: { message: string } }).error.message, /--yes-insecure/, 'the CLI says how to confirm');
  const confirmed = await models('add-server', 'lan-box', '--url', 'http://192.0.2.7:8080', '--yes-insecure', '--json');
  assert.equal(confirmed.code, 0, confirmed.stderr);
});
