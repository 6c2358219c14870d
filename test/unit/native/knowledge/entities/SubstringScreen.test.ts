import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SubstringScreen } from '../../../../../native/knowledge/entities/SubstringScreen.js';

/** The strings the screen says a text holds. */
const held = (screen: SubstringScreen, text: string) => {
  screen.scan(text);
  return screen.strings.filter((_, i) => screen.has(i));
};

test('the screen finds exactly the strings a text includes, overlapping and nested ones too', () => {
  const strings = ['he', 'she', 'his', 'hers', 'terminat', 'termination', 'nation', ' of god', 'acts', 'a', 'ü', '’s'];
  const screen = new SubstringScreen(strings);
  const texts = ['ushers', 'this termination of the nation', 'acts of god', 'no match here?', '', 'über’s', 'hhhhe', 'terminatermination'];
  for (const text of texts) {
    assert.deepEqual(
      held(screen, text),
      strings.filter((s) => text.includes(s)),
      text,
    );
  }
});

test('each scan forgets what the one before found', () => {
  const screen = new SubstringScreen(['indemnif', 'escrow']);
  assert.deepEqual(held(screen, 'shall indemnify'), ['indemnif']);
  assert.deepEqual(held(screen, 'the escrow agent'), ['escrow']);
  assert.deepEqual(held(screen, 'nothing'), []);
});

test('duplicate and empty strings are dropped; a screen of none finds nothing', () => {
  assert.deepEqual(new SubstringScreen(['ab', '', 'ab']).strings, ['ab']);
  assert.deepEqual(held(new SubstringScreen([]), 'anything'), []);
});

test('on random texts and strings over a small alphabet, the screen agrees with includes', () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const word = (max: number) => Array.from({ length: 1 + Math.floor(random() * max) }, () => 'ab c'[Math.floor(random() * 4)]).join('');
  for (let round = 0; round < 50; round++) {
    const strings = Array.from({ length: 12 }, () => word(5));
    const screen = new SubstringScreen(strings);
    for (let t = 0; t < 10; t++) {
      const text = word(40);
      assert.deepEqual(
        held(screen, text),
        screen.strings.filter((s) => text.includes(s)),
        `${JSON.stringify(strings)} in ${JSON.stringify(text)}`,
      );
    }
  }
});
