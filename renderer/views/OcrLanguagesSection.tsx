import { useEffect, useRef } from 'react';
import { formatSize } from '../formatSize.js';
import { useOcrLanguagesStore } from '../stores/ocrLanguagesStore.js';
import { Notices } from './Notices.js';

/** Settings › OCR languages: what OCR can read, where each language came from, adding a .traineddata file and removing an added one. */
export function OcrLanguagesSection() {
  const installed = useOcrLanguagesStore((s) => s.installed);
  const busy = useOcrLanguagesStore((s) => s.busy);
  const error = useOcrLanguagesStore((s) => s.error);
  const notice = useOcrLanguagesStore((s) => s.notice);
  const { refresh, add, remove } = useOcrLanguagesStore.getState();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <section className="card" aria-labelledby="ocr-languages-heading">
      <h2 id="ocr-languages-heading">OCR languages</h2>
      <p className="muted">
        Scans are read in these languages. English ships with Lectern; add another from a tesseract <code>.traineddata</code> file named after its code, like{' '}
        <code>fra.traineddata</code> (on Debian, the <code>tesseract-ocr-fra</code> package installs it under <code>/usr/share/tesseract-ocr</code>).
      </p>
      <Notices error={error} notice={notice} />
      {installed ? (
        <ul className="ocr-languages" aria-label="OCR languages">
          {installed.map((l) => (
            <li key={l.code}>
              <code>{l.code}</code>{' '}
              <span className="muted">
                {l.source === 'shipped' ? 'ships with Lectern' : 'added'}, {formatSize(l.bytes)}
              </span>{' '}
              {l.source === 'added' && (
                <button type="button" className="danger" aria-label={`Remove ${l.code}`} disabled={busy !== null} onClick={() => void remove(l.code)}>
                  {busy === l.code ? 'Removing…' : 'Remove'}
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Loading…</p>
      )}
      <label>
        Add a language{' '}
        <input
          ref={input}
          type="file"
          accept=".traineddata,.gz"
          aria-label="Add an OCR language file"
          disabled={busy !== null}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void add(file).then(() => input.current && (input.current.value = ''));
          }}
        />
      </label>
      {busy !== null && !installed?.some((l) => l.code === busy) && <p className="muted">Adding {busy}…</p>}
    </section>
  );
}
