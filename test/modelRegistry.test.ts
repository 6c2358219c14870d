/**
 * The model registry on real files and a real library database: GGUF models the suite
 * generates, bad files of each kind, downloads from a local HTTP server (progress, cancel,
 * resume with Range, HTTP errors), memory estimates through node-llama-cpp, and the catalog.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Database } from 'better-sqlite3';
import type { DownloadProgress, MemoryEstimate } from '../native/api/types.js';
import { resolveModelUri } from '../native/llm/downloadModel.js';
import { assertFits, estimateMemory } from '../native/llm/estimateMemory.js';
import { loadModelCatalog } from '../native/llm/modelCatalog.js';
import { ModelRegistry } from '../native/llm/ModelRegistry.js';
import { ModelRepository } from '../native/store/ModelRepository.js';
import { readModelInfo } from '../native/llm/readModelInfo.js';
import { openLibraryDatabase } from '../native/store/openLibraryDatabase.js';
import { startModelServer, type ModelServer } from './helpers/modelServer.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { makeNotGgufFile, makeTruncatedModel, makeUnsupportedArchitectureModel } from './models/makeBadModels.js';
import { CHATML_TEMPLATE, describeLlamaModel, makeLlamaModel, TINY } from './models/makeLlamaModel.js';
import { gguf, writeGguf } from './models/writeGguf.js';

let dir: string;
let db: Database;
let registry: ModelRegistry;
let server: ModelServer;
const file = (name: string) => path.join(dir, name);
const modelsDir = () => path.join(dir, 'library', 'models');
const sha256 = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const NOW = new Date('2026-11-28T12:00:00.000Z');

/** TINY's parameters: embeddings and output (vocab × 64), 2 blocks, the final norm. */
function tinyParameters(vocab: number): number {
  const e = TINY.embedding;
  const kv = (e / TINY.heads) * TINY.kvHeads;
  const block = 2 * e + 2 * e * e + 2 * e * kv + 3 * e * TINY.feedForward;
  return 2 * vocab * e + TINY.layers * block + e;
}

before(async () => {
  dir = makeTempDir('lectern-models-');
  await makeLlamaModel(file('tiny.gguf'), TINY);
  db = openLibraryDatabase(path.join(dir, 'library'));
  server = await startModelServer();
  registry = new ModelRegistry(new ModelRepository(db), { modelsDir: modelsDir(), now: () => NOW, hfEndpoint: server.origin });
});

after(async () => {
  db?.close();
  await server?.close();
  removeDir(dir);
});

