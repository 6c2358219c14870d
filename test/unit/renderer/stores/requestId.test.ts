import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LecternError } from '../../../../native/api/errors.js';
import { errorCode, errorMessage, newRequestId } from '../../../../renderer/stores/requestId.js';

test('request ids carry their prefix and never repeat', () => {
  const ids = Array.from({ length: 1000 }, () => newRequestId('ask'));
  assert.ok(ids.every((id) => id.startsWith('ask-')));
  assert.equal(new Set(ids).size, ids.length);
});

test('errorMessage reads an Error or anything else thrown', () => {
  assert.equal(errorMessage(new LecternError('CANCELLED', 'Stopped.')), 'Stopped.');
  assert.equal(errorMessage('plain text'), 'plain text');
  assert.equal(errorMessage(undefined), 'undefined');
});

test('errorCode gives the stable code of an engine error, and nothing for others', () => {
  assert.equal(errorCode(new LecternError('NO_MODEL_LOADED', 'Load a model.')), 'NO_MODEL_LOADED');
  assert.equal(errorCode(new Error('x')), undefined);
  assert.equal(errorCode(null), undefined);
  assert.equal(errorCode({ code: 42 }), undefined);
});
