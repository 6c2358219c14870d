/**
 * `lectern embeddings …` as a person or a script runs it: a child process per command against a
 * temporary library with a text document and a generated GGUF embedding model.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { makePlainTextFile } from './fixtures/makeTextFiles.js';
import { parseSingleJson, runCli } from './helpers/runCli.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { makeEmbeddingModel } from './models/makeEmbeddingModel.js';

let dir: string;
let library: string;
const lectern = (...args: string[]) => runCli([...args, '--library', library], { home: dir });

before(async () => {
  dir = makeTempDir('lectern-cli-embeddings-');
  library = path.join(dir, 'library');
  await makeEmbeddingModel(path.join(dir, 'embed.gguf'));
  const r = await lectern('ingest', makePlainTextFile(dir));
  assert.equal(r.code, 0, r.stderr);
});

after(() => removeDir(dir));

test('with no embedding model, `lectern embeddings` says search ranks by words alone and how to add one', async () => {
  const r = await lectern('embeddings');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /No embedding model: search ranks passages by their words alone/);
  assert.match(r.stdout, /lectern embeddings use/);
});

test('`embeddings use <path>` registers the model, `embeddings build` embeds every passage, and the status counts them', async () => {
  const use = await lectern('embeddings', 'use', path.join(dir, 'embed.gguf'), '--json');
  assert.equal(use.code, 0, use.stderr);
  const chosen = parseSingleJson(use.stdout) as { model: { id: string } | null; passages: number };
  assert.ok(chosen.model, 'the model is the library’s embedding model');
  assert.ok(chosen.passages > 0);

  const build = await lectern('embeddings', 'build');
  assert.equal(build.code, 0, build.stderr);
  assert.match(build.stdout, /✓ \d+ of \d+ passages embedded with [0-9a-f]{12}/);

  const status = parseSingleJson((await lectern('embeddings', '--json')).stdout) as { embedded: number; passages: number; dimension: number | null };
  assert.equal(status.embedded, status.passages, 'every passage has a vector');
  assert.ok(status.dimension !== null && status.dimension > 0);
  const text = await lectern('embeddings');
  assert.match(text.stdout, new RegExp(`${status.passages} of ${status.passages} passages embedded`));
});

test('`embeddings use none` goes back to word search; wrong arguments are usage errors (exit 2)', async () => {
  const none = parseSingleJson((await lectern('embeddings', 'use', 'none', '--json')).stdout) as { model: unknown };
  assert.equal(none.model, null);
  const bad = await lectern('embeddings', 'rebuild');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /lectern embeddings use <id\|path\|none>/);
  const scale = await lectern('embeddings', 'use', path.join(dir, 'embed.gguf'), '--context-scale', '3');
  assert.equal(scale.code, 2, 'a context scale that is not 1, 2, 4 or 8 is refused');
});
