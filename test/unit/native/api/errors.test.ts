/** How a cancelled command's partial work crosses a wire (native/api/errors.ts, native/api/commands.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cancelledPartial } from '../../../../native/api/commands.js';
import { LecternError, toErrorInfo, type ErrorInfo } from '../../../../native/api/errors.js';
import type { IngestOutcome } from '../../../../native/api/types.js';

const outcomes: { documents: IngestOutcome[] } = {
  documents: [
    { id: 'a1', path: '/in/first.txt', title: 'First', status: 'ingested', pages: 1, passages: 2 },
    { id: null, path: '/in/second.pdf', title: null, status: 'cancelled', pages: 0, passages: 0, error: { code: 'CANCELLED', message: 'Cancelled.' } },
  ],
};

/** What every transport does with an error: to a value, through JSON (WebSocket) or a structured clone (IPC), and back. */
function acrossTheWire(error: unknown): LecternError {
  return LecternError.fromInfo(JSON.parse(JSON.stringify(toErrorInfo(error))) as ErrorInfo);
}

test('a CANCELLED error keeps its partial across the wire, and cancelledPartial reads it back', () => {
  const rebuilt = acrossTheWire(new LecternError('CANCELLED', 'The import was stopped.', { partial: outcomes }));
  assert.equal(rebuilt.code, 'CANCELLED');
  assert.equal(rebuilt.message, 'The import was stopped.');
  assert.deepEqual(cancelledPartial(rebuilt, 'library:ingest'), outcomes);
});

test('an error without partial work crosses as { code, message } alone', () => {
  assert.deepEqual(toErrorInfo(new LecternError('CANCELLED', 'Stopped before it started.')), { code: 'CANCELLED', message: 'Stopped before it started.' });
  assert.equal(cancelledPartial(acrossTheWire(new LecternError('CANCELLED', 'Stopped.')), 'qa:ask'), undefined);
});

test('cancelledPartial ignores a partial on any error other than CANCELLED', () => {
  assert.equal(cancelledPartial(new LecternError('INTERNAL', 'Broken.', { partial: outcomes }), 'library:ingest'), undefined);
  assert.equal(cancelledPartial(new Error('plain'), 'library:ingest'), undefined);
  assert.equal(cancelledPartial(null, 'library:ingest'), undefined);
});
