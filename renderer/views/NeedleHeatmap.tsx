import { useEffect, useState } from 'react';
import type { NeedleCell, NeedleGrid } from '../../native/api/evalTypes.js';
import type { ContextScale } from '../../native/api/types.js';
import { useEvalStore } from '../stores/evalStore.js';
import { useLibraryStore } from '../stores/libraryStore.js';
import { useReaderStore } from '../stores/readerStore.js';

/**
 * "Check how far this model reads": runs the needle check of the loaded model on a document
 * (the open one by default) and shows recall as a heat-map, a row per length and a column per
 * depth, filling in cell by cell while it runs. Stop keeps the cells done. A local model may be
 * checked at another context scale (YaRN) than it is loaded with; it is loaded back afterwards.
 */
export interface NeedleHeatmapProps {
  modelName: string;
  /** The scale the local model is loaded at; null for a server, whose context is set where it runs. */
  loadedScale: ContextScale | null;
}

export function NeedleHeatmap({ modelName, loadedScale }: NeedleHeatmapProps) {
  const documents = useLibraryStore((s) => s.documents);
  const openId = useReaderStore((s) => s.documentId);
  const running = useEvalStore((s) => s.running);
  const grid = useEvalStore((s) => s.grid);
  const error = useEvalStore((s) => s.error);
  const { checkNeedles, cancel } = useEvalStore.getState();
  const readable = documents.filter((d) => d.status === 'ingested');
  const [chosen, setChosen] = useState<string>('');
  const [scale, setScale] = useState<ContextScale | null>(null);
  const documentId = chosen || (readable.some((d) => d.id === openId) ? openId! : (readable[0]?.id ?? ''));

  useEffect(() => {
    if (documents.length === 0) void useLibraryStore.getState().refresh();
  }, [documents.length]);

  const cells = running ? running.cells : (grid?.cells ?? []);
  return (
    <section aria-labelledby="needles-heading" className="card needles">
      <h2 id="needles-heading">How far this model reads</h2>
      <p className="muted">
        Made-up facts are hidden at depths of your document cut to several lengths, and {modelName} is asked for each. Where it stops finding them is how far it really reads.
        Nothing is added to your library.
      </p>
      <div className="needles-controls">
        <label>
          Document{' '}
          <select value={documentId} onChange={(e) => setChosen(e.target.value)} disabled={running !== null}>
            {readable.map((d) => (
              <option key={d.id} value={d.id}>
                {d.title}
              </option>
            ))}
          </select>
        </label>
        {loadedScale !== null && (
          <label>
            Context{' '}
            <select value={scale ?? ''} onChange={(e) => setScale(e.target.value ? (Number(e.target.value) as ContextScale) : null)} disabled={running !== null}>
              <option value="">as loaded ({loadedScale}×)</option>
              {([1, 2, 4, 8] as const).map((s) => (
                <option key={s} value={s}>
                  {s}×{s > 1 ? ' (YaRN)' : ' (trained)'}
                </option>
              ))}
            </select>
          </label>
        )}
        {running ? (
          <button type="button" onClick={() => cancel()}>
            Stop
          </button>
        ) : (
          <button type="button" onClick={() => void checkNeedles(documentId, scale ? { contextScale: scale } : {})} disabled={!documentId}>
            Check how far this model reads
          </button>
        )}
      </div>
      {running && (
        <p className="muted" role="status">
          <progress aria-label="Cells checked" max={running.total ?? 1} value={running.total ? running.done : undefined} /> {running.done}
          {running.total ? ` of ${running.total}` : ''} cells checked
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {cells.length > 0 && <HeatmapTable cells={cells} grid={running ? null : grid} />}
      {!running && grid && (
        <p className="muted">
          {grid.complete ? 'Finished' : 'Stopped'}: {grid.cells.length} of {grid.lengths.length * grid.depths.length} cells in {(grid.ms / 1000).toFixed(1)} s at a{' '}
          {grid.contextSize.toLocaleString()}-token context ({grid.contextScale}× the trained {grid.trainContextSize.toLocaleString()}). {grid.notes.join(' ')}
        </p>
      )}
    </section>
  );
}

function HeatmapTable({ cells, grid }: { cells: NeedleCell[]; grid: NeedleGrid | null }) {
  const lengths = grid?.lengths ?? [...new Set(cells.map((c) => c.length))].sort((a, b) => a - b);
  const depths = grid?.depths ?? [...new Set(cells.map((c) => c.depth))].sort((a, b) => a - b);
  const at = (length: number, depth: number) => cells.find((c) => c.length === length && c.depth === depth);
  return (
    <table className="heatmap" aria-label="Facts found by depth and length">
      <thead>
        <tr>
          <th scope="col">Tokens \ depth</th>
          {depths.map((d) => (
            <th key={d} scope="col">
              {d}%
            </th>
          ))}
          <th scope="col">Found</th>
        </tr>
      </thead>
      <tbody>
        {lengths.map((length) => (
          <tr key={length}>
            <th scope="row">{length.toLocaleString()}</th>
            {depths.map((depth) => {
              const c = at(length, depth);
              const label = `${length.toLocaleString()} tokens, fact at ${depth}%: ${c ? (c.found ? 'found' : 'missed') : 'not checked'}`;
              return (
                <td key={depth} className={c ? (c.found ? 'found' : 'missed') : 'pending'} title={c ? `${label}. Answer: ${c.answer || '(none)'}` : label} aria-label={label}>
                  {c ? (c.found ? '✓' : '·') : ''}
                </td>
              );
            })}
            <RecallCell cells={cells.filter((c) => c.length === length)} />
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Found</th>
          {depths.map((d) => (
            <RecallCell key={d} cells={cells.filter((c) => c.depth === d)} />
          ))}
          <RecallCell cells={cells} />
        </tr>
      </tfoot>
    </table>
  );
}

/** A share found, shaded from red (none) to green (all). */
function RecallCell({ cells }: { cells: NeedleCell[] }) {
  if (cells.length === 0) return <td className="pending" />;
  const share = cells.filter((c) => c.found).length / cells.length;
  return (
    <td className="recall" style={{ backgroundColor: `hsl(${Math.round(120 * share)} 55% 45% / 0.35)` }}>
      {Math.round(share * 100)}%
    </td>
  );
}
