import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clauseConcepts, findConcepts, requiredWords } from '../../../../../native/knowledge/entities/clauseConcepts.js';

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
  const unscreened = clauseConcepts().map((c) => ({ ...c, anchors: c.cues.map(() => null) }));
  const count = (found: ReturnType<typeof findConcepts>) => new Map([...found].map(([c, byPassage]) => [c.id, [...byPassage]]));
  assert.deepEqual(count(findConcepts(passages)), count(findConcepts(passages, unscreened)));
  assert.ok(findConcepts(passages).size >= 2);
});
