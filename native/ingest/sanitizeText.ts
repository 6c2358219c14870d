/**
 * C0 and C1 control characters other than tab and line feed, and DEL. Fonts
 * without a usable Unicode map often yield them; stored, they break search, JSON consumers and
 * terminals, and no reader wants them.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** The text without control characters: tabs and line feeds kept, a carriage return (alone or before a line feed) made one line feed. */
export function sanitizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL, '');
}

/** How many control characters the text holds (carriage returns are line ends, not counted). */
export function countControlChars(text: string): number {
  return text.replace(/\r/g, '').match(CONTROL)?.length ?? 0;
}
