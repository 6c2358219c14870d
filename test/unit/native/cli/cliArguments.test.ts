import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LecternError } from '../../../../native/api/errors.js';
import { checkedArgs, wholeNumber } from '../../../../native/cli/cliArguments.js';

const refusal = (code: string, message: RegExp) => (error: unknown) => error instanceof LecternError && error.code === code && message.test(error.message);

test('wholeNumber takes plain decimal digits at least the minimum', () => {
  assert.equal(wholeNumber('7', '--limit'), 7);
  assert.equal(wholeNumber('0', '--offset', 0), 0);
  assert.equal(wholeNumber('999999999999999', '--budget'), 999_999_999_999_999);
});

test('wholeNumber refuses what Number() would accept: exponents, hex, signs, spaces, decimals, and 16 digits or more', () => {
  for (const value of ['1e3', '0x10', '+5', ' 7', '1.0', '-1', '', '9007199254740993'])
    assert.throws(() => wholeNumber(value, '--limit'), refusal('INVALID_ARGUMENT', /--limit must be a whole number of at least 1 in plain digits/), JSON.stringify(value));
});

test('wholeNumber refuses a number under the minimum, naming the flag and the value', () => {
  assert.throws(() => wholeNumber('0', '--limit'), refusal('INVALID_ARGUMENT', /--limit .* at least 1 .* not "0"\. See `lectern --help`\./));
  assert.throws(() => wholeNumber('2', '--top', 3), refusal('INVALID_ARGUMENT', /at least 3/));
});

test('checkedArgs returns the arguments the command schema accepts', () => {
  assert.deepEqual(checkedArgs('library:remove', { id: 'abc' }), { id: 'abc' });
});

test('checkedArgs refuses what the app would refuse, saying which field and pointing to --help', () => {
  assert.throws(() => checkedArgs('library:remove', { id: 5 }), refusal('INVALID_ARGUMENT', /^Invalid arguments for library:remove: id: .+\. See `lectern --help`\.$/));
  assert.throws(() => checkedArgs('library:remove', null), refusal('INVALID_ARGUMENT', /library:remove: arguments: /));
});
