import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MentionCounter } from '../../../../../native/knowledge/entities/MentionCounter.js';

const passages = (...texts: string[]) => texts.map((text) => ({ text }));

test('the longest name starting at a word wins: "Excite Japan Site" is not also a mention of "Excite"', () => {
  const counter = new MentionCounter();
  counter.add(1, 'Excite', 'capital');
  counter.add(2, 'Excite Japan Site', 'capital');
  counter.add(3, 'Japan Site', 'capital');
  const { mentions } = counter.count(passages('Excite runs the Excite Japan Site.'));
  assert.deepEqual([...mentions.get(1)!], [[0, 1]]);
  assert.deepEqual([...mentions.get(2)!], [[0, 1]]);
  assert.equal(mentions.has(3), false, 'the words of a longer name are used up by it');
});

test('plurals and possessives are mentions of the name, and each surface form is counted', () => {
  const counter = new MentionCounter();
  counter.add(7, 'Party', 'capital');
  const { mentions, surfaces } = counter.count(passages('Each Party agrees.', "The Parties' rights and the Party's duties."));
  assert.deepEqual(
    [...mentions.get(7)!],
    [
      [0, 1],
      [1, 2],
    ],
  );
  assert.deepEqual(
    [...surfaces.get(7)!],
    [
      ['Party', 2],
      ['Parties', 1],
    ],
  );
});

test('a capitalised name is not found in lower case, an any-case topic is', () => {
  const counter = new MentionCounter();
  counter.add(1, 'Company', 'capital');
  counter.add(2, 'governing law', 'any');
  const { mentions } = counter.count(passages('A company shall follow the Governing Law and the governing laws.'));
  assert.equal(mentions.has(1), false);
  assert.equal([...mentions.get(2)!.values()][0], 2);
});

test('an upper-case acronym is only found in capitals: "IT" is not "it"', () => {
  const counter = new MentionCounter();
  counter.add(3, 'IT', 'upper');
  const { mentions } = counter.count(passages('It said it would call IT. It is It.'));
  assert.deepEqual([...mentions.get(3)!], [[0, 1]]);
});

test('one entity added under two rules is counted under the looser one', () => {
  const counter = new MentionCounter();
  counter.add(4, 'Licensee', 'capital');
  counter.add(4, 'licensee', 'any');
  const { mentions } = counter.count(passages('The Licensee and any licensee.'));
  assert.deepEqual([...mentions.get(4)!], [[0, 2]]);
});

test('a name made only of articles is ignored, and a name that never appears has no entry', () => {
  const counter = new MentionCounter();
  counter.add(5, 'the', 'any');
  counter.add(6, 'Nowhere Inc', 'capital');
  const { mentions } = counter.count(passages('The the THE.'));
  assert.equal(mentions.size, 0);
});

test('two entities that share a surface are both counted there', () => {
  const counter = new MentionCounter();
  counter.add(8, 'Client', 'capital');
  counter.add(9, 'Client', 'capital');
  const { mentions } = counter.count(passages('The Client pays.'));
  assert.deepEqual([mentions.get(8)?.get(0), mentions.get(9)?.get(0)], [1, 1]);
});
