import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clauseConcepts, findConcepts, requiredLiterals, requiredWords } from '../../../../../native/knowledge/entities/clauseConcepts.js';

test('the longest required run of letters screens a pattern; optional letters and groups are not required', () => {
  assert.deepEqual(requiredWords('\\bnon-?compet(e|ition)\\b'), ['compet']);
  assert.deepEqual(requiredWords('\\bhold(s)? harmless\\b'), ['harmless']);
  assert.deepEqual(requiredWords('\\bterminat(e|ion) for convenience\\b'), ['convenience']);
  assert.deepEqual(requiredWords('\\bwarrant(y|ies)?\\b'), ['warrant']);
  assert.equal(requiredWords('\\bsole\\b|\\bonly\\b'), null, 'a top-level alternation requires nothing');
  assert.equal(requiredWords('\\bpay\\b'), null, 'a run under four letters screens too little to be worth it');
});

test('a required group of plain words screens by any of them; an optional group, a lookahead or a top-level | gives nothing', () => {
  assert.deepEqual(requiredWords('\\b(prices?|pricing|fees|rates)\\b[^.]{0,40}\\b(increase|adjust)'), ['increase', 'adjust'], 'the group with fewest alternatives');
  assert.deepEqual(requiredWords('\\b(prices?|pricing|fees|rates)\\b'), ['price', 'pricing', 'fees', 'rates']);
  assert.deepEqual(requiredWords('\\b(net |gross )?sales\\b'), ['sales'], 'the optional group is skipped');
  assert.equal(requiredWords('\\b(net |gross )?\\b(own|owns)\\b'), null, 'an optional group, and words under four letters, screen nothing');
  assert.equal(requiredWords('\\bnot\\b|\\bnever\\b'), null);
  assert.deepEqual(requiredWords('(?!without)\\bwith\\b'), ['with'], 'a lookahead requires nothing of its own');
  assert.deepEqual(requiredWords('(?:audit|inspect)ion rights'), ['rights']);
});

test('every match of every shipped cue holds one of its screening words (checked on text made to match each cue)', () => {
  const samples = [
    'The Distributor shall not compete with the Company, nor sell competing products, in the Territory.',
    'This Agreement shall be governed by and construed in accordance with the laws of the State of New York.',
    'Neither party may assign this Agreement without the prior written consent of the other party.',
    'The Supplier shall indemnify, defend and hold harmless the Customer from any claims.',
    'In no event shall either party be liable for any consequential damages; the aggregate liability shall not exceed the fees paid.',
    'Licensee may increase prices on thirty days notice; the fees shall be adjusted annually.',
    'The Company shall pay a royalty of five percent of net sales.',
  ];
  let checked = 0;
  for (const concept of clauseConcepts()) {
    concept.cues.forEach((cue, k) => {
      const words = concept.anchors[k] ?? null;
      if (words === null) return;
      for (const text of samples) {
        for (const m of text.matchAll(new RegExp(cue.source, cue.flags))) {
          checked++;
          assert.ok(
            words.some((w) => m[0].toLowerCase().includes(w)),
            `${cue.source} matched "${m[0]}" without ${words.join('/')}`,
          );
        }
      }
    });
  }
  assert.ok(checked > 10, `only ${checked} matches checked`);
});

test('screened and unscreened concept search find the same passages', () => {
  const passages = [
    { text: 'Either party may terminate this Agreement for convenience upon ninety days written notice.' },
    { text: 'The Licensee shall not, during the Term, engage in any competing business in the Territory.' },
    { text: 'Nothing here about clauses at all; the weather was fine.' },
  ];
  const unscreened = clauseConcepts().map((c) => ({ ...c, anchors: c.cues.map(() => null), literals: c.cues.map(() => []) }));
  const count = (found: ReturnType<typeof findConcepts>) => new Map([...found].map(([c, byPassage]) => [c.id, [...byPassage]]));
  assert.deepEqual(count(findConcepts(passages)), count(findConcepts(passages, unscreened)));
  assert.ok(findConcepts(passages).size >= 2);
});

test('required literals: runs that stand for themselves, and one string of each alternative of a required group', () => {
  assert.deepEqual(requiredLiterals('\\bacts? of god\\b'), [[' of god'], ['act']]);
  assert.deepEqual(
    requiredLiterals('\\b(own|owns|vest|vests)\\b[^.]{0,60}\\b(right, title and interest|intellectual property)\\b'),
    [
      ['right, title and interest', 'intellectual property'],
      ['own', 'owns', 'vest', 'vests'],
    ],
    'the group of fewer alternatives first',
  );
  assert.deepEqual(requiredLiterals('\\bmost[- ]favou?red\\b'), [['most'], ['favo'], ['red']], 'a class and an optional letter end runs');
  assert.deepEqual(requiredLiterals('\\bsole (and exclusive )?(agent|seller)\\b'), [['sole '], ['agent', 'seller']], 'an optional group requires nothing');
  assert.deepEqual(requiredLiterals('\\bco-?own(ed|er)\\b'), [['own']], 'a group with a short alternative requires nothing');
  assert.deepEqual(requiredLiterals('(?=foo)barbaz(?!qux)'), [['barbaz']], 'lookarounds require nothing');
  assert.deepEqual(requiredLiterals('abc+def'), [['def']], 'a repeated letter ends a run');
  assert.deepEqual(requiredLiterals('\\bsole\\b|\\bonly\\b'), [], 'a top-level alternation requires nothing');
  assert.deepEqual(requiredLiterals('[(|]abc\\(x\\|y\\)'), [['abc']], 'brackets and bars inside a class or escaped are not syntax');
});

test('every match of every shipped cue holds a string of each of its required groups (checked on text made to match each cue)', () => {
  const samples = [
    'The Distributor shall not compete with the Company, nor sell competing products, in the Territory.',
    'This Agreement shall be governed by and construed in accordance with the laws of the State of New York.',
    'Neither party may assign this Agreement without the prior written consent of the other party; successors and permitted assigns.',
    'The Supplier shall indemnify, defend and hold harmless the Customer from any claims; not as a penalty.',
    'In no event shall either party be liable for any consequential damages; the aggregate liability shall not exceed the fees paid.',
    'Licensee may increase prices on thirty days notice; the fees shall be adjusted annually; most-favored pricing applies.',
    'The Company shall pay a royalty of five percent of the net sales; minimum annual royalties; late payment fees.',
    'Upon termination or expiration, this Agreement shall continue in full force; either party may terminate for any reason or no reason without cause.',
    'Acts of God, events beyond its reasonable control; a change of control; acquisition by a third party of the voting shares.',
  ].map((t) => t.toLowerCase());
  let checked = 0;
  for (const concept of clauseConcepts()) {
    concept.lowerCues.forEach((cue, k) => {
      for (const text of samples) {
        for (const m of text.matchAll(new RegExp(cue.source, cue.flags))) {
          checked++;
          for (const group of concept.literals[k]!)
            assert.ok(
              group.some((l) => m[0].includes(l)),
              `${cue.source} matched "${m[0]}" without ${group.join('/')}`,
            );
        }
      }
    });
  }
  assert.ok(checked > 20, `only ${checked} matches checked`);
});
