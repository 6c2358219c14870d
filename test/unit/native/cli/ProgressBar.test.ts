import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import type { IngestProgress } from '../../../../native/api/types.js';
import { ProgressBar } from '../../../../native/cli/ProgressBar.js';

/** A terminal that keeps what is written to it. */
function terminal(columns?: number) {
  const writes: string[] = [];
  return { writes, columns, write: (chunk: string) => (writes.push(chunk), true) } as unknown as NodeJS.WritableStream & { columns?: number; writes: string[] };
}

function progress(extra: Partial<IngestProgress> = {}): IngestProgress {
  return { path: '/home/me/Documents/lease.pdf', fileIndex: 0, fileCount: 3, filesDone: 1, pagesDone: 5, pagesTotal: 10, stage: 'extracting', ...extra };
}

beforeEach(() => mock.timers.enable({ apis: ['Date'], now: 1_000_000 }));
afterEach(() => mock.timers.reset());

test('a line shows the bar, files done, pages of the current file and its name, rewriting the line in place', () => {
  const out = terminal(80);
  new ProgressBar(out).update(progress());
  assert.equal(out.writes.length, 1);
  // 80 columns leave a 30-cell bar: half filled for 5 of 10 pages.
  assert.equal(out.writes[0], `\r\x1b[2K${'█'.repeat(15)}${'░'.repeat(15)} 1/3 files done · 5/10 pages · lease.pdf`);
});

test('before the page count is known the stage is shown instead', () => {
  const out = terminal(80);
  new ProgressBar(out).update(progress({ pagesTotal: 0, pagesDone: 0, stage: 'reading' }));
  assert.match(out.writes[0]!, /░{30} 1\/3 files done · reading · lease\.pdf$/);
});

test('updates closer than 80 ms are dropped, except the last one', () => {
  const out = terminal(80);
  const bar = new ProgressBar(out);
  bar.update(progress({ pagesDone: 1 }));
  mock.timers.tick(40);
  bar.update(progress({ pagesDone: 2 }));
  assert.equal(out.writes.length, 1);
  bar.update(progress({ pagesDone: 10, stage: 'done' }));
  assert.equal(out.writes.length, 2);
  mock.timers.tick(80);
  bar.update(progress({ pagesDone: 3 }));
  assert.equal(out.writes.length, 3);
});

test('the line is cut to the terminal width, and the bar never shrinks below 10 cells', () => {
  const out = terminal(40);
  new ProgressBar(out).update(progress({ path: '/a/very-long-file-name-that-would-wrap-the-line.pdf' }));
  const line = out.writes[0]!.replace('\r\x1b[2K', '');
  assert.equal(line.length, 39);
  assert.match(line, /^[█░]{10} /);
});

test('clear erases the line', () => {
  const out = terminal();
  new ProgressBar(out).clear();
  assert.deepEqual(out.writes, ['\r\x1b[2K']);
});
