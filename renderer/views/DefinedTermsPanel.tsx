/**
 * The terms the open document defines: each with its definition and the pages that use it, as
 * links that move the reader there. Filterable by term, alias or definition.
 */
import { useEffect, useState } from 'react';
import type { DefinedTerm } from '../../native/api/types.js';
import { useReaderStore } from '../stores/readerStore.js';
import { filterTerms, useTermsStore } from '../stores/termsStore.js';

/** Pages listed before "all pages": a term used throughout would otherwise fill the sidebar. */
const PAGES_SHOWN = 12;

export function DefinedTermsPanel() {
  const documentId = useReaderStore((s) => s.documentId);
  const terms = useTermsStore((s) => s.terms);
  const error = useTermsStore((s) => s.error);
  const filter = useTermsStore((s) => s.filter);
  const { load, setFilter } = useTermsStore.getState();

  useEffect(() => {
    if (documentId) void load(documentId);
  }, [documentId, load]);

  const shown = terms ? filterTerms(terms, filter) : [];
  return (
    <section className="terms" aria-label="Defined terms">
      <h2>Defined terms</h2>
      {terms && terms.length > 0 && (
        <input type="search" className="terms-filter" aria-label="Filter defined terms" placeholder="Filter terms" value={filter} onChange={(e) => setFilter(e.target.value)} />
      )}
      {terms === null && <p className="muted">Reading the terms…</p>}
      {error && <p className="muted">{error}</p>}
      {terms && terms.length === 0 && !error && <p className="muted">This document defines no terms.</p>}
      {terms && terms.length > 0 && shown.length === 0 && <p className="muted">No term matches “{filter}”.</p>}
      {shown.length > 0 && (
        <ul className="term-list" aria-label="Terms">
          {shown.map((t) => (
            <TermEntry key={t.entityId} term={t} />
          ))}
        </ul>
      )}
    </section>
  );
}

function TermEntry({ term }: { term: DefinedTerm }) {
  const goToPage = useReaderStore((s) => s.goToPage);
  const current = useReaderStore((s) => s.page);
  const [allPages, setAllPages] = useState(false);
  const pages = [...new Set(term.uses.map((u) => u.page))].sort((a, b) => a - b);
  const listed = allPages ? pages : pages.slice(0, PAGES_SHOWN);
  return (
    <li className="term">
      <article aria-label={term.term}>
        <h3 className="term-name">{term.term}</h3>
        {term.aliases.length > 0 && <p className="muted term-aliases">Also: {term.aliases.join(', ')}</p>}
        {term.definition ? <p className="term-definition">{term.definition}</p> : <p className="muted term-definition">No definition found; only its uses.</p>}
        {term.definedAt && (
          <p className="term-pages">
            Defined on{' '}
            <button type="button" className="link" aria-label={`${term.term}: defined on page ${term.definedAt.page}`} onClick={() => goToPage(term.definedAt!.page)}>
              page {term.definedAt.page}
            </button>
          </p>
        )}
        {pages.length > 0 && (
          <p className="term-pages">
            Used on {pages.length === 1 ? 'page' : 'pages'}{' '}
            {listed.map((p) => (
              <button
                key={p}
                type="button"
                className="page-link"
                aria-label={`${term.term}: used on page ${p}`}
                aria-current={p === current ? 'page' : undefined}
                onClick={() => goToPage(p)}
              >
                {p}
              </button>
            ))}
            {pages.length > listed.length && (
              <button type="button" className="link" onClick={() => setAllPages(true)}>
                all {pages.length} pages
              </button>
            )}
          </p>
        )}
        <p className="muted term-mentions">
          {term.mentions} {term.mentions === 1 ? 'mention' : 'mentions'}
        </p>
      </article>
    </li>
  );
}
