/** Ctrl/Cmd+K search, / ask (the question box), Ctrl/Cmd+F find in the open document, Esc stops an answer or closes find. */
import { useEffect } from 'react';
import { useAskStore } from '../stores/askStore.js';
import { useReaderStore } from '../stores/readerStore.js';
import { useUiStore } from '../stores/uiStore.js';

/** Whether a key goes into a field: there `/` is a character, not the shortcut. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'range'].includes(target.type))
  );
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === 'k') {
        event.preventDefault();
        useUiStore.getState().focusSearch();
      } else if (event.key === '/' && !mod && !event.altKey && !typing(event.target)) {
        event.preventDefault();
        useUiStore.getState().focusQuestion();
      } else if (mod && key === 'f' && useUiStore.getState().screen === 'reader' && useReaderStore.getState().documentId) {
        event.preventDefault();
        useReaderStore.getState().openFind();
      } else if (key === 'escape') {
        if (useAskStore.getState().activeRequestId) {
          event.preventDefault();
          void useAskStore.getState().stop();
        } else if (useReaderStore.getState().findOpen) {
          useReaderStore.getState().closeFind();
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
