import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { storedPanels, useUiStore } from '../../../../renderer/stores/uiStore.js';

beforeEach(() => useUiStore.setState({ screen: 'reader', readerSide: 'sections', searchFocus: 0, importRequest: 0 }));

test('the search shortcut goes to the library and asks the search box to focus, each time anew', () => {
  useUiStore.getState().focusSearch();
  useUiStore.getState().focusSearch();
  assert.equal(useUiStore.getState().screen, 'library');
  assert.equal(useUiStore.getState().searchFocus, 2);
});

test('the import menu item goes to the library and asks the import button to open its picker', () => {
  useUiStore.getState().requestImport();
  assert.deepEqual([useUiStore.getState().screen, useUiStore.getState().importRequest], ['library', 1]);
});

test('show and showReaderSide switch the screen and the reader column', () => {
  useUiStore.getState().show('settings');
  useUiStore.getState().showReaderSide('terms');
  assert.deepEqual([useUiStore.getState().screen, useUiStore.getState().readerSide], ['settings', 'terms']);
});

test('the left column starts closed in a narrow window and open in a wide one, until the person chooses', () => {
  // No localStorage under Node: nothing chosen yet, so the defaults for the width apply.
  assert.deepEqual(storedPanels(1024), { side: false, ask: true, suggestions: true });
  assert.deepEqual(storedPanels(1920), { side: true, ask: true, suggestions: true });
});

test('a folded panel stays folded: setPanel toggles, or sets, one panel and leaves the others', () => {
  useUiStore.setState({ panels: { side: true, ask: true, suggestions: true } });
  useUiStore.getState().setPanel('ask');
  useUiStore.getState().setPanel('suggestions', false);
  useUiStore.getState().setPanel('suggestions', false);
  assert.deepEqual(useUiStore.getState().panels, { side: true, ask: false, suggestions: false });
});

test('the ask shortcut opens a folded Ask panel in the reader and asks the question box to focus', () => {
  useUiStore.setState({ screen: 'library', panels: { side: true, ask: false, suggestions: true }, questionFocus: 0 });
  useUiStore.getState().focusQuestion();
  const s = useUiStore.getState();
  assert.deepEqual([s.screen, s.panels.ask, s.questionFocus], ['reader', true, 1]);
});