describe('adding models by path', () => {
  test('a generated model is registered in place, with its sha prefix as id and its header as the record', async () => {
    const record = await registry.add(file('tiny.gguf'));
    const sha = sha256(file('tiny.gguf'));
    const vocab = describeLlamaModel(TINY).tensors[0]!.dims[1]!;
    assert.deepEqual(record, {
      id: sha.slice(0, 12),
      sha256: sha,
      name: 'lectern-test-llama',
      path: file('tiny.gguf'),
      sourceUri: null,
      fileBytes: fs.statSync(file('tiny.gguf')).size,
      architecture: 'llama',
      parameters: tinyParameters(vocab),
      trainContextSize: TINY.contextLength,
      chatTemplate: CHATML_TEMPLATE,
      kind: 'chat',
      addedAt: NOW.toISOString(),
    });
    assert.deepEqual(registry.list(), [record]);
  });

  test('adding the same file again, or a copy of it, returns the existing record', async () => {
    const [first] = registry.list();
    assert.deepEqual(await registry.add(file('tiny.gguf')), first);
    fs.copyFileSync(file('tiny.gguf'), file('tiny-copy.gguf'));
    assert.deepEqual(await registry.add(file('tiny-copy.gguf')), first);
    assert.equal(registry.list().length, 1);
  });

  test('get finds a model by id, id prefix or path, and describes an unregistered file without storing it', async () => {
    const [first] = registry.list();
    assert.deepEqual(await registry.get(first!.id), first);
    assert.deepEqual(await registry.get(first!.id.slice(0, 6)), first);
    assert.deepEqual(await registry.get(file('tiny.gguf')), first);
    await makeLlamaModel(file('seed5.gguf'), { ...TINY, seed: 5 });
    const loose = await registry.get(file('seed5.gguf'));
    assert.equal(loose.sha256, sha256(file('seed5.gguf')));
    assert.equal(loose.trainContextSize, TINY.contextLength);
    assert.equal(registry.list().length, 1, 'get did not register the file');
    await assert.rejects(registry.get('0000nosuch'), { code: 'MODEL_NOT_FOUND', message: /No model with the id or path "0000nosuch"/ });
  });

  test('inspect reports architecture, parameters, trained context, chat template, RoPE scaling and shape', async () => {
    const info = await registry.inspect(registry.list()[0]!.id);
    assert.equal(info.architecture, 'llama');
    assert.equal(info.parameters, registry.list()[0]!.parameters);
    assert.equal(info.trainContextSize, 512);
    assert.equal(info.chatTemplate, CHATML_TEMPLATE);
    assert.deepEqual(info.ropeScaling, { type: 'none', factor: 1, originalContextSize: 512 });
    assert.deepEqual([info.layers, info.embeddingLength, info.headCount, info.headCountKv], [2, 64, 4, 2]);
    assert.equal(info.fileBytes, fs.statSync(file('tiny.gguf')).size);
    assert.equal(info.kind, 'chat');
  });

  test("YaRN keys in the header are reported as the model's RoPE scaling; pooling marks an embedding model", async () => {
    const content = describeLlamaModel({ ...TINY, contextLength: 2048 });
    await writeGguf(file('yarn.gguf'), {
      tensors: content.tensors,
      metadata: {
        ...content.metadata,
        'llama.rope.scaling.type': gguf.str('yarn'),
        'llama.rope.scaling.factor': gguf.f32(4),
        'llama.rope.scaling.original_context_length': gguf.u32(512),
        'llama.pooling_type': gguf.u32(1),
      },
    });
    const info = await readModelInfo(file('yarn.gguf'));
    assert.deepEqual(info.ropeScaling, { type: 'yarn', factor: 4, originalContextSize: 512 });
    assert.equal(info.trainContextSize, 2048);
    assert.equal(info.kind, 'embedding');
  });
});

describe('bad files', () => {
  const cases: Array<{ name: string; make: (f: string) => Promise<void>; code: string; message: RegExp }> = [
    { name: 'a text file named .gguf', make: makeNotGgufFile, code: 'NOT_A_MODEL', message: /is not a GGUF model file.*download a \.gguf file/ },
    { name: 'an empty file', make: (f) => writeFile(f, ''), code: 'NOT_A_MODEL', message: /not a GGUF model file/ },
    {
      name: 'a model whose tensor data stops halfway',
      make: (f) => makeTruncatedModel(f),
      code: 'MODEL_DAMAGED',
      message: /incomplete: its tensors need 1,304,320 bytes but the file has only [\d,]+\. .*download it again/,
    },
    {
      name: 'a model cut inside its header',
      make: async (f) => {
        await makeLlamaModel(f, TINY);
        await truncate(f, 2000);
      },
      code: 'MODEL_DAMAGED',
      message: /damaged or incomplete: the file ends inside its GGUF header\..*download it again/,
    },
    {
      name: 'a GGUF signature followed by garbage',
      make: async (f) => {
        const bytes = Buffer.alloc(4096, 0xff);
        bytes.write('GGUF', 0, 'latin1');
        bytes.writeUInt32LE(3, 4);
        await writeFile(f, bytes);
      },
      code: 'MODEL_DAMAGED',
      message: /damaged or incomplete: its GGUF header cannot be read/,
    },
    {
      name: 'an architecture llama.cpp does not know',
      make: (f) => makeUnsupportedArchitectureModel(f),
      code: 'UNSUPPORTED_MODEL',
      message: /"notanarch" architecture, which this version of llama\.cpp cannot run/,
    },
  ];
  for (const c of cases) {
    test(`${c.name}: ${c.code} with a message a person can act on, and the registry is unchanged`, async () => {
      const before = registry.list();
      const bad = file(`bad-${c.code}-${c.name.length}.gguf`);
      await c.make(bad);
      await assert.rejects(registry.add(bad), (error: { code: string; message: string }) => {
        assert.equal(error.code, c.code);
        assert.match(error.message, c.message);
        assert.ok(error.message.includes(path.basename(bad)), 'the message names the file');
        return true;
      });
      await assert.rejects(registry.inspect(bad), { code: c.code });
      assert.deepEqual(registry.list(), before);
    });
  }

  test('a missing path is FILE_NOT_FOUND, and after all the bad files a good one still registers', async () => {
    await assert.rejects(registry.add(file('nowhere.gguf')), { code: 'FILE_NOT_FOUND', message: /not found/ });
    await makeLlamaModel(file('seed2.gguf'), { ...TINY, seed: 2 });
    const record = await registry.add(file('seed2.gguf'));
    assert.equal(record.sha256, sha256(file('seed2.gguf')));
    assert.equal(registry.list().length, 2);
  });
});

