import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SectionNode } from '../../../../native/api/types.js';
import { currentSection } from '../../../../renderer/views/currentSection.js';

const node = (id: number, page: number, children: SectionNode[] = []): SectionNode => ({ id, title: `S${id}`, level: 1, page, children });

const tree = [node(1, 1, [node(2, 2), node(3, 4, [node(4, 5)])]), node(5, 8), node(6, 8)];

test('the section being read is the last to start on or before the page, subsections included', () => {
  assert.equal(currentSection(tree, 1), 1);
  assert.equal(currentSection(tree, 3), 2);
  assert.equal(currentSection(tree, 5), 4);
  assert.equal(currentSection(tree, 7), 4);
});

test('of two sections starting on one page, the later one counts', () => {
  assert.equal(currentSection(tree, 8), 6);
  assert.equal(currentSection(tree, 99), 6);
});

test('before the first section, or with none, there is no current section', () => {
  assert.equal(currentSection([node(1, 3)], 2), null);
  assert.equal(currentSection([], 1), null);
});
