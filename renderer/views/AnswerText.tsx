/**
 * An answer with its citations as chips naming the document and page: hovering shows the quote,
 * clicking opens the cited page with the sentence highlighted. A claim its citation does not
 * support is marked as such, never shown as if it were cited. Quotes from several documents are
 * grouped under each document's title; an extractive answer is shown from its citations (the
 * quote that answers first, then the related passages), not from the engine's plain text.
 */
import { useId, useState, type ReactNode } from 'react';
import type { AnswerMode, Citation } from '../../native/api/types.js';
import { useLibraryStore } from '../stores/libraryStore.js';
import { useReaderStore } from '../stores/readerStore.js';
import { citationLabel, groupByDocument } from './citationLabel.js';

const MARKER = /\[(P\d+)\]/g;
const HAS_MARKER = /\[P\d+\]/;

type TitleOf = (documentId: string) => string | undefined;

export function AnswerText({ text, citations, mode }: { text: string; citations: Citation[]; mode?: AnswerMode | null }) {
  const documents = useLibraryStore((s) => s.documents);
  const titleOf: TitleOf = (id) => documents.find((d) => d.id === id)?.title;
  if (mode === 'extractive' && citations.length > 0) return <ExtractiveQuotes text={text} citations={citations} titleOf={titleOf} />;
  const showCitation = useReaderStore.getState().showCitation;
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
    nodes.push(<CitationMarker key={`m${match.index}`} marker={marker} citation={citation} titleOf={titleOf} onOpen={(c) => void showCitation(c)} />);
    at = match.index + match[0].length;
  }
  nodes.push(text.slice(at));
  const groups = groupByDocument(citations.filter((c) => c.documentId !== null && c.supported));
  return (
    <>
      <div className="answer-text">{nodes}</div>
      {groups.length > 1 && (
        <div className="answer-sources" aria-label="Sources by document">
          {groups.map((g) => (
            <section key={g.documentId} className="answer-group" aria-label={`From ${titleOf(g.documentId!) ?? 'a removed document'}`}>
              <h4>{titleOf(g.documentId!) ?? 'Removed document'}</h4>
              {g.citations.map((c, i) => (
                <blockquote key={`${c.marker}-${i}`} className="quote">
                  “{c.quote}” <CitationMarker marker={c.marker} citation={c} titleOf={titleOf} onOpen={(x) => void showCitation(x)} />
                </blockquote>
              ))}
            </section>
          ))}
        </div>
      )}
    </>
  );
}

/** The lines of an extractive answer that are notes (no quote in them), e.g. which words no passage holds. */
function notesOf(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !HAS_MARKER.test(l) && !l.endsWith(':'));
}

function ExtractiveQuotes({ text, citations, titleOf }: { text: string; citations: Citation[]; titleOf: TitleOf }) {
  const showCitation = useReaderStore.getState().showCitation;
  // Stored conversations keep no roles: the engine quotes the answer first, related passages after it.
  const withRoles = citations.map((c, i) => ({ ...c, role: c.role ?? (i === 0 ? 'answer' : 'related') }));
  const quote = (c: Citation, i: number) => (
    <blockquote key={`${c.marker}-${i}`} className={c.role === 'related' ? 'quote quote-related' : 'quote quote-answer'}>
      {c.role === 'related' && <span className="quote-role">Related passage: </span>}“{c.quote}”{' '}
      <CitationMarker marker={c.marker} citation={c} titleOf={titleOf} onOpen={(x) => void showCitation(x)} />
    </blockquote>
  );
  const groups = groupByDocument(withRoles);
  return (
    <div className="answer-text answer-extractive">
      {groups.length > 1
        ? groups.map((g) => (
            <section key={g.documentId ?? 'none'} className="answer-group" aria-label={`From ${g.documentId ? (titleOf(g.documentId) ?? 'a removed document') : 'no document'}`}>
              <h4>{g.documentId ? (titleOf(g.documentId) ?? 'Removed document') : 'Not in the documents asked about'}</h4>
              {g.citations.map(quote)}
            </section>
          ))
        : withRoles.map(quote)}
      {notesOf(text).map((n) => (
        <p key={n} className="muted answer-note">
          {n}
        </p>
      ))}
    </div>
  );
}

function CitationMarker({ marker, citation, titleOf, onOpen }: { marker: string; citation: Citation | undefined; titleOf: TitleOf; onOpen: (c: Citation) => void }) {
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
  const title = citation.documentId ? (titleOf(citation.documentId) ?? 'a removed document') : null;
  const where = citation.page !== null && title ? `${title}, page ${citation.page}` : 'not in the documents asked about';
  const tipText = unsupported ? `Not supported by the cited passage${citation.quote ? `: “${citation.quote}”` : ''}` : `“${citation.quote}”`;
  return (
    <span className="citation-wrap">
      <button
        type="button"
        className={unsupported ? 'citation citation-unsupported' : 'citation'}
        // The name holds the chip's own text (short title · p. 3) as well as the full title: a voice user says what they see.
        aria-label={`Citation ${marker}, ${citationLabel(citation, titleOf)}, ${where}${unsupported ? ', not supported by the cited passage' : ''}`}
        aria-describedby={tip ? tipId : undefined}
        disabled={citation.page === null}
        onClick={() => onOpen(citation)}
        onMouseEnter={(e) => showTip(e.currentTarget)}
        onFocus={(e) => showTip(e.currentTarget)}
        onMouseLeave={() => setTip(null)}
        onBlur={() => setTip(null)}
      >
        {unsupported ? '⚠ ' : ''}
        {citationLabel(citation, titleOf)}
      </button>
      {tip && (
        <span role="tooltip" id={tipId} className={tip.above ? 'citation-tip above' : 'citation-tip'} style={{ left: tip.left, top: tip.top }}>
          {tipText}
          {citation.page !== null && title && (
            <span className="muted">
              {' '}
              — {title}, page {citation.page}
            </span>
          )}
        </span>
      )}
      {unsupported && <span className="unsupported-note">not supported by the cited passage</span>}
    </span>
  );
}