describe('downloads', () => {
  before(async () => {
    for (const seed of [3, 4]) await makeLlamaModel(file(`served${seed}.gguf`), { ...TINY, seed });
    server.files.set('/lectern/test-models/resolve/main/served3.gguf', { body: fs.readFileSync(file('served3.gguf')) });
    server.files.set('/slow/served4.gguf', { body: fs.readFileSync(file('served4.gguf')), slow: { chunkBytes: 32 * 1024, delayMs: 10 } });
    server.files.set('/page.gguf', { body: Buffer.from('<!doctype html><title>Sign in</title>'.repeat(20)), contentType: 'text/html' });
  });

  test('hf: URIs map to <endpoint>/<owner>/<repo>/resolve/main/<file>', () => {
    const { url, fileName } = resolveModelUri('hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/sub dir/qwen2.5-1.5b-instruct-q4_k_m.gguf');
    assert.equal(url.href, 'https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/sub%20dir/qwen2.5-1.5b-instruct-q4_k_m.gguf');
    assert.equal(fileName, 'qwen2.5-1.5b-instruct-q4_k_m.gguf');
    assert.throws(() => resolveModelUri('hf:Qwen/model.gguf'), { code: 'INVALID_ARGUMENT', message: /hf:<owner>\/<repo>\/<file>\.gguf/ });
    assert.throws(() => resolveModelUri('http://example.com/m.gguf'), { code: 'INVALID_ARGUMENT', message: /only over https/ });
  });

  test('an hf: download reports progress and speed, lands in the models folder and registers with its URI', async () => {
    const events: DownloadProgress[] = [];
    const uri = 'hf:lectern/test-models/served3.gguf';
    const record = await registry.add(uri, { onProgress: (p) => events.push(p) });
    const size = fs.statSync(file('served3.gguf')).size;
    assert.equal(record.path, path.join(modelsDir(), 'served3.gguf'));
    assert.equal(record.sourceUri, uri);
    assert.equal(record.sha256, sha256(file('served3.gguf')));
    assert.ok(server.requests.some((r) => r.path === '/lectern/test-models/resolve/main/served3.gguf'));
    assert.ok(events.length >= 2);
    assert.ok(events.every((e, i) => e.uri === uri && e.totalBytes === size && (i === 0 || e.receivedBytes >= events[i - 1]!.receivedBytes)));
    assert.equal(events.at(-1)!.receivedBytes, size);
    assert.ok(events.at(-1)!.bytesPerSecond > 0);
    assert.deepEqual(fs.readdirSync(modelsDir()), ['served3.gguf'], 'no .part or state file is left behind');

    const requestsBefore = server.requests.length;
    assert.deepEqual(await registry.add(uri), record, 'adding the URI again returns the record');
    assert.equal(server.requests.length, requestsBefore, 'without a network request');
  });

  test('a cancelled download keeps its .part; the next add resumes it with a Range request and the file is intact', async () => {
    const uri = `${server.origin}/slow/served4.gguf`;
    const size = fs.statSync(file('served4.gguf')).size;
    const part = path.join(modelsDir(), 'served4.gguf.part');
    const controller = new AbortController();
    const before = registry.list();
    await assert.rejects(registry.add(uri, { signal: controller.signal, onProgress: (p) => p.receivedBytes > size / 3 && controller.abort() }), {
      code: 'CANCELLED',
      message: /Run it again to resume/,
    });
    assert.deepEqual(registry.list(), before);
    const kept = fs.statSync(part).size;
    assert.ok(kept > 0 && kept < size, `the .part holds ${kept} of ${size} bytes`);

    const events: DownloadProgress[] = [];
    const record = await registry.add(uri, { onProgress: (p) => events.push(p) });
    const resume = server.requests.filter((r) => r.path === '/slow/served4.gguf').at(-1)!;
    assert.equal(resume.range, `bytes=${kept}-`);
    assert.ok(resume.ifRange, 'the resume names the version it continues (If-Range)');
    assert.equal(events[0]!.receivedBytes, kept, 'progress starts from the bytes already on disk');
    assert.equal(sha256(record.path), sha256(file('served4.gguf')));
    assert.equal(fs.existsSync(part), false);
  });

  test('an HTTP 404 is DOWNLOAD_FAILED naming the status; a web page instead of a model is refused and removed', async () => {
    const before = registry.list();
    await assert.rejects(registry.add(`${server.origin}/missing/model.gguf`), { code: 'DOWNLOAD_FAILED', message: /404 Not Found\. Check the address/ });
    await assert.rejects(registry.add(`${server.origin}/page.gguf`), { code: 'DOWNLOAD_FAILED', message: /did not deliver a GGUF model/ });
    assert.deepEqual(registry.list(), before);
    assert.ok(!fs.readdirSync(modelsDir()).some((f) => f.startsWith('page.gguf') || f.startsWith('model.gguf')));
  });

  test('removing a downloaded model deletes its file; removing one added by path never touches the file', async () => {
    const downloaded = registry.list().find((m) => m.sourceUri?.startsWith('hf:'))!;
    const own = registry.list().find((m) => m.path === file('seed2.gguf'))!;
    assert.deepEqual(await registry.remove(downloaded.id), { model: downloaded, deletedFile: true });
    assert.equal(fs.existsSync(downloaded.path), false);
    assert.deepEqual(await registry.remove(own.id), { model: own, deletedFile: false });
    assert.equal(fs.existsSync(own.path), true);
    await assert.rejects(registry.remove(own.id), { code: 'MODEL_NOT_FOUND' });
  });

  test('a downloaded model whose file was swapped for a link to a file elsewhere: removing it leaves that file alone', async () => {
    const slow = registry.list().find((m) => m.sourceUri?.endsWith('/slow/served4.gguf'))!;
    const elsewhere = file('precious.txt');
    fs.writeFileSync(elsewhere, "not Lectern's to delete");
    fs.rmSync(slow.path);
    fs.symlinkSync(elsewhere, slow.path);
    assert.deepEqual(await registry.remove(slow.id), { model: slow, deletedFile: false });
    assert.equal(fs.readFileSync(elsewhere, 'utf8'), "not Lectern's to delete");
  });
});

