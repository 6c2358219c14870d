import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findDatesAndMoney, type MeasuredFinding } from '../../../../../native/knowledge/entities/findDatesAndMoney.js';

const keys = (found: MeasuredFinding[], kind: 'date' | 'money') => found.filter((f) => f.kind === kind).map((f) => f.key);

test('the ways a contract writes one date share one key', () => {
  const found = findDatesAndMoney([{ text: 'Signed September 23, 1998, that is the 23rd day of September 1998 (9/23/98), or 1998-09-23 in ISO form.' }]);
  assert.deepEqual(keys(found, 'date'), ['1998-09-23']);
  const date = found[0]!;
  assert.equal(date.mentions.get(0), 4);
  assert.deepEqual([...date.surfaces.keys()].sort(), ['1998-09-23', '23rd day of September 1998', '9/23/98', 'September 23, 1998'].sort());
});

test('a month and year alone is a month; a day first is a date', () => {
  assert.deepEqual(keys(findDatesAndMoney([{ text: 'From March 2020 until 5 Jan. 2021.' }]), 'date').sort(), ['2020-03', '2021-01-05']);
});

test('slashed dates are read month first unless the first number cannot be a month', () => {
  assert.deepEqual(keys(findDatesAndMoney([{ text: 'On 03/04/2021 and on 25/12/2021.' }]), 'date').sort(), ['2021-03-04', '2021-12-25']);
});

test('a two-digit year under 50 is this century, from 50 the last', () => {
  assert.deepEqual(keys(findDatesAndMoney([{ text: 'On 1/2/49 and 1/2/50.' }]), 'date').sort(), ['1950-01-02', '2049-01-02']);
});

test('impossible dates and durations are not dates', () => {
  assert.deepEqual(keys(findDatesAndMoney([{ text: 'Within thirty days, on 13/13/2020 or 2020-14-01, or in the year 1066 on 1/1/1066.' }]), 'date'), []);
});

test('"$10,000", "USD 10,000.00" and "10,000 dollars" are one sum', () => {
  const found = findDatesAndMoney([{ text: 'A fee of $10,000' }, { text: 'paid as USD 10,000.00 or 10,000 dollars.' }]);
  assert.deepEqual(keys(found, 'money'), ['usd 10000']);
  assert.deepEqual(
    [...found[0]!.mentions],
    [
      [0, 1],
      [1, 2],
    ],
  );
});

test('currencies and scales are normalised: "€2.5 million", "£1,500.50", "GBP 40"', () => {
  const found = findDatesAndMoney([{ text: 'A cap of €2.5 million, a fee of £1,500.50 and GBP 40 a month.' }]);
  assert.deepEqual(keys(found, 'money').sort(), ['eur 2500000', 'gbp 1500.50', 'gbp 40']);
});

test('a bare number without a currency is no sum, and a sum of zero is none', () => {
  assert.deepEqual(keys(findDatesAndMoney([{ text: 'Section 10,000 applies; a fee of $0 is due.' }]), 'money'), []);
});

test('findings come most mentioned first, dates before sums', () => {
  const found = findDatesAndMoney([{ text: '$5 and $7 and $7. On 1 May 2020 and 2 May 2020 and 2 May 2020.' }]);
  assert.deepEqual(
    found.map((f) => f.key),
    ['2020-05-02', '2020-05-01', 'usd 7', 'usd 5'],
  );
});
