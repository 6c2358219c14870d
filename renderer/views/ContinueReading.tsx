/** The first screen's "Continue reading" row: the documents read last, how far along, each a click from its place. */
import { useLibraryStore } from '../stores/libraryStore.js';
import { useReaderStore } from '../stores/readerStore.js';
import { useReadingStore } from '../stores/readingStore.js';

/** How many documents the row shows. */
const SHOWN = 4;

export function ContinueReading() {
  const recent = useReadingStore((s) => s.recent);
  const documents = useLibraryStore((s) => s.documents);
  const open = useReaderStore((s) => s.open);
  const rows = recent
    .filter((p) => p.percent < 100)
    .map((p) => ({ progress: p, doc: documents.find((d) => d.id === p.documentId && d.status === 'ingested') }))
    .filter((r): r is { progress: (typeof recent)[number]; doc: NonNullable<(typeof r)['doc']> } => r.doc !== undefined)
    .slice(0, SHOWN);
  if (rows.length === 0) return null;
  return (
    <section className="continue-reading" aria-labelledby="continue-heading">
      <h2 id="continue-heading">Continue reading</h2>
      <ul>
        {rows.map(({ progress, doc }) => {
          const where = doc.format === 'epub' || doc.format === 'docx' || doc.format === 'html' ? `chapter ${progress.page}` : `page ${progress.page}`;
          return (
            <li key={doc.id}>
              {/* Opened without a page: the reader restores the saved place (page and where on it). */}
              <button type="button" className="continue-card" onClick={() => void open(doc.id)}>
                <span className="continue-title">{doc.title}</span>
                <span className="muted continue-meta">
                  {where} · {Math.round(progress.percent)}% read{progress.spoilerFree ? ' · spoiler-free' : ''}
                </span>
                <span className="percent-bar" aria-hidden="true">
                  <span style={{ width: `${Math.round(progress.percent)}%` }} />
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
