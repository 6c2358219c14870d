/** Text and Markdown documents (no page image): their passages, by page, with the cited sentence marked. */
import { useEffect, useRef } from 'react';
import type { Passage } from '../../native/api/types.js';
import { useReaderStore, type Highlight } from '../stores/readerStore.js';
import { revealBelowBars } from './revealBelowBars.js';

export function TextView() {
  const passages = useReaderStore((s) => s.passages);
  const page = useReaderStore((s) => s.page);
  const highlight = useReaderStore((s) => s.highlight);
  const box = useRef<HTMLDivElement>(null);
  const noted = useRef(0);

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
    <div className="text-document" id="document-view" ref={box} onScroll={onScroll} tabIndex={0} aria-label="Text">
      {passages.map((p) => {
        const heading = p.section && p.section !== lastSection ? p.section : null;
        lastSection = p.section;
        return (
          <div key={p.id} data-page={p.page}>
            {heading && <h3>{heading}</h3>}
            <p>
              <PassageText passage={p} highlight={highlight} />
            </p>
          </div>
        );
      })}
    </div>
  );
}

function PassageText({ passage, highlight }: { passage: Passage; highlight: Highlight | null }) {
  const at = highlight && highlight.documentId === passage.documentId && highlight.quote ? passage.text.indexOf(highlight.quote) : -1;
  if (!highlight || at < 0) return <>{passage.text}</>;
  const end = at + highlight.quote.length;
  return (
    <>
      {passage.text.slice(0, at)}
      <mark className="text-highlight">{passage.text.slice(at, end)}</mark>
      {passage.text.slice(end)}
    </>
  );
}
