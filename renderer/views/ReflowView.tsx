/**
 * EPUB, DOCX and HTML documents, reflowed: one chapter at a time as the engine's sanitized HTML
 * (structure only, no style or script of the book's, so the app's CSP holds), a chapter list, the
 * share of the book read by characters, and a citation's sentence marked at its exact range.
 * The chapter is the reader's page: the toolbar's page controls and the sections move through it.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useAnnotationStore } from '../stores/annotationStore.js';
import { useReaderStore } from '../stores/readerStore.js';
import { useReadingStore } from '../stores/readingStore.js';
import { useReflowStore } from '../stores/reflowStore.js';
import { chapterText, clearMarks, firstVisibleOffset, markCharRange } from './markCharRange.js';
import { readingPercent } from './readingPercent.js';
import { SelectionToolbar } from './SelectionToolbar.js';

const MARK = 'reflow-highlight';
const NOTE_MARK = 'annotation-text';

export function ReflowView({ documentId }: { documentId: string }) {
  const page = useReaderStore((s) => s.page);
  const highlight = useReaderStore((s) => s.highlight);
  const goToPage = useReaderStore((s) => s.goToPage);
  const content = useReflowStore((s) => s.content);
  const error = useReflowStore((s) => s.error);
  const serif = useReflowStore((s) => s.serif);
  const load = useReflowStore((s) => s.load);
  const toggleSerif = useReflowStore((s) => s.toggleSerif);
  const box = useRef<HTMLDivElement>(null);
  const text = useRef<HTMLElement>(null);
  const shownHtml = useRef<string | null>(null);
  const [offset, setOffset] = useState(0);
  const annotations = useAnnotationStore((s) => s.annotations);

  useEffect(() => {
    void load(documentId, page);
  }, [documentId, page, load]);
  useEffect(() => {
    void useAnnotationStore.getState().load(documentId);
  }, [documentId]);

  // The previous chapter stays in view until the next one comes.
  const shown = content?.documentId === documentId ? content : null;

  useLayoutEffect(() => {
    const root = text.current;
    const scroller = box.current;
    if (!root || !scroller || !shown) return;
    const newChapter = shownHtml.current !== shown.html;
    shownHtml.current = shown.html;
    clearMarks(root, MARK);
    let marks: HTMLElement[] = [];
    if (highlight && highlight.documentId === documentId && highlight.page === shown.chapter) {
      let { charStart: start, charEnd: end } = highlight;
      if (start === null || end === null) {
        // A citation without a range (an old conversation): find its words in the chapter.
        const at = highlight.quote ? chapterText(root).indexOf(highlight.quote) : -1;
        if (at >= 0) [start, end] = [at, at + highlight.quote.length];
      }
      if (start !== null && end !== null) marks = markCharRange(root, start, end, MARK);
    }
    if (marks.length > 0) marks[0]!.scrollIntoView({ block: 'center' });
    else if (newChapter) scroller.scrollTop = placeOnOpen(documentId, shown.chapter) * scroller.scrollHeight;
    setOffset(firstVisibleOffset(root, scroller));
  }, [shown, highlight, documentId]);

  // The reader's annotations on this chapter (its page), each range wrapped in marks of its kind and colour; overlapping ones nest.
  useLayoutEffect(() => {
    const root = text.current;
    if (!root || !shown) return;
    clearMarks(root, NOTE_MARK);
    for (const a of annotations) {
      if (a.orphaned || a.documentId !== documentId) continue;
      for (const span of a.anchor.spans) {
        if (span.page !== shown.chapter) continue;
        for (const mark of markCharRange(root, span.charStart, span.charEnd, NOTE_MARK)) {
          mark.classList.add(`annotation-${a.kind}`, `annotation-color-${a.color ?? 'none'}`);
          mark.dataset.annotationId = a.id;
          if (a.note) mark.title = a.note;
        }
      }
    }
  }, [shown, annotations, documentId]);
  // The saved place can arrive after its chapter is shown (the book reopened where it was left, in chapter 1).
  useEffect(
    () =>
      useReadingStore.subscribe((s, prev) => {
        const chapter = useReflowStore.getState().content?.chapter;
        if (s.restore !== prev.restore && s.restore?.documentId === documentId && s.restore.page === chapter && box.current) {
          box.current.scrollTop = placeOnOpen(documentId, chapter) * box.current.scrollHeight;
        }
      }),
    [documentId],
  );

  const onScroll = () => {
    if (text.current && box.current) setOffset(firstVisibleOffset(text.current, box.current));
    if (box.current && shown) useReadingStore.getState().notePosition(documentId, shown.chapter, box.current.scrollTop / Math.max(1, box.current.scrollHeight));
  };

  if (!shown)
    return error ? (
      <p role="alert" className="error">
        {error}
      </p>
    ) : (
      <p className="muted">Opening…</p>
    );
  const chapters = shown.chapters;
  const percent = readingPercent(chapters, shown.chapter, offset);
  return (
    <div className="reflow">
      <ChapterList chapters={chapters} current={shown.chapter} onOpen={goToPage} />
      <div className="reflow-main">
        <div className="reflow-bar">
          <span>
            Chapter {shown.chapter} of {chapters.length}
          </span>
          <progress max={100} value={percent} aria-label="Share of the book read" />
          <span aria-label="Read">{percent}%</span>
          <button type="button" aria-pressed={serif} onClick={toggleSerif} title="Serif or sans-serif text">
            Serif
          </button>
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {shown.notice && <p className="muted reflow-notice">{shown.notice}</p>}
        <div className="reflow-scroll" ref={box} onScroll={onScroll}>
          <article
            ref={text}
            className={serif ? 'reflow-text serif' : 'reflow-text'}
            data-chapter={shown.chapter}
            id="document-view"
            tabIndex={0}
            aria-label={`Chapter ${shown.chapter}: ${chapters[shown.chapter - 1]?.title ?? ''}`}
            // Built by the engine from the stored text and sanitized there (renderChapterHtml): no style, script, image or outside link.
            dangerouslySetInnerHTML={{ __html: shown.html }}
          />
          <div className="reflow-turn">
            {shown.chapter > 1 && (
              <button type="button" onClick={() => goToPage(shown.chapter - 1)}>
                ← {chapters[shown.chapter - 2]?.title ?? 'Previous chapter'}
              </button>
            )}
            {shown.chapter < chapters.length && (
              <button type="button" onClick={() => goToPage(shown.chapter + 1)}>
                {chapters[shown.chapter]?.title ?? 'Next chapter'} →
              </button>
            )}
          </div>
        </div>
      </div>
      <SelectionToolbar documentId={documentId} />
    </div>
  );
}

/** The chapters as buttons; arrow keys, Home and End move between them, Enter opens one. */
function ChapterList({ chapters, current, onOpen }: { chapters: Array<{ number: number; title: string }>; current: number; onOpen: (chapter: number) => void }) {
  const list = useRef<HTMLOListElement>(null);
  const onKeyDown = (e: KeyboardEvent) => {
    const buttons = [...(list.current?.querySelectorAll('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : null;
    if (next === null || buttons.length === 0) return;
    e.preventDefault();
    buttons[Math.min(Math.max(0, next), buttons.length - 1)]!.focus();
  };
  return (
    <nav className="reflow-chapters" aria-label="Chapters">
      <ol ref={list} onKeyDown={onKeyDown}>
        {chapters.map((c) => (
          <li key={c.number}>
            <button type="button" aria-current={c.number === current ? 'page' : undefined} onClick={() => onOpen(c.number)}>
              {c.title}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** Where to start a chapter just shown: the saved place, or the place last seen, when it is in this chapter; else its top. */
function placeOnOpen(documentId: string, chapter: number): number {
  const { restore, takeRestore } = useReadingStore.getState();
  if (restore && restore.documentId === documentId && restore.page !== chapter) return 0; // kept for its chapter, on the way
  const place = takeRestore(documentId);
  return place && place.page === chapter ? place.position : 0;
}
