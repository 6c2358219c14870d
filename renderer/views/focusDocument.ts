/**
 * Moves the keyboard focus into the open document's text (a PDF's pages, a book's chapter, a text
 * document: each viewer marks it `#document-view`), so arrow keys and Page Down scroll it at once.
 * True when there was one to focus.
 */
export function focusDocument(): boolean {
  const target = document.getElementById('document-view');
  if (!target) return false;
  target.focus({ preventScroll: true });
  return document.activeElement === target;
}
