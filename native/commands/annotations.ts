import type { Annotation, AnnotationAnchor, SavedAnswer } from '../api/annotationTypes.js';
import { LecternError } from '../api/errors.js';
import type { PageSpan, Rect } from '../api/types.js';
import { locateInPassage } from '../qa/locateInPassage.js';
import { rectsForRange } from '../qa/locateQuote.js';
import type { GeometryLookup } from '../qa/verifyCitations.js';
import { rectsPending } from '../store/AnnotationRepository.js';
import { reanchorQuote } from '../store/reanchorQuote.js';
import { notFound } from '../store/DocumentRepository.js';
import { writeAnnotatedCopy } from './annotatedCopy.js';
import type { CommandHandlers, DomainCommand } from './CommandHandler.js';
import type { EngineContext } from './EngineContext.js';
import { notesFileOf, readNotesFile } from './notesFile.js';
import { notesMarkdown, notesFileName } from './notesMarkdown.js';

type PageRects = Array<Rect & { page: number }>;

/** Highlights, underlines, notes, bookmarks and saved answers: made, listed, exported, imported and written into a copy of the PDF. */
export function annotationCommands(ctx: EngineContext): CommandHandlers<DomainCommand<'annotations'>> {
  const geometry: GeometryLookup = (documentId, page) => {
    const stored = ctx.documents.page(documentId, page);
    return stored?.geometry ? { geometry: stored.geometry, text: stored.text } : null;
  };

  /** Rectangles of page ranges, from the stored page geometry (none for text documents). */
  const rectsOf = (documentId: string, spans: readonly PageSpan[]): PageRects =>
    spans.flatMap((span) => {
      const g = geometry(documentId, span.page);
      return g ? rectsForRange(g.geometry, span.charStart, span.charEnd, g.text).map((r) => ({ ...r, page: span.page })) : [];
    });

  /** Computes (once, then stored) the rectangles of annotations that have none yet: moved by a re-read, or imported. */
  const withRects = (annotations: Annotation[]): Annotation[] => {
    for (const a of annotations) {
      if (!rectsPending(a)) continue;
      a.rects = rectsOf(a.documentId, a.anchor.spans);
      ctx.annotations.setRects(a.id, a.rects);
    }
    return annotations;
  };

  const documentOf = (id: string) => {
    const summary = ctx.documents.summary(id);
    if (!summary) throw notFound(id);
    return summary;
  };

  const changed = (user: string, documentId: string) => ctx.emit('annotations:changed', { user, documentId });

  return {
    async 'annotations:list'(args) {
      const userId = ctx.profiles.userId(args.user);
      if (args.documentId) documentOf(args.documentId);
      return { annotations: withRects(ctx.annotations.list(userId, args)) };
    },

    /**
     * Refuses a highlight or underline of nothing (no range, an empty range or quote) and a range
     * past its page's text. Overlapping annotations are all kept: a person may mark a sentence
     * yellow and a word in it green. A highlight, underline or note teaches the profile ('highlight').
     */
    async 'annotations:create'(args) {
      const userId = ctx.profiles.userId(args.user);
      const document = documentOf(args.documentId);
      const ranged = args.kind === 'highlight' || args.kind === 'underline';
      const { spans } = args.anchor;
      if (ranged && spans.length === 0) throw new LecternError('INVALID_ARGUMENT', `A ${args.kind} needs the text it marks: select some text first.`);
      if (args.kind === 'bookmark' && spans.length > 0) throw new LecternError('INVALID_ARGUMENT', 'A bookmark marks a page, not a text range: leave its spans empty.');
      const texts = new Map<number, string>();
      for (const span of spans) {
        if (span.charEnd <= span.charStart) {
          throw new LecternError(
            'INVALID_ARGUMENT',
            `The selection on page ${span.page} is empty (it starts and ends at character ${span.charStart}). Select at least one character.`,
          );
        }
        const text = texts.get(span.page) ?? pageText(span.page);
        texts.set(span.page, text);
        if (span.charEnd > text.length) {
          throw new LecternError(
            'INVALID_ARGUMENT',
            `The selection on page ${span.page} ends at character ${span.charEnd}, past the page's text (${text.length} characters). Select the text again.`,
          );
        }
      }
      function pageText(page: number): string {
        if (page > document.pages) throw new LecternError('INVALID_ARGUMENT', `"${document.title}" has ${document.pages} pages; there is no page ${page}.`);
        return ctx.documents.page(document.id, page)?.text ?? '';
      }
      if (spans.length === 0) pageText(args.anchor.page);
      const quote = args.anchor.quote.trim() !== '' ? args.anchor.quote : spans.map((s) => texts.get(s.page)!.slice(s.charStart, s.charEnd)).join(' ');
      if (ranged && quote.trim() === '') throw new LecternError('INVALID_ARGUMENT', `The ${args.kind} marks only spaces. Select some words.`);
      const anchor: AnnotationAnchor = { page: spans.length > 0 ? Math.min(...spans.map((s) => s.page)) : args.anchor.page, spans, quote: spans.length > 0 ? quote : '' };
      const annotation = ctx.annotations.insert(userId, {
        documentId: document.id,
        kind: args.kind,
        color: ranged ? (args.color ?? 'yellow') : null,
        anchor,
        note: args.note ?? '',
        answer: null,
        rects: rectsOf(document.id, spans),
      });
      if (args.kind !== 'bookmark' && anchor.quote !== '') {
        const learnt = ctx.profiles.record({ user: args.user, type: 'highlight', documentId: document.id, page: anchor.page, text: anchor.quote.slice(0, 4000) });
        if (learnt.recorded && learnt.entities > 0) ctx.emit('profile:changed', { user: args.user });
      }
      changed(args.user, document.id);
      return { annotation };
    },

    async 'annotations:update'(args) {
      const userId = ctx.profiles.userId(args.user);
      const current = ctx.annotations.get(userId, args.id);
      if (!current) throw missing(args.user, args.id);
      const kind = args.kind ?? current.kind;
      if ((kind === 'highlight' || kind === 'underline') && current.anchor.spans.length === 0) {
        throw new LecternError('INVALID_ARGUMENT', `A note on a whole page cannot become a ${kind}: there is no text it marks. Select the text and make a ${kind} of it.`);
      }
      if (args.kind && (current.kind === 'bookmark' || current.kind === 'answer')) {
        throw new LecternError('INVALID_ARGUMENT', `A ${current.kind} stays a ${current.kind}; only highlights, underlines and notes change kind.`);
      }
      const ranged = kind === 'highlight' || kind === 'underline';
      const color = ranged ? (args.color ?? current.color ?? 'yellow') : null;
      const annotation = ctx.annotations.update(userId, args.id, { kind, color, note: args.note })!;
      changed(args.user, annotation.documentId);
      return { annotation: withRects([annotation])[0]! };
    },

    async 'annotations:delete'(args) {
      const userId = ctx.profiles.userId(args.user);
      const annotation = ctx.annotations.delete(userId, args.id);
      if (!annotation) throw missing(args.user, args.id);
      changed(args.user, annotation.documentId);
      return { annotation };
    },

    /**
     * One 'answer' annotation per document the answer cites (or, citing none, per document the
     * conversation was about), anchored at its first cited quote, drawn over every cited quote.
     */
    async 'annotations:saveAnswer'(args) {
      const userId = ctx.profiles.userId(args.user);
      const messages = ctx.conversations.messages(args.conversationId);
      const at = messages.findIndex((m) => m.id === args.messageId);
      const message = messages[at];
      if (!message || message.role !== 'assistant') {
        throw new LecternError('INVALID_ARGUMENT', `Conversation ${args.conversationId} has no answer with id ${args.messageId}. Save an answer shown in the conversation.`);
      }
      const question =
        messages
          .slice(0, at)
          .reverse()
          .find((m) => m.role === 'user')?.text ?? '';
      // Stored citations keep their quote and first page range; their page ranges and rectangles are found again in the passage.
      const passages = new Map(ctx.documents.passagesById(message.citations.flatMap((c) => (c.passageId === null ? [] : [c.passageId]))).map((p) => [p.id, p]));
      const citations = message.citations.map((c) => {
        const passage = c.passageId === null ? undefined : passages.get(c.passageId);
        if (!passage || c.documentId !== passage.documentId) return c;
        const located = locateInPassage(passage, c.quote, geometry);
        return { ...c, spans: located.spans, rects: located.rects };
      });
      const answer: SavedAnswer = { question, text: message.text, mode: message.mode, modelId: message.modelId, citations };
      const cited = [...new Set(citations.flatMap((c) => (c.documentId !== null && ctx.documents.summary(c.documentId) ? [c.documentId] : [])))];
      const documentIds = cited.length > 0 ? cited : ctx.conversations.documentsOf(args.conversationId).filter((id) => ctx.documents.summary(id));
      if (documentIds.length === 0)
        throw new LecternError('DOCUMENT_NOT_FOUND', 'The documents this answer is about are no longer in the library, so there is nowhere to keep it.');
      const annotations = documentIds.map((documentId) => {
        const own = citations.filter((c) => c.documentId === documentId && c.page !== null);
        const first = own.find((c) => c.spans.length > 0) ?? own[0];
        const spans = first?.spans.length
          ? first.spans
          : first && first.charStart !== null && first.charEnd !== null
            ? [{ page: first.page!, charStart: first.charStart, charEnd: first.charEnd }]
            : [];
        const anchor: AnnotationAnchor = { page: first?.page ?? 1, spans, quote: spans.length > 0 ? (first?.quote ?? '') : '' };
        const rects = own.flatMap((c) => (c.rects.length > 0 ? c.rects : rectsOf(documentId, c.spans)));
        const saved = ctx.annotations.insert(userId, { documentId, kind: 'answer', color: null, anchor, note: '', answer, rects });
        changed(args.user, documentId);
        return saved;
      });
      return { annotations };
    },

    async 'annotations:export'(args) {
      const userId = ctx.profiles.userId(args.user);
      const document = documentOf(args.documentId);
      const annotations = withRects(ctx.annotations.list(userId, { documentId: document.id, limit: 1_000_000 }));
      const file = notesFileOf(document, ctx.documents.source(document.id)?.sha256 ?? null, annotations);
      return {
        fileName: notesFileName(document.title, args.format),
        content: args.format === 'json' ? `${JSON.stringify(file, null, 2)}\n` : notesMarkdown(file, args.user),
      };
    },

    /** All or nothing: a file refused, or any annotation in it refused, imports none. */
    async 'annotations:import'(args) {
      const userId = ctx.profiles.userId(args.user);
      const file = readNotesFile(args.content);
      const documentId = importTarget(file.document, args.documentId);
      const document = documentOf(documentId);
      const pageText = (page: number) => (page >= 1 && page <= document.pages ? (ctx.documents.page(documentId, page)?.text ?? null) : null);
      const rows = file.annotations.map((a) => ({
        ...placeImported(a.anchor, pageText),
        documentId,
        kind: a.kind,
        color: a.color,
        note: a.note,
        answer: a.answer,
        rects: null,
        createdAt: a.createdAt,
        updatedAt: a.updatedAt,
      }));
      const imported = ctx.annotations.insertMany(userId, rows);
      if (imported > 0) changed(args.user, documentId);
      return { imported, documentId };
    },

    async 'annotations:annotatedCopy'(args) {
      const userId = ctx.profiles.userId(args.user);
      const document = documentOf(args.documentId);
      if (document.format !== 'pdf') {
        throw new LecternError(
          'INVALID_ARGUMENT',
          `"${document.title}" is ${document.format.toUpperCase()}, not a PDF: an annotated copy is made of PDFs only. Export the notes as Markdown instead.`,
        );
      }
      const annotations = withRects(ctx.annotations.list(userId, { documentId: document.id, limit: 1_000_000 }));
      return { path: await writeAnnotatedCopy(ctx, document, annotations, args.targetPath) };
    },
  };

  /**
   * The document a notes file goes into: the one named (the person chose it), else the file's
   * own, found by id or, in another library, by its content hash; the file's hash must match.
   */
  function importTarget(of: { id: string; title: string; contentHash: string | null }, chosen: string | undefined): string {
    if (chosen) return chosen;
    const byId = ctx.documents.source(of.id);
    if (byId && (of.contentHash === null || byId.sha256 === of.contentHash)) return of.id;
    const byHash = of.contentHash ? ctx.documents.findIdBySha256(of.contentHash) : null;
    if (byHash) return byHash;
    throw new LecternError(
      'NOTES_FILE_OTHER_DOCUMENT',
      `These notes are of "${of.title}", which is not in this library${byId ? ` (the document with id ${of.id} here is another file)` : ''}. Import that document first, or choose the document to put the notes on (--doc).`,
    );
  }
}

/**
 * Where an imported annotation goes in its document's page texts: where the file says, when the
 * quote is there; else found again near it (as after a re-read); else kept, marked orphaned.
 */
function placeImported(anchor: AnnotationAnchor, pageText: (page: number) => string | null): { anchor: AnnotationAnchor; orphaned: boolean } {
  if (anchor.spans.length === 0) return { anchor, orphaned: pageText(anchor.page) === null };
  const inPlace = anchor.spans.every((s) => {
    const text = pageText(s.page);
    return text !== null && s.charEnd <= text.length;
  });
  if (inPlace && anchor.spans.map((s) => pageText(s.page)!.slice(s.charStart, s.charEnd)).join(' ') === anchor.quote) return { anchor, orphaned: false };
  const spans = reanchorQuote(pageText, anchor);
  return spans && spans.length > 0 ? { anchor: { ...anchor, page: spans[0]!.page, spans }, orphaned: false } : { anchor, orphaned: true };
}

function missing(user: string, id: string): LecternError {
  return new LecternError('INVALID_ARGUMENT', `${user} has no annotation with id ${id}; it may have been deleted. Reload the annotations.`);
}
