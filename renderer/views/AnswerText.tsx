/**
 * An answer with its `[Pn]` markers as citation buttons: hovering shows the quote, clicking
 * opens the cited page with the sentence highlighted. A claim its citation does not support
 * is marked as such, never shown as if it were cited.
 */
import { useId, useState, type ReactNode } from 'react';
import type { Citation } from '../../native/api/types.js';
import { useReaderStore } from '../stores/readerStore.js';

const MARKER = /\[(P\d+)\]/g;

export function AnswerText({ text, citations }: { text: string; citations: Citation[] }) {
  const showCitation = useReaderStore((s) => s.showCitation);
  const seen = new Map<string, number>();
  const nodes: ReactNode[] = [];
  let at = 0;
  for (const match of text.matchAll(MARKER)) {
    const marker = match[1]!;
    const index = seen.get(marker) ?? 0;
    seen.set(marker, index + 1);
    const matching = citations.filter((c) => c.marker === marker);
    const citation = matching[Math.min(index, matching.length - 1)];
    const claim = text.slice(at, match.index);
    const unsupported = citation !== undefined && !citation.supported;
    nodes.push(
      unsupported ? (
        <span key={`c${at}`} className="claim-unsupported">
          {claim}
        </span>
      ) : (
        claim
      ),
    );
    nodes.push(<CitationMarker key={`m${match.index}`} marker={marker} citation={citation} onOpen={(c) => void showCitation(c)} />);
    at = match.index + match[0].length;
  }
  nodes.push(text.slice(at));
  return <div className="answer-text">{nodes}</div>;
}

function CitationMarker({ marker, citation, onOpen }: { marker: string; citation: Citation | undefined; onOpen: (c: Citation) => void }) {
  const tipId = useId();
  const [tip, setTip] = useState<{ left: number; top: number; above: boolean } | null>(null);
  if (!citation) {
    return <span className="citation citation-pending">[{marker}]</span>;
  }
  // Fixed to the window, so the scrolling answer list cannot clip it.
  const showTip = (el: HTMLElement) => {
    const r = el.getBoundingClientRect();
    const above = r.bottom + 160 > window.innerHeight;
    setTip({ left: Math.max(8, Math.min(r.left, window.innerWidth - 328)), top: above ? r.top - 6 : r.bottom + 6, above });
  };
  const unsupported = !citation.supported;
  const where = citation.page !== null ? `page ${citation.page}` : 'not in the documents asked about';
  const tipText = unsupported ? `Not supported by the cited passage${citation.quote ? `: “${citation.quote}”` : ''}` : `“${citation.quote}”`;
  return (
    <span className="citation-wrap">
      <button
        type="button"
        className={unsupported ? 'citation citation-unsupported' : 'citation'}
        aria-label={`Citation ${marker}, ${where}${unsupported ? ', not supported by the cited passage' : ''}`}
        aria-describedby={tip ? tipId : undefined}
        disabled={citation.page === null}
        onClick={() => onOpen(citation)}
        onMouseEnter={(e) => showTip(e.currentTarget)}
        onFocus={(e) => showTip(e.currentTarget)}
        onMouseLeave={() => setTip(null)}
        onBlur={() => setTip(null)}
      >
        {unsupported ? '⚠ ' : ''}
        {marker}
      </button>
      {tip && (
        <span role="tooltip" id={tipId} className={tip.above ? 'citation-tip above' : 'citation-tip'} style={{ left: tip.left, top: tip.top }}>
          {tipText}
          {citation.page !== null && <span className="muted"> — page {citation.page}</span>}
        </span>
      )}
      {unsupported && <span className="unsupported-note">not supported by the cited passage</span>}
    </span>
  );
}
