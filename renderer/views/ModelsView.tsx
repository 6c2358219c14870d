import { useEffect, useState } from 'react';
import type { ContextScale, MemoryEstimate } from '../../native/api/types.js';
import { formatSize } from '../formatSize.js';
import { useModelsStore, type Download } from '../stores/modelsStore.js';
import { NeedleHeatmap } from './NeedleHeatmap.js';
import { Notices } from './Notices.js';

const SCALES: ContextScale[] = [1, 2, 4, 8];

export function ModelsView() {
  const models = useModelsStore((s) => s.models);
  const loaded = useModelsStore((s) => s.loaded);
  const catalog = useModelsStore((s) => s.catalog);
  const downloads = useModelsStore((s) => s.downloads);
  const scale = useModelsStore((s) => s.contextScale);
  const estimates = useModelsStore((s) => s.estimates);
  const busy = useModelsStore((s) => s.busy);
  const error = useModelsStore((s) => s.error);
  const notice = useModelsStore((s) => s.notice);
  const { refresh, addPath, download, cancelDownload, setContextScale, load, unload, remove } = useModelsStore.getState();
  const [path, setPath] = useState('');

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <div className="page models">
      <h1>Models</h1>
      <p className="muted">
        Lectern answers with a language model that runs on this computer, or on an inference server you add. Without one, answers quote the best-matching sentences of your
        documents.
      </p>
      <Notices error={error} notice={notice} />

      <section aria-labelledby="loaded-heading" className="card">
        <h2 id="loaded-heading">Loaded model</h2>
        {loaded ? (
          <dl className="facts">
            <dt>Model</dt>
            <dd>{loaded.model.name}</dd>
            <dt>Runs</dt>
            <dd>{loaded.where ?? 'on this computer'}</dd>
            <dt>Context</dt>
            <dd>
              {loaded.contextSize.toLocaleString()} tokens ({loaded.scale}× the trained {loaded.trainContextSize.toLocaleString()})
            </dd>
            <dt>RoPE scaling</dt>
            <dd>
              {loaded.ropeScaling.type === 'none'
                ? 'none'
                : `${loaded.ropeScaling.type}, factor ${loaded.ropeScaling.factor}, from ${loaded.ropeScaling.originalContextSize.toLocaleString()} tokens`}
            </dd>
            <dt>Chat format</dt>
            <dd>{loaded.chatWrapper}</dd>
          </dl>
        ) : (
          <p>No model is loaded.</p>
        )}
        {loaded && (
          <button type="button" onClick={() => void unload()} disabled={busy !== null}>
            {busy === 'unload' ? 'Unloading…' : 'Unload'}
          </button>
        )}
      </section>

      {loaded && <NeedleHeatmap modelName={loaded.model.name} loadedScale={loaded.model.backend === 'server' ? null : loaded.scale} />}

      <section aria-labelledby="registered-heading" className="card">
        <h2 id="registered-heading">Your models</h2>
        <fieldset className="scales">
          <legend>Context length when loading</legend>
          {SCALES.map((s) => (
            <label key={s}>
              <input type="radio" name="context-scale" checked={scale === s} onChange={() => setContextScale(s)} /> {s}×{s > 1 ? ' (YaRN)' : ' (trained)'}
            </label>
          ))}
        </fieldset>
        {models.length === 0 ? (
          <p className="muted">No model yet: add a GGUF file you have, or download one from the list below.</p>
        ) : (
          <ul className="model-list" aria-label="Registered models">
            {models.map((m) => {
              const e = estimates[m.id];
              const estimate = e && e.scale === scale ? e.estimate : null;
              const tooLarge = estimate !== null && !estimate.fits && loaded?.model.id !== m.id;
              const noteId = `estimate-${m.id}`;
              return (
                <li key={m.id}>
                  <div>
                    <strong>{m.name}</strong>
                    <span className="muted">
                      {' '}
                      {m.server
                        ? `· inference server · ${m.server.baseUrl}${m.server.model ? ` · ${m.server.model}` : ''}${m.server.hasKey ? ' · API key stored' : ''}`
                        : `· ${m.architecture} · ${formatSize(m.fileBytes)} · trained context ${m.trainContextSize.toLocaleString()} · ${m.kind}`}
                    </span>
                    {m.kind === 'chat' && e && e.scale === scale && (
                      <div id={noteId} className={tooLarge ? 'error' : 'muted'}>
                        {estimate ? <EstimateText estimate={estimate} /> : `Memory estimate unavailable: ${e.error}`}
                      </div>
                    )}
                  </div>
                  {loaded?.model.id === m.id ? (
                    <span className="badge badge-ingested">Loaded</span>
                  ) : (
                    <button
                      type="button"
                      aria-label={`Load ${m.name}`}
                      aria-describedby={m.kind === 'chat' && e && e.scale === scale ? noteId : undefined}
                      title={tooLarge ? `Not enough free memory for a ${estimate!.contextSize.toLocaleString()}-token context: choose a smaller context scale.` : undefined}
                      onClick={() => void load(m.id)}
                      disabled={busy !== null || m.kind !== 'chat' || tooLarge}
                    >
                      {busy === m.id ? (m.server ? 'Connecting…' : 'Loading…') : m.server ? 'Use this server' : tooLarge ? `Too large at ${scale}×` : `Load at ${scale}×`}
                    </button>
                  )}
                  <button type="button" aria-label={`Remove ${m.name}`} onClick={() => void remove(m.id)} disabled={busy !== null || loaded?.model.id === m.id}>
                    Remove
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <form
          className="add-model"
          onSubmit={(e) => {
            e.preventDefault();
            if (path.trim()) void addPath(path).then(() => setPath(''));
          }}
        >
          <label>
            Add model file… <span className="muted">(the path of a .gguf file on this computer)</span>
            <input type="text" aria-label="Model file path" placeholder="/home/me/models/model.gguf" value={path} onChange={(e) => setPath(e.target.value)} />
          </label>
          <button type="submit" disabled={!path.trim()}>
            Add model
          </button>
        </form>
      </section>

      <AddServerForm />

      <section aria-labelledby="catalog-heading" className="card">
        <h2 id="catalog-heading">Recommended models</h2>
        <p className="muted">Downloading is the only thing Lectern does over the network.</p>
        <ul className="model-list" aria-label="Catalog">
          {catalog.map((c) => {
            const d = downloads.find((x) => x.uri === c.uri);
            const have = models.some((m) => m.sourceUri === c.uri);
            return (
              <li key={c.id}>
                <div>
                  <strong>{c.name}</strong>
                  <span className="muted">
                    {' '}
                    · {c.parameters} · {formatSize(c.sizeBytes)} · context {c.trainContextSize.toLocaleString()} · {c.license}
                  </span>
                  <div className="muted">{c.description}</div>
                  {d && <DownloadProgressView download={d} />}
                </div>
                {have ? (
                  <span className="badge badge-ingested">Downloaded</span>
                ) : d && !d.error ? (
                  <button type="button" aria-label={`Stop downloading ${c.name}`} onClick={() => void cancelDownload(d.requestId)}>
                    Stop
                  </button>
                ) : (
                  <button type="button" aria-label={`Download ${c.name}`} onClick={() => void download(c.uri)}>
                    Download
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}

/**
 * "Add a server": an OpenAI-compatible inference server (llama-server, vLLM, Ollama, LM Studio).
 * A plain-http address of another machine asks for a confirmation first: documents would cross the
 * network unencrypted. The key goes to the engine's secret store and is never shown again.
 */
function AddServerForm() {
  const { addServer } = useModelsStore.getState();
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [model, setModel] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [needsConfirm, setNeedsConfirm] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const submit = async () => {
    const outcome = await addServer({ name, baseUrl, model, apiKey, confirmedInsecure: confirmed });
    if (outcome === 'confirm') setNeedsConfirm(true);
    if (outcome === true) {
      setName('');
      setBaseUrl('');
      setModel('');
      setApiKey('');
      setNeedsConfirm(false);
      setConfirmed(false);
    }
  };
  return (
    <section aria-labelledby="server-heading" className="card">
      <h2 id="server-heading">Add a server</h2>
      <p className="muted">
        Answers can come from a bigger model on a workstation or a team server. The text of the documents you ask about is sent to that server, and to no other.
      </p>
      <form
        className="add-server"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() && baseUrl.trim()) void submit();
        }}
      >
        <label>
          Name
          <input type="text" aria-label="Server name" placeholder="gpu-box" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Address
          <input
            type="url"
            aria-label="Server address"
            placeholder="http://gpu-box.local:8080"
            value={baseUrl}
            onChange={(e) => {
              setBaseUrl(e.target.value);
              setNeedsConfirm(false);
              setConfirmed(false);
            }}
          />
        </label>
        <label>
          Model <span className="muted">(optional: the server's own when empty)</span>
          <input type="text" aria-label="Model name on the server" value={model} onChange={(e) => setModel(e.target.value)} />
        </label>
        <label>
          API key <span className="muted">(optional; kept on this computer for you alone, never shown again)</span>
          <input type="password" aria-label="API key" autoComplete="off" value={apiKey} onChange={(e) => setApiKey(e.target.value)} />
        </label>
        {needsConfirm && (
          <label className="confirm-insecure">
            <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> Send my documents to this address over plain http anyway (only on a
            network I trust)
          </label>
        )}
        <button type="submit" disabled={!name.trim() || !baseUrl.trim() || (needsConfirm && !confirmed)}>
          Add server
        </button>
      </form>
    </section>
  );
}

/** "About 1.2 GiB needed at 8,192 tokens; 5.3 GiB free", with a warning when it will not fit. */
function EstimateText({ estimate }: { estimate: MemoryEstimate }) {
  const text = `About ${gib(estimate.totalBytes)} needed at ${estimate.contextSize.toLocaleString('en-US')} tokens; ${gib(estimate.availableBytes)} free`;
  if (estimate.fits) return <span>{text}</span>;
  return <span role="alert">{text}. This will not fit in memory: choose a smaller context scale.</span>;
}

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 2 : 1)} GiB`;
}

function DownloadProgressView({ download }: { download: Download }) {
  const p = download.progress;
  if (download.error)
    return (
      <p className="error" role="alert">
        {download.error}
      </p>
    );
  return (
    <div className="download">
      <progress aria-label={`Downloading ${download.uri}`} max={p?.totalBytes ?? 1} value={p && p.totalBytes ? p.receivedBytes : undefined} />
      <span className="muted">
        {p ? `${formatSize(p.receivedBytes)}${p.totalBytes ? ` of ${formatSize(p.totalBytes)}` : ''} · ${formatSize(p.bytesPerSecond)}/s` : 'Starting…'}
      </span>
    </div>
  );
}
