/**
 * Answers from an inference server: a real llama.cpp `llama-server` (built from the source inside
 * node-llama-cpp, see scripts/buildLlamaServer.js) on 127.0.0.1 with a generated GGUF, and for the
 * cases a random-weight model cannot be made to produce on cue (a reply that cites a passage, a
 * server that drops the connection mid-reply, one that never answers) a small scripted HTTP server
 * speaking the same OpenAI-compatible protocol.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LecternError } from '../native/api/errors.js';
import type { Engine } from '../native/engine.js';
import { makeMarkdownFile } from './fixtures/makeTextFiles.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { openAiScript, scriptedServer } from './helpers/scriptedServer.js';
import { rejectsCancelled } from './helpers/rejectsCancelled.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { TOKEN_TYPE } from './models/llamaVocabulary.js';
import { describeLlamaModel, TINY } from './models/makeLlamaModel.js';
import { gguf, writeGguf } from './models/writeGguf.js';
import { freePort } from './helpers/freePort.js';

const KEY = 'sk-lectern-test-7f3a91c2e5';
const root = path.resolve(import.meta.dirname, '..', '..');

let dir: string;
let engine: Engine;
let modelPath: string;
let serverBinary: string;
let notesId: string;
let otherId: string;
const servers: ChildProcess[] = [];

/** A port nothing listens on right now. */
/** Starts llama-server on 127.0.0.1 and resolves once it serves; `extra`: more flags. */
async function startLlamaServer(extra: string[] = []): Promise<{ url: string; process: ChildProcess; log: () => string }> {
  const port = await freePort();
  const slots = path.join(dir, `slots-${port}`);
  fs.mkdirSync(slots, { recursive: true });
  const args = ['-m', modelPath, '--host', '127.0.0.1', '--port', String(port), '-c', '8192', '-np', '1', '-t', '1', '--slot-save-path', slots + path.sep, ...extra];
  const child = spawn(serverBinary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) assert.fail(`llama-server exited (${child.exitCode}): ${output.slice(-2000)}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) assert.fail(`llama-server did not start in 60 s: ${output.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, process: child, log: () => output };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/**
 * The tiny generated model, except that its byte tokens 0x80–0xFF print nothing (type UNUSED). A
 * random-weight model otherwise emits lone UTF-8 bytes that the JSON grammar lets through (they
 * pass as code points) and llama-server's output parser then rejects the reply; with them silent,
 * the grammar never picks them and every reply is valid text. Tokenizing is unchanged.
 */
async function makeServerTestModel(file: string): Promise<void> {
  const content = describeLlamaModel({ ...TINY, contextLength: 8192 });
  const tokens = content.metadata['tokenizer.ggml.tokens'] as { values: readonly string[] };
  const types = Array.from((content.metadata['tokenizer.ggml.token_type'] as { values: ArrayLike<number> }).values);
  tokens.values.forEach((token, id) => {
    const byte = /^<0x([0-9A-F]{2})>$/.exec(token);
    if (byte && parseInt(byte[1]!, 16) >= 0x80) types[id] = TOKEN_TYPE.unused;
  });
  await writeGguf(file, { ...content, metadata: { ...content.metadata, 'tokenizer.ggml.token_type': gguf.i32s(types) } });
}

function conversationCount(documentId: string): Promise<number> {
  return engine['qa:conversations']({ documentId }).then((r) => r.conversations.length);
}

before(async () => {
  dir = makeTempDir();
  modelPath = path.join(dir, 'tiny-8k.gguf');
  await makeServerTestModel(modelPath);
  engine = openTestEngine(path.join(dir, 'library'), { llmThreads: 1 });
  const other = path.join(dir, 'other.md');
  fs.writeFileSync(other, '# Harbour Notes\n\nThe ferry leaves the harbour at seven and returns at noon, weather permitting.\n');
  const { documents } = await engine['library:ingest']({ paths: [makeMarkdownFile(dir), other] });
  [notesId, otherId] = documents.map((d) => d.id!) as [string, string];
});

after(async () => {
  await engine?.close();
  await Promise.all(servers.map(stop));
  if (dir) removeDir(dir);
});

describe('a real llama-server', () => {
  let server: Awaited<ReturnType<typeof startLlamaServer>>;
  before(async () => {
    // Builds llama-server once per machine (minutes); `npm run build:llama-server` does it ahead.
    const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'buildLlamaServer.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    assert.equal(built.status, 0, 'llama-server builds from the bundled llama.cpp source (needs cmake and g++)');
    serverBinary = built.stdout.trim().split('\n').at(-1)!;
    server = await startLlamaServer();
  });

  test('registered and loaded, it is listed as a server and answers are said to be computed on it', async () => {
    const { model } = await engine['models:addServer']({ name: 'test-box', baseUrl: server.url });
    assert.equal(model.backend, 'server');
    assert.equal(model.server?.hasKey, false);
    const listed = (await engine['models:list']()).models.find((m) => m.id === model.id);
    assert.equal(listed?.backend, 'server', 'models:list shows it as a server');
    const loaded = await engine['models:load']({ idOrPath: model.id });
    assert.equal(loaded.where, 'on 127.0.0.1');
    assert.equal(loaded.contextSize, 8192, "the context is the server's slot context (/props)");
    assert.equal((await engine['models:loaded']()).model?.model.id, model.id);
  });

  test('a question is answered from the full context under the JSON schema, streamed, and the server evaluated the whole prompt', async () => {
    const deltas: string[] = [];
    const before = await conversationCount(notesId);
    const result = await engine['qa:ask']({ question: 'What does the nudibranch graze on?', documentIds: [notesId], maxTokens: 48 }, { onText: (d) => deltas.push(d) });
    assert.equal(result.mode, 'full-context');
    assert.equal(result.where, 'on 127.0.0.1');
    assert.ok(result.timings.promptTokens > 500, `the prompt of ${result.timings.promptTokens} tokens holds the document`);
    assert.ok(result.timings.evaluatedTokens > 500, `cold: the server read the document (${JSON.stringify(result.timings)})`);
    assert.ok(result.timings.firstTokenMs !== null && result.timings.firstTokenMs > 0);
    // The answer came out of JSON the server produced under the schema: the text is the "answer" field, not raw JSON.
    assert.ok(!result.answer.trimStart().startsWith('{'), `the reply was parsed as the schema's JSON: ${result.answer.slice(0, 80)}`);
    if (!result.answer.startsWith('(')) assert.equal(deltas.join('').trim(), result.answer, 'the streamed deltas add up to the answer');
    const passages = new Map((await engine['library:passages']({ id: notesId })).passages.map((p) => [p.id, p.text]));
    for (const c of result.citations) {
      if (c.passageId === null) assert.equal(c.supported, false);
      else assert.ok(passages.get(c.passageId)!.includes(c.quote), 'quotes are verbatim passage text');
    }
    assert.equal(await conversationCount(notesId), before + 1, 'the exchange is stored');
  });

  test("a follow-up reuses the server's prompt cache: its timings report the document as reused", async () => {
    const result = await engine['qa:ask']({ question: 'Which animals live in rock pools at night?', documentIds: [notesId], maxTokens: 16 });
    assert.ok(result.timings.reusedTokens > result.timings.promptTokens * 0.8, JSON.stringify(result.timings));
    assert.ok(result.timings.evaluatedTokens < 100, JSON.stringify(result.timings));
  });

  test("pre-reading saves the document's slot on the server; after another document took the slot, a question restores it", async () => {
    const preread = await engine['qa:preread']({ documentIds: [notesId] });
    assert.ok(preread.stateBytes > 0, `the slot was saved (${JSON.stringify(preread)})`);
    const other = await engine['qa:ask']({ question: 'When does the ferry leave?', documentIds: [otherId], maxTokens: 8 });
    assert.equal(other.mode, 'full-context');
    const back = await engine['qa:ask']({ question: 'What lives under the rocks?', documentIds: [notesId], maxTokens: 8 });
    assert.ok(back.timings.reusedTokens > back.timings.promptTokens * 0.8, `restored, not read again: ${JSON.stringify(back.timings)}`);
  });

  test('stopping an answer keeps what it had written, as with a local model', async () => {
    const controller = new AbortController();
    const asking = engine['qa:ask'](
      { question: 'Describe the anemones in detail.', documentIds: [notesId], maxTokens: 2000 },
      { signal: controller.signal, onText: () => controller.abort() },
    );
    const partial = await rejectsCancelled(asking, 'qa:ask');
    assert.ok(partial, 'the partial answer comes back with the error');
    assert.equal(partial.where, 'on 127.0.0.1');
    const kept = (await engine['qa:messages']({ conversationId: partial.conversationId })).messages.at(-1);
    assert.deepEqual({ role: kept?.role, text: kept?.text }, { role: 'assistant', text: partial.answer }, 'the conversation keeps the stopped answer');
  });

  test('a server that is gone fails the question with SERVER_UNREACHABLE naming its host, and stores nothing', async () => {
    const gone = await startLlamaServer();
    const { model } = await engine['models:addServer']({ name: 'short-lived', baseUrl: gone.url });
    await engine['models:load']({ idOrPath: model.id });
    await stop(gone.process);
    const before = await conversationCount(notesId);
    await assert.rejects(engine['qa:ask']({ question: 'What does the nudibranch graze on?', documentIds: [notesId], maxTokens: 8 }), (error: LecternError) => {
      assert.equal(error.code, 'SERVER_UNREACHABLE');
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${new URL(gone.url).port}`));
      return true;
    });
    assert.equal(await conversationCount(notesId), before, 'no conversation was started for the failed question');
  });

  test('a wrong API key is refused with SERVER_UNAUTHORIZED; the right one works; the key is in a 0600 file, never in the library file or the message', async () => {
    const locked = await startLlamaServer(['--api-key', KEY]);
    const wrong = await engine['models:addServer']({ name: 'locked', baseUrl: locked.url, apiKey: 'not-the-key-123' });
    await assert.rejects(engine['models:load']({ idOrPath: wrong.model.id }), (error: LecternError) => {
      assert.equal(error.code, 'SERVER_UNAUTHORIZED');
      assert.match(error.message, /refused the API key/);
      assert.ok(!error.message.includes('not-the-key-123'), 'the key is not in the message');
      return true;
    });
    const right = await engine['models:addServer']({ name: 'locked', baseUrl: locked.url, apiKey: KEY });
    assert.equal(right.model.id, wrong.model.id, 'the same address registered again replaces the key');
    await engine['models:load']({ idOrPath: right.model.id });
    const answer = await engine['qa:ask']({ question: 'When does the ferry leave?', documentIds: [otherId], maxTokens: 8 });
    assert.equal(answer.where, 'on 127.0.0.1');
    const keyFile = path.join(dir, 'library', 'keys', `${right.model.id}.key`);
    assert.equal(fs.readFileSync(keyFile, 'utf8'), KEY);
    assert.equal(fs.statSync(keyFile).mode & 0o777, 0o600, 'readable by its owner alone');
    const libraryFiles = fs.readdirSync(path.join(dir, 'library')).filter((f) => f.startsWith('library.sqlite'));
    assert.ok(libraryFiles.includes('library.sqlite'), `the library file is there (${libraryFiles.join(', ')})`);
    for (const f of libraryFiles) assert.ok(!fs.readFileSync(path.join(dir, 'library', f)).includes(KEY), `${f} does not hold the key`);
    assert.ok(!JSON.stringify(await engine['models:list']()).includes(KEY), 'models:list does not carry the key');
    const profile = await engine['profile:export']({ user: 'default' });
    assert.ok(!JSON.stringify(profile).includes(KEY), 'the profile export does not carry the key');
    await stop(locked.process);
  });
});

describe('a scripted OpenAI-compatible server', () => {
  test('an answer that cites a passage is verified against the passage text, as with a local model', async () => {
    const passages = (await engine['library:passages']({ id: otherId })).passages;
    assert.equal(passages.length, 1);
    const reply = JSON.stringify({ evidence: ['P1'], answer: 'The ferry leaves the harbour at seven [P1].' });
    const scripted = await scriptedServer(openAiScript([reply.slice(0, 20), reply.slice(20, 50), reply.slice(50)]));
    try {
      const { model } = await engine['models:addServer']({ name: 'scripted', baseUrl: scripted.url, apiKey: KEY });
      await engine['models:load']({ idOrPath: model.id });
      const result = await engine['qa:ask']({ question: 'When does the ferry leave?', documentIds: [otherId] });
      assert.equal(result.answer, 'The ferry leaves the harbour at seven [P1].');
      assert.equal(result.citations.length, 1);
      assert.equal(result.citations[0]!.passageId, passages[0]!.id);
      assert.equal(result.citations[0]!.supported, true);
      const chat = scripted.requests.find((r) => r.url === '/v1/chat/completions')!;
      const body = JSON.parse(chat.body) as { response_format?: { type: string }; cache_prompt?: boolean; messages: Array<{ role: string; content: string }> };
      assert.equal(body.response_format?.type, 'json_schema', 'the answer schema is sent as response_format');
      assert.equal(body.cache_prompt, true);
      assert.match(body.messages[0]!.content, /ferry leaves the harbour/, 'the document is the system message');
      assert.equal(chat.auth, `Bearer ${KEY}`, 'the key travels in the Authorization header');
    } finally {
      await scripted.close();
    }
  });

  test('a server that drops the connection mid-reply fails with SERVER_UNREACHABLE, and nothing is stored half', async () => {
    const reply = JSON.stringify({ evidence: ['P1'], answer: 'The ferry leaves at seven and comes back at noon.' });
    const scripted = await scriptedServer(openAiScript([reply.slice(0, 30), reply.slice(30)], { dropAfter: 1 }));
    try {
      const { model } = await engine['models:addServer']({ name: 'dropping', baseUrl: scripted.url });
      await engine['models:load']({ idOrPath: model.id });
      const before = await conversationCount(otherId);
      const deltas: string[] = [];
      await assert.rejects(engine['qa:ask']({ question: 'When does the ferry leave?', documentIds: [otherId] }, { onText: (d) => deltas.push(d) }), (error: LecternError) => {
        assert.equal(error.code, 'SERVER_UNREACHABLE');
        assert.match(error.message, /127\.0\.0\.1/);
        return true;
      });
      assert.ok(deltas.join('').length > 0, 'part of the answer had streamed before the drop');
      assert.equal(await conversationCount(otherId), before, 'the half answer was not stored');
    } finally {
      await scripted.close();
    }
  });

  test('a server that never answers times out after the registered timeout with SERVER_TIMEOUT', async () => {
    const silent = await scriptedServer(() => {
      /* never answers */
    });
    try {
      const { model } = await engine['models:addServer']({ name: 'silent', baseUrl: silent.url, timeoutSeconds: 1 });
      const started = performance.now();
      await assert.rejects(engine['models:load']({ idOrPath: model.id }), (error: LecternError) => {
        assert.equal(error.code, 'SERVER_TIMEOUT');
        assert.match(error.message, /sent nothing for 1 s/);
        return true;
      });
      const ms = performance.now() - started;
      assert.ok(ms >= 900 && ms < 10_000, `gave up after the 1 s setting (${Math.round(ms)} ms)`);
    } finally {
      await silent.close();
    }
  });

  test('plain http to another machine needs a confirmation; https or loopback do not', async () => {
    await assert.rejects(engine['models:addServer']({ name: 'lan', baseUrl: 'http://192.0.2.10:8080' }), (error: LecternError) => {
      assert.equal(error.code, 'CONFIRMATION_NEEDED');
      assert.match(error.message, /unencrypted/);
      return true;
    });
    const confirmed = await engine['models:addServer']({ name: 'lan', baseUrl: 'http://192.0.2.10:8080', confirmedInsecure: true });
    assert.equal(confirmed.model.server?.insecureConfirmed, true);
    const secure = await engine['models:addServer']({ name: 'tls', baseUrl: 'https://192.0.2.10/v1' });
    assert.equal(secure.model.server?.insecureConfirmed, false);
    await assert.rejects(engine['models:addServer']({ name: 'creds', baseUrl: `https://user:${KEY}@example.org` }), (error: LecternError) => {
      assert.equal(error.code, 'INVALID_ARGUMENT');
      assert.ok(!error.message.includes(KEY));
      return true;
    });
  });

  test('a removed server model forgets its key', async () => {
    const { model } = await engine['models:addServer']({ name: 'to-remove', baseUrl: 'http://127.0.0.1:9', apiKey: KEY });
    const keyFile = path.join(dir, 'library', 'keys', `${model.id}.key`);
    assert.ok(fs.existsSync(keyFile));
    await engine['models:remove']({ id: model.id });
    assert.ok(!fs.existsSync(keyFile), 'the key file is deleted with the model');
    assert.equal(
      (await engine['models:list']()).models.find((m) => m.id === model.id),
      undefined,
    );
  });
});
