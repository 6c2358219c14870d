/** Which screen is showing, which reader panels are open (remembered), and requests to focus a field from a keyboard shortcut. */
import { create } from 'zustand';

export type Screen = 'library' | 'reader' | 'models' | 'settings' | 'profile';
/** What the reader's left column lists. */
export type ReaderSide = 'sections' | 'terms' | 'notes';

/** The reader's collapsible panels; what the person chose is kept across restarts. */
export interface Panels {
  /** The left column (sections, defined terms). */
  side: boolean;
  ask: boolean;
  suggestions: boolean;
}
export type PanelName = keyof Panels;

const PANELS_KEY = 'lectern.panels';
/** Below this width the left column starts closed, so the page keeps its room (until the person opens it). */
export const SIDE_OPEN_FROM_PX = 1200;

/** The panels as last chosen, or the defaults for this window's width. */
export function storedPanels(width = typeof window === 'undefined' ? Infinity : window.innerWidth): Panels {
  const defaults: Panels = { side: width >= SIDE_OPEN_FROM_PX, ask: true, suggestions: true };
  try {
    const saved = JSON.parse(localStorage.getItem(PANELS_KEY) ?? 'null') as Partial<Record<PanelName, unknown>> | null;
    if (!saved || typeof saved !== 'object') return defaults;
    const pick = (name: PanelName) => (typeof saved[name] === 'boolean' ? (saved[name] as boolean) : defaults[name]);
    return { side: pick('side'), ask: pick('ask'), suggestions: pick('suggestions') };
  } catch {
    return defaults; // no storage (or a mangled value): the defaults do
  }
}

function storePanels(panels: Panels): void {
  try {
    localStorage.setItem(PANELS_KEY, JSON.stringify(panels));
  } catch {
    // Not kept across restarts then.
  }
}

interface UiState {
  screen: Screen;
  readerSide: ReaderSide;
  panels: Panels;
  /** Bumped by Ctrl/Cmd+K; the search box focuses itself when it changes. */
  searchFocus: number;
  /** Bumped by the ask shortcut (/); the question box focuses itself when it changes. */
  questionFocus: number;
  /** Bumped by the desktop menu's File › Import…; the import button opens its picker when it changes. */
  importRequest: number;
  show(screen: Screen): void;
  showReaderSide(side: ReaderSide): void;
  /** Opens or closes a reader panel (`open` omitted: toggles it), and remembers it. */
  setPanel(name: PanelName, open?: boolean): void;
  focusSearch(): void;
  /** Shows the reader's question box (opening the Ask panel) and focuses it. */
  focusQuestion(): void;
  requestImport(): void;
}

export const useUiStore = create<UiState>()((set, get) => ({
  screen: 'library',
  readerSide: 'sections',
  panels: storedPanels(),
  searchFocus: 0,
  questionFocus: 0,
  importRequest: 0,
  show: (screen) => set({ screen }),
  showReaderSide: (readerSide) => set({ readerSide }),
  setPanel(name, open) {
    const panels = { ...get().panels, [name]: open ?? !get().panels[name] };
    storePanels(panels);
    set({ panels });
  },
  requestImport: () => set((s) => ({ screen: 'library', importRequest: s.importRequest + 1 })),
  focusSearch: () => set((s) => ({ screen: 'library', searchFocus: s.searchFocus + 1 })),
  focusQuestion() {
    if (!get().panels.ask) get().setPanel('ask', true);
    set((s) => ({ screen: 'reader', questionFocus: s.questionFocus + 1 }));
  },
}));
