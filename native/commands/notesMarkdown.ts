import type { Annotation, NotesFile } from '../api/annotationTypes.js';

/** A file name for a document's exported notes: its title without characters file systems refuse. */
export function notesFileName(title: string, format: 'md' | 'json'): string {
  return `${safeFileTitle(title)} (notes).${format}`;
}

/** A title as a file name: no path separators or characters Windows refuses, at most 120 characters. */
export function safeFileTitle(title: string): string {
  const safe = title
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120)
    .replace(/[. ]+$/, '');
  return safe || 'document';
}

/** A link that opens the document at a page in Lectern. */
export function pageLink(documentId: string, page: number): string {
  return `lectern://doc/${encodeURIComponent(documentId)}?page=${page}`;
}

/**
 * A document's notes as Markdown for reading anywhere: the title, then page by page each
 * quote as a blockquote with its note, kind, colour and a link to the page; then the saved
 * answers with their question and citations. Orphaned annotations (their text gone after a
 * re-read) are listed at their old page, marked so.
 */
export function notesMarkdown(file: NotesFile, user: string): string {
  const { document } = file;
  const lines: string[] = [`# ${document.title}`, '', `Notes of ${user}, exported from Lectern on ${file.exportedAt.slice(0, 10)}.`, ''];
  const marks = file.annotations.filter((a) => a.kind !== 'answer');
  const answers = file.annotations.filter((a) => a.kind === 'answer');
  if (marks.length === 0 && answers.length === 0) lines.push('_No notes yet._', '');
  let page = 0;
  for (const a of marks) {
    if (a.anchor.page !== page) {
      page = a.anchor.page;
      lines.push(`## Page ${page}`, '');
    }
    lines.push(...annotationLines(a, document.id), '');
  }
  if (answers.length > 0) lines.push('## Saved answers', '');
  for (const a of answers) {
    const answer = a.answer!;
    lines.push(`### ${oneLine(answer.question) || 'Answer'}`, '', answer.text.trim(), '');
    const cited = answer.citations.filter((c) => c.quote !== '' && c.page !== null);
    for (const c of cited) lines.push(`- ${quoteInline(c.quote)} — [page ${c.page}](${pageLink(c.documentId ?? document.id, c.page!)})`);
    if (cited.length > 0) lines.push('');
    if (a.note) lines.push(a.note.trim(), '');
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function annotationLines(a: Annotation, documentId: string): string[] {
  const out: string[] = [];
  if (a.anchor.quote) out.push(...a.anchor.quote.split(/\r?\n/).map((l) => `> ${l}`), '');
  if (a.note) out.push(a.note.trim(), '');
  const what = [a.kind, a.color, a.orphaned ? 'text not found after the document was read again' : null].filter((s) => s !== null).join(', ');
  out.push(`_${what}_ · [page ${a.anchor.page}](${pageLink(documentId, a.anchor.page)})`);
  return out;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function quoteInline(quote: string): string {
  const text = oneLine(quote);
  return `“${text.length > 300 ? `${text.slice(0, 299)}…` : text}”`;
}
