/** The reader's left column: the document's sections, its defined terms or the reader's notes, as tabs (arrow keys move between them). */
import { useRef, type KeyboardEvent } from 'react';
import { useUiStore, type ReaderSide } from '../stores/uiStore.js';
import { DefinedTermsPanel } from './DefinedTermsPanel.js';
import { NotesPanel } from './NotesPanel.js';
import { SectionsSidebar } from './SectionsSidebar.js';

const TABS: Array<{ side: ReaderSide; label: string }> = [
  { side: 'sections', label: 'Sections' },
  { side: 'terms', label: 'Defined terms' },
  { side: 'notes', label: 'Notes' },
];

export function ReaderSidebar() {
  const side = useUiStore((s) => s.readerSide);
  const showSide = useUiStore((s) => s.showReaderSide);
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);

  const onKeyDown = (e: KeyboardEvent) => {
    const at = TABS.findIndex((t) => t.side === side);
    const next =
      e.key === 'ArrowRight' || e.key === 'ArrowDown'
        ? at + 1
        : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
          ? at - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? TABS.length - 1
              : null;
    if (next === null) return;
    e.preventDefault();
    const i = (next + TABS.length) % TABS.length;
    showSide(TABS[i]!.side);
    tabs.current[i]?.focus();
  };

  return (
    <div className="reader-side">
      <div role="tablist" aria-label="Sidebar" className="side-tabs" onKeyDown={onKeyDown}>
        {TABS.map((t, i) => (
          <button
            key={t.side}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`side-tab-${t.side}`}
            aria-selected={side === t.side}
            aria-controls={`side-panel-${t.side}`}
            tabIndex={side === t.side ? 0 : -1}
            className="side-tab"
            onClick={() => showSide(t.side)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`side-panel-${side}`} aria-labelledby={`side-tab-${side}`} className="side-panel">
        {side === 'sections' ? <SectionsSidebar /> : side === 'terms' ? <DefinedTermsPanel /> : <NotesPanel />}
      </div>
    </div>
  );
}
