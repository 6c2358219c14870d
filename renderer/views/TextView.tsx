/** Text and Markdown documents (no page image): their passages, by page, with the cited sentence marked. */
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { Annotation } from '../../native/api/annotationTypes.js';
import type { Passage } from '../../native/api/types.js';
import { useAnnotationStore } from '../stores/annotationStore.js';
import { useReaderStore, type Highlight } from '../stores/readerStore.js';
import { annotationSegments, type MarkedRange } from './annotationSegments.js';
import { spanToPassageRanges } from '../../native/api/passageRanges.js';
import { revealBelowBars } from './revealBelowBars.js';
import { SelectionToolbar } from './SelectionToolbar.js';

export function TextView() {
  const passages = useReaderStore((s) => s.passages);
  const page = useReaderStore((s) => s.page);
  const highlight = useReaderStore((s) => s.highlight);
  const documentId = useReaderStore((s) => s.documentId);
  const annotations = useAnnotationStore((s) => s.annotations);
  const box = useRef<HTMLDivElement>(null);
  const noted = useRef(0);

  useEffect(() => {
    if (documentId) void useAnnotationStore.getState().load(documentId);
  }, [documentId]);
  const byPage = useMemo(() => {
    const map = new Map<number, Annotation[]>();
    for (const a of annotations) {
      if (a.orphaned || a.documentId !== documentId) continue;
      for (const page of new Set(a.anchor.spans.map((s) => s.page))) {
        const list = map.get(page);
        if (list) list.push(a);
        else map.set(page, [a]);
      }
    }
    return map;
  }, [annotations, documentId]);

  useEffect(() => {
    if (!box.current || page === noted.current) return;
    box.current.querySelector(`[data-page="${page}"]`)?.scrollIntoView({ block: 'start' });
  }, [page, passages]);

  useEffect(() => {
    const mark = box.current?.querySelector('.text-highlight');
    // Scrolls the text only (scrollIntoView would scroll the panes around it too), to just below the bars over it.
    if (mark && box.current) revealBelowBars(box.current, mark.getBoundingClientRect().top);
  }, [highlight]);

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    const top = el.getBoundingClientRect().top;
    for (const p of el.querySelectorAll<HTMLElement>('[data-page]')) {
      if (p.getBoundingClientRect().bottom > top + 8) {
        const n = Number(p.dataset.page);
        if (n !== useReaderStore.getState().page) {
          noted.current = n;
          useReaderStore.getState().notePage(n);
        }
        return;
      }
    }
  };

  if (!passages) return <p className="muted">Opening…</p>;
  let lastSection: string | null = null;
  return (
    <>
      <div className="text-document" id="document-view" ref={box} onScroll={onScroll} tabIndex={0} aria-label="Text">
        {passages.map((p) => {
          const heading = p.section && p.section !== lastSection ? p.section : null;
          lastSection = p.section;
          return (
            <div key={p.id} data-page={p.page}>
              {heading && <h3>{heading}</h3>}
              <p data-passage-id={p.id}>
                <PassageText passage={p} highlight={highlight} annotations={annotationsOn(byPage, p)} />
              </p>
            </div>
          );
        })}
      </div>
      {documentId && <SelectionToolbar documentId={documentId} />}
    </>
  );
}

const NONE: Annotation[] = [];

function annotationsOn(byPage: ReadonlyMap<number, Annotation[]>, passage: Passage): Annotation[] {
  if (byPage.size === 0) return NONE;
  const found = new Set<Annotation>();
  for (let page = passage.page; page <= passage.pageEnd; page++) for (const a of byPage.get(page) ?? NONE) found.add(a);
  return found.size === 0 ? NONE : [...found];
}

type Mark = { kind: 'citation' } | { kind: 'annotation'; annotation: Annotation };

/** The passage's text with the citation's quote and the reader's annotations marked; overlapping marks nest. */
function PassageText({ passage, highlight, annotations }: { passage: Passage; highlight: Highlight | null; annotations: Annotation[] }) {
  const ranges: Array<MarkedRange<Mark>> = [];
  const at = highlight && highlight.documentId === passage.documentId && highlight.quote ? passage.text.indexOf(highlight.quote) : -1;
  if (highlight && at >= 0) ranges.push({ start: at, end: at + highlight.quote.length, item: { kind: 'citation' } });
  for (const annotation of annotations) {
    for (const span of annotation.anchor.spans)
      for (const [start, end] of spanToPassageRanges(passage, span)) ranges.push({ start, end, item: { kind: 'annotation', annotation } });
  }
  if (ranges.length === 0) return <>{passage.text}</>;
  return (
    <>
      {annotationSegments(passage.text.length, ranges).map((segment) => {
        let content: ReactNode = passage.text.slice(segment.start, segment.end);
        for (const mark of segment.items) {
          content =
            mark.kind === 'citation' ? (
              <mark className="text-highlight">{content}</mark>
            ) : (
              <mark
                className={`annotation-text annotation-${mark.annotation.kind} annotation-color-${mark.annotation.color ?? 'none'}`}
                data-annotation-id={mark.annotation.id}
                title={mark.annotation.note || undefined}
              >
                {content}
              </mark>
            );
        }
        return <span key={segment.start}>{content}</span>;
      })}
    </>
  );
}
