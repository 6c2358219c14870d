/**
 * OCR never reaches the network: an import with OCR runs in a child process whose every thread
 * (the preload runs in worker threads too) refuses sockets, DNS and fetch and logs any attempt.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { makeScannedPdf, SCAN_TEXT } from './fixtures/makeScannedPdf.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';

const ENGINE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'native', 'engine.js');

const BLOCKER = `
import fs from 'node:fs';
import net from 'node:net';
import dns from 'node:dns';
import { threadId } from 'node:worker_threads';
const log = process.env.BLOCK_LOG;
fs.appendFileSync(log, 'loaded ' + threadId + '\\n');
const refuse = (what) => function () { fs.appendFileSync(log, 'attempt ' + what + ' ' + threadId + '\\n'); throw new Error('network blocked: ' + what); };
net.Socket.prototype.connect = refuse('socket');
dns.lookup = refuse('dns');
globalThis.fetch = refuse('fetch');
`;

let dir: string;

before(() => {
  dir = makeTempDir();
});

after(() => removeDir(dir));

test('an import with OCR reads a scan with the network refused in every thread, and tries no connection', async () => {
  const scan = await makeScannedPdf(dir, 'scan.pdf', [{ paragraphs: SCAN_TEXT.slice(0, 2) }]);
  fs.writeFileSync(path.join(dir, 'blocker.mjs'), BLOCKER);
  const script = `
    import { createEngine } from ${JSON.stringify(ENGINE)};
    const engine = createEngine({ libraryDir: ${JSON.stringify(path.join(dir, 'library'))}, userDataDir: ${JSON.stringify(path.join(dir, 'user-data'))}, pdfWorkers: 1, ocrWorkers: 1 });
    const { documents } = await engine.invoke('library:ingest', { paths: [${JSON.stringify(scan)}] });
    await engine.close();
    // The blocker itself: a fetch after the import must be refused and logged.
    let refused = false;
    try { await fetch('http://127.0.0.1:9/'); } catch { refused = true; }
    console.log(JSON.stringify({ outcome: documents[0], refused }));
  `;
  fs.writeFileSync(path.join(dir, 'run.mjs'), script);
  const log = path.join(dir, 'network.log');
  const output = execFileSync(process.execPath, ['--import', path.join(dir, 'blocker.mjs'), path.join(dir, 'run.mjs')], {
    env: { ...process.env, BLOCK_LOG: log },
    encoding: 'utf8',
  });
  const { outcome, refused } = JSON.parse(output.trim().split('\n').at(-1)!) as { outcome: { status: string; ocr?: { pagesRecognised: number } }; refused: boolean };
  assert.equal(outcome.status, 'ingested', JSON.stringify(outcome));
  assert.equal(outcome.ocr?.pagesRecognised, 1);
  const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
  assert.ok(refused, 'the blocker refuses a fetch');
  // The main thread, the OCR worker and tesseract's thread at least ran with the network refused.
  assert.ok(lines.filter((l) => l.startsWith('loaded')).length >= 3, lines.join('; '));
  const attempts = lines.filter((l) => l.startsWith('attempt'));
  assert.deepEqual(attempts, ['attempt fetch 0'], 'only the blocker check tried the network');
});
