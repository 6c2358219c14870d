import type { RereadSkip } from '../../native/api/types.js';
import { useRereadStore } from '../stores/rereadStore.js';

const REASON: Record<RereadSkip['reason'], string> = {
  'source-missing': 'source file missing',
  'source-changed': 'source file changed since it was imported',
  failed: 'could not be read',
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * A thin bar under the top bar while the engine re-reads documents an older Lectern imported:
 * "Improving the text of 12 documents — 3 of 12", a progress bar and Stop; then a summary to
 * dismiss, listing each document left as it was and why, so the person can import it again.
 * The sentence sits in one polite live region that stays mounted, so both are announced.
 */
export function RereadStatusBar() {
  const running = useRereadStore((s) => s.running);
  const done = useRereadStore((s) => s.done);
  const total = useRereadStore((s) => s.total);
  const result = useRereadStore((s) => s.result);
  const stopping = useRereadStore((s) => s.stopping);
  const error = useRereadStore((s) => s.error);
  const known = useRereadStore((s) => s.known);
  const { stop, dismiss } = useRereadStore.getState();
  const visible = (running && total > 0) || result !== null || error !== null;

  let sentence = '';
  if (running && total > 0) {
    sentence = `Improving the text of ${plural(total, 'document', 'documents')} — ${done} of ${total}${stopping ? ' · stopping after the one under way…' : ''}`;
  } else if (result) {
    const parts = [result.documents > 0 ? `Improved the text of ${plural(result.documents, 'document', 'documents')}.` : 'No document was read again.'];
    if (result.skipped.length > 0)
      parts.push(`${plural(result.skipped.length, 'document was', 'documents were')} left as ${result.skipped.length === 1 ? 'it was' : 'they were'}:`);
    if (result.cancelled) {
      const left = Math.max(0, total - done);
      parts.push(`Stopped${left > 0 ? `: ${plural(left, 'document keeps', 'documents keep')} the earlier text` : ''}; Lectern goes on the next time it opens this library.`);
    }
    sentence = parts.join(' ');
  }

  return (
    // Always mounted, as a landmark only with something in it: a live region must exist before its text changes.
    <div
      className={visible ? 'reread' : 'reread-idle'}
      role={visible ? 'region' : undefined}
      aria-label={visible ? 'Improving document text' : undefined}
      data-status={known ? 'known' : 'asking'}
    >
      <span className="reread-text" aria-live="polite">
        {sentence}
      </span>
      {running && total > 0 && (
        <>
          <div
            className="reread-bar"
            role="progressbar"
            aria-label="Documents read again"
            aria-valuemin={0}
            aria-valuemax={total}
            aria-valuenow={done}
            aria-valuetext={`${done} of ${total}`}
          >
            <div className="reread-bar-fill" style={{ width: `${(100 * done) / total}%` }} />
          </div>
          <button type="button" onClick={() => void stop()} disabled={stopping} aria-label="Stop improving document text">
            Stop
          </button>
        </>
      )}
      {!running && result && result.skipped.length > 0 && (
        <ul className="reread-skipped" aria-label="Documents left as they were">
          {result.skipped.map((s) => (
            <li key={s.id} title={s.message}>
              {REASON[s.reason]}: <strong>{s.title}</strong> <span className="muted">({s.path})</span>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
      {!running && (result || error) && (
        <button type="button" className="reread-dismiss" onClick={dismiss} aria-label="Dismiss the note about improved document text">
          Dismiss
        </button>
      )}
    </div>
  );
}