describe('through the engine contract', () => {
  test('models:add streams models:downloadProgress with its request id and rejects CANCELLED when its signal aborts; the other commands answer', async () => {
    const engine = openTestEngine(path.join(dir, 'engine-library'));
    try {
      const uri = `${server.origin}/slow/served4.gguf`;
      const seen: Array<string | undefined> = [];
      const controller = new AbortController();
      const stop = engine.on('models:downloadProgress', (p) => {
        seen.push(p.requestId);
        if (p.receivedBytes > 0) controller.abort();
      });
      await assert.rejects(engine.invoke('models:add', { pathOrUri: uri, requestId: 'dl-1' }, { signal: controller.signal }), { code: 'CANCELLED' });
      stop();
      assert.ok(seen.length > 0 && seen.every((id) => id === 'dl-1'));
      assert.deepEqual(await engine.invoke('models:list', {}), { models: [] });

      const { model, duplicate } = await engine.invoke('models:add', { pathOrUri: file('tiny.gguf') });
      assert.equal(duplicate, false);
      assert.equal((await engine.invoke('models:add', { pathOrUri: file('tiny.gguf') })).duplicate, true);
      assert.equal((await engine.invoke('models:inspect', { idOrPath: model.id })).trainContextSize, TINY.contextLength);
      assert.ok((await engine.invoke('models:catalog', {})).models.length >= 4);
      assert.deepEqual(await engine.invoke('models:remove', { id: model.id }), { removed: model.id, deletedFile: false });
      await assert.rejects(engine.invoke('models:add', { pathOrUri: '' }), { code: 'INVALID_ARGUMENT' });
    } finally {
      await engine.close();
    }
  });
});

