import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withCliHint } from '../../../../native/cli/cliHints.js';

test('an error with a command-line remedy gets the command appended', () => {
  const info = withCliHint({ code: 'DOCUMENT_NOT_FOUND', message: 'No document has the id x.' });
  assert.equal(info.code, 'DOCUMENT_NOT_FOUND');
  assert.match(info.message, /^No document has the id x\. Run `lectern list` to see the ids/);
});

test('an error with no command-line remedy is passed on unchanged', () => {
  const info = { code: 'CANCELLED' as const, message: 'Cancelled.' };
  assert.equal(withCliHint(info), info);
});

test('a hint already in the message is not added twice', () => {
  const once = withCliHint({ code: 'DISK_FULL', message: 'The disk is full.' });
  assert.deepEqual(withCliHint(once), once);
});
