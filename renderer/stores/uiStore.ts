/** Which screen is showing, and requests to focus a field from a keyboard shortcut. */
import { create } from 'zustand';

export type Screen = 'library' | 'reader' | 'models' | 'settings' | 'profile';
/** What the reader's left column lists. */
export type ReaderSide = 'sections' | 'terms' | 'notes';

interface UiState {
  screen: Screen;
  readerSide: ReaderSide;
  /** Bumped by Ctrl/Cmd+K; the search box focuses itself when it changes. */
  searchFocus: number;
  /** Bumped by the desktop menu's File › Import…; the import button opens its picker when it changes. */
  importRequest: number;
  show(screen: Screen): void;
  showReaderSide(side: ReaderSide): void;
  focusSearch(): void;
  requestImport(): void;
}

export const useUiStore = create<UiState>()((set) => ({
  screen: 'library',
  readerSide: 'sections',
  searchFocus: 0,
  importRequest: 0,
  show: (screen) => set({ screen }),
  showReaderSide: (readerSide) => set({ readerSide }),
  requestImport: () => set((s) => ({ screen: 'library', importRequest: s.importRequest + 1 })),
  focusSearch: () => set((s) => ({ screen: 'library', searchFocus: s.searchFocus + 1 })),
}));
