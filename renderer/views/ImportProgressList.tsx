import { useLibraryStore, type ImportItem } from '../stores/libraryStore.js';
import { StatusBadge } from './StatusBadge.js';

export function ImportProgressList() {
  const imports = useLibraryStore((s) => s.imports);
  const dismiss = useLibraryStore((s) => s.dismissImports);
  const cancel = useLibraryStore((s) => s.cancelImport);
  if (imports.length === 0) return null;
  const allDone = imports.every((i) => i.stage === 'finished');
  const underWay = imports.filter((i) => i.stage !== 'finished').length;
  return (
    <section className="imports" aria-label="Imports">
      {underWay > 1 && (
        <button type="button" onClick={() => cancel()}>
          Stop all imports
        </button>
      )}
      <ul>
        {imports.map((item) => (
          <ImportRow key={item.key} item={item} />
        ))}
      </ul>
      {allDone && (
        <button type="button" onClick={dismiss}>
          Clear finished imports
        </button>
      )}
    </section>
  );
}

const STAGE_TEXT: Record<string, string> = {
  uploading: 'Uploading…',
  queued: 'Waiting…',
  reading: 'Reading',
  extracting: 'Reading pages',
  structuring: 'Finding sections',
  storing: 'Saving',
  done: 'Saving',
};

function ImportRow({ item }: { item: ImportItem }) {
  const finished = item.stage === 'finished';
  const status = item.cancelled ? 'cancelled' : item.error ? 'failed' : item.outcome?.status;
  const cancel = useLibraryStore((s) => s.cancelImport);
  return (
    <li className="import">
      <span className="import-name">{item.name}</span>
      {!finished && (
        <>
          <progress aria-label={`Importing ${item.name}`} max={item.pagesTotal || 1} value={item.pagesTotal ? item.pagesDone : undefined} />
          <span className="muted">
            {STAGE_TEXT[item.stage] ?? item.stage}
            {item.pagesTotal > 0 && ` · page ${item.pagesDone} of ${item.pagesTotal}`}
          </span>
          <button type="button" aria-label={`Stop importing ${item.name}`} onClick={() => cancel(item.key)}>
            Stop
          </button>
        </>
      )}
      {finished && status && <StatusBadge status={status} />}
      {finished && item.outcome && item.outcome.status === 'ingested' && (
        <span className="muted">
          {item.outcome.pages} pages, {item.outcome.passages} passages
        </span>
      )}
      {finished && status !== 'cancelled' && (item.error || item.outcome?.error) && (
        <span role="alert" className="error">
          {item.error ?? item.outcome?.error?.message}
        </span>
      )}
      {finished && item.outcome?.status === 'needs-ocr' && <span className="muted">Stored, but it has no text layer to read (a scan?).</span>}
    </li>
  );
}
