import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { useUiStore } from '../../../../renderer/stores/uiStore.js';

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