describe('memory estimates', () => {
  test('the estimate counts the weights and grows with the context size', async () => {
    const sizes = [512, 8192, 131072];
    const estimates: MemoryEstimate[] = [];
    for (const size of sizes) estimates.push(await estimateMemory(file('tiny.gguf'), size));
    const fileBytes = fs.statSync(file('tiny.gguf')).size;
    for (const [i, e] of estimates.entries()) {
      assert.equal(e.contextSize, sizes[i]);
      assert.ok(e.weightsBytes > 0.8 * fileBytes && e.weightsBytes < 1.5 * fileBytes, `weights ${e.weightsBytes} vs file ${fileBytes}`);
      assert.equal(e.totalBytes, e.weightsBytes + e.contextBytes);
      assert.ok(e.availableBytes > 0);
      assert.equal(e.fits, e.totalBytes <= e.availableBytes);
    }
    assert.ok(estimates[0]!.contextBytes < estimates[1]!.contextBytes && estimates[1]!.contextBytes < estimates[2]!.contextBytes);
    assert.ok(estimates[2]!.contextBytes > 16 * 131072, 'at least 16 bytes of KV cache per token');
    assert.doesNotThrow(() => assertFits(estimates[0]!));
  });

  test('assertFits refuses a 16,777,216-token context with CONTEXT_TOO_LARGE and the numbers', async () => {
    const estimate = await estimateMemory(file('tiny.gguf'), 2 ** 24, { availableBytes: 8 * 2 ** 30 });
    assert.equal(estimate.fits, false);
    assert.ok(estimate.totalBytes > 8 * 2 ** 30);
    const gib = (estimate.totalBytes / 2 ** 30).toFixed(1);
    assert.throws(() => assertFits(estimate), {
      code: 'CONTEXT_TOO_LARGE',
      message: `Lectern needs about ${gib} GiB for a 16,777,216-token context with this model; 8.0 GiB is free. Choose a smaller context scale.`,
    });
  });
});

describe('catalog', () => {
  test('the shipped catalog validates: chat models and one embedding model, each with an hf: file', () => {
    const models = loadModelCatalog();
    assert.ok(models.length >= 4);
    assert.ok(models.filter((m) => m.kind === 'chat').length >= 3);
    assert.equal(models.filter((m) => m.kind === 'embedding').length, 1);
    for (const m of models) {
      assert.match(resolveModelUri(m.uri).url.href, /^https:\/\/huggingface\.co\/[^/]+\/[^/]+\/resolve\/main\/.+\.gguf$/);
      assert.ok(m.sizeBytes > 50e6 && m.sizeBytes < 5e9, `${m.id}: ${m.sizeBytes} bytes`);
      assert.ok(m.trainContextSize >= 2048);
    }
  });

  test('a malformed catalog is refused with what is wrong', async () => {
    await writeFile(file('catalog.json'), JSON.stringify({ models: [{ id: 'x', name: 'X', uri: 'https://example.com/x.gguf' }] }));
    assert.throws(() => loadModelCatalog(file('catalog.json')), { code: 'INTERNAL', message: /models\.0\.uri: hf:<owner>/ });
  });
});
