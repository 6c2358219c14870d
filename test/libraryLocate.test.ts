/**
 * 'library:locate': where a quote lies in a passage, for the citations a stored conversation
 * gives back without rectangles and for search hits opened in the reader. Over a real ingested
 * PDF (its text geometry) and a Markdown file (no geometry), with the extractive answer's own
 * citation as the reference for what "the same place" means.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Citation } from '../native/api/types.js';
import type { Engine } from '../native/engine.js';
import { makeContractPdf } from './fixtures/makePdfs.js';
import { makeMarkdownFile } from './fixtures/makeTextFiles.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

describe('library:locate', () => {
  let dir: string;
  let engine: Engine;
  let pdfId: string;
  let mdId: string;
  let live: Citation;

  before(async () => {
    dir = makeTempDir('lectern-locate-');
    engine = openTestEngine(path.join(dir, 'library'));
    const { documents } = await engine['library:ingest']({ paths: [await makeContractPdf(dir), makeMarkdownFile(dir)] });
    [pdfId, mdId] = documents.map((d) => d.id!) as [string, string];
    const answer = await engine['qa:ask']({ question: "Which state's law governs this agreement?", documentIds: [pdfId] });
    live = answer.citations.find((c) => c.rects.length > 0)!;
    assert.ok(live, `the extractive answer cites a located sentence: ${answer.answer}`);
  });

  after(async () => {
    await engine?.close();
    removeDir(dir);
  });

  test('a citation read back from its conversation has no rectangles; located again, it gets the very rectangles it was answered with', async () => {
    const { conversations } = await engine['qa:conversations']({ documentId: pdfId });
    const { messages } = await engine['qa:messages']({ conversationId: conversations[0]!.id });
    const stored = messages.flatMap((m) => m.citations).find((c) => c.marker === live.marker)!;
    assert.deepEqual(stored.rects, [], 'stored citations keep no rectangles (what made restored highlights empty)');
    const { location } = await engine.invoke('library:locate', { id: pdfId, passageId: stored.passageId!, quote: stored.quote });
    assert.deepEqual(
      { page: location?.page, charStart: location?.charStart, charEnd: location?.charEnd, rects: location?.rects, whole: location?.whole },
      { page: live.page, charStart: live.charStart, charEnd: live.charEnd, rects: live.rects, whole: false },
    );
  });

  test('an empty quote, or one not in the passage, stands for the whole passage', async () => {
    const passage = (await engine['library:passages']({ id: pdfId })).passages.find((p) => p.id === live.passageId)!;
    for (const quote of ['', 'A sentence this contract never had.']) {
      const { location } = await engine.invoke('library:locate', { id: pdfId, passageId: passage.id, quote });
      assert.equal(location?.quote, passage.text);
      assert.equal(location?.whole, true);
      assert.ok(location!.rects.length >= live.rects.length, 'the whole passage covers at least the sentence');
    }
  });

  test('a passage of another document is not located; a text document gives its page range and no rectangles', async () => {
    assert.deepEqual(await engine.invoke('library:locate', { id: mdId, passageId: live.passageId!, quote: live.quote }), { location: null });
    const passage = (await engine['library:passages']({ id: mdId })).passages[1]!;
    const quote = passage.text.slice(0, 40);
    const { location } = await engine.invoke('library:locate', { id: mdId, passageId: passage.id, quote });
    assert.deepEqual([location?.page, location?.quote, location?.rects, location?.whole], [passage.page, quote, [], false]);
  });

  test('a malformed request is refused at the boundary', async () => {
    await assert.rejects(engine.invoke('library:locate', { id: pdfId, passageId: -1, quote: '' }), { code: 'INVALID_ARGUMENT' });
  });
});
