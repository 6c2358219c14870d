import { useEffect, useState } from 'react';
import { formatSize } from '../formatSize.js';
import { useSettingsStore } from '../stores/settingsStore.js';
import { Notices } from './Notices.js';
import { OcrLanguagesSection } from './OcrLanguagesSection.js';

const MB = 1024 * 1024;

export function SettingsView() {
  const kv = useSettingsStore((s) => s.kv);
  const info = useSettingsStore((s) => s.info);
  const error = useSettingsStore((s) => s.error);
  const notice = useSettingsStore((s) => s.notice);
  const { refresh, setBudget, clearKv } = useSettingsStore.getState();
  const [budget, setBudgetText] = useState('');

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    if (kv) setBudgetText(String(Math.round(kv.budgetBytes / MB)));
  }, [kv]);

  return (
    <div className="page settings">
      <h1>Settings</h1>
      <Notices error={error} notice={notice} />
      <section className="card" aria-labelledby="library-folder-heading">
        <h2 id="library-folder-heading">Library folder</h2>
        {info ? (
          <dl className="facts">
            <dt>Library</dt>
            <dd>
              <code>{info.libraryDir}</code>
            </dd>
            <dt>Models</dt>
            <dd>
              <code>{info.modelsDir}</code>
            </dd>
            <dt>Version</dt>
            <dd>{info.version}</dd>
          </dl>
        ) : (
          <p className="muted">Loading…</p>
        )}
        <LibraryFolderForm />
        <p className="muted">
          <strong>Open now</strong> closes this library and opens the other one (created if it is empty); imports and answers under way stop. Either way, Lectern opens it from its
          next start too (<code>--library DIR</code> or <code>LECTERN_LIBRARY</code> still win).
        </p>
      </section>
      <section className="card" aria-labelledby="kv-heading">
        <h2 id="kv-heading">Saved reading states</h2>
        <p className="muted">Lectern keeps what a model has read of each document, so a follow-up question does not re-read it. The oldest are deleted past the budget.</p>
        {kv && (
          <p>
            {kv.files} saved {kv.files === 1 ? 'state' : 'states'}, {formatSize(kv.bytes)} of {formatSize(kv.budgetBytes)}.
          </p>
        )}
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const mb = Number(budget);
            if (Number.isFinite(mb) && mb >= 0) void setBudget(mb * MB);
          }}
        >
          <label>
            Disk budget (MB) <input type="number" min={0} step={256} aria-label="Disk budget in megabytes" value={budget} onChange={(e) => setBudgetText(e.target.value)} />
          </label>
          <button type="submit">Save budget</button>
          <button type="button" className="danger" onClick={() => void clearKv()} disabled={!kv || kv.files === 0}>
            Clear saved states
          </button>
        </form>
      </section>
      <section className="card" aria-labelledby="threads-heading">
        <h2 id="threads-heading">Threads</h2>
        <p>The model uses {info ? `${info.threads} CPU ${info.threads === 1 ? 'thread' : 'threads'}` : 'every CPU core'}. A change applies when a model is next loaded.</p>
        <ThreadsForm current={info?.threads ?? null} />
      </section>
      <OcrLanguagesSection />
    </div>
  );
}

function ThreadsForm({ current }: { current: number | null }) {
  const [value, setValue] = useState('');
  const setThreads = useSettingsStore((s) => s.setThreads);
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        const n = Number(value);
        if (Number.isInteger(n) && n >= 1) void setThreads(n);
      }}
    >
      <label>
        Threads{' '}
        <input
          type="number"
          min={1}
          max={256}
          inputMode="numeric"
          aria-label="Threads"
          placeholder={current === null ? '' : String(current)}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      </label>
      <button type="submit" disabled={!value}>
        Save threads
      </button>
      <button type="button" onClick={() => void setThreads(null)}>
        Use every core
      </button>
    </form>
  );
}

function LibraryFolderForm() {
  const [value, setValue] = useState('');
  const setLibraryDir = useSettingsStore((s) => s.setLibraryDir);
  const openLibrary = useSettingsStore((s) => s.openLibrary);
  const opening = useSettingsStore((s) => s.opening);
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim()) void setLibraryDir(value.trim());
      }}
    >
      <label>
        New library folder <input type="text" aria-label="New library folder" placeholder="/full/path/to/folder" value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button type="button" disabled={!value.trim() || opening} onClick={() => void openLibrary(value.trim())} title="Imports and answers under way in this library stop.">
        {opening ? 'Opening…' : 'Open now'}
      </button>
      <button type="submit" disabled={!value.trim() || opening}>
        Use from next start
      </button>
      <button type="button" onClick={() => void setLibraryDir(null)}>
        Default folder
      </button>
      <ConfirmFolder />
    </form>
  );
}

/** Web mode opens only the folders it was started with, unless the person confirms another here. */
function ConfirmFolder() {
  const confirm = useSettingsStore((s) => s.confirmFolder);
  const setLibraryDir = useSettingsStore((s) => s.setLibraryDir);
  const openLibrary = useSettingsStore((s) => s.openLibrary);
  const cancel = useSettingsStore((s) => s.cancelConfirm);
  if (!confirm) return null;
  return (
    <div role="alertdialog" aria-labelledby="confirm-folder-text" className="confirm-folder">
      <p id="confirm-folder-text">{confirm.message}</p>
      <button type="button" autoFocus onClick={() => void (confirm.action === 'open' ? openLibrary(confirm.libraryDir, true) : setLibraryDir(confirm.libraryDir, true))}>
        {confirm.action === 'open' ? 'Allow and open' : 'Allow and use from next start'}
      </button>
      <button type="button" onClick={cancel}>
        Cancel
      </button>
    </div>
  );
}
