/** Which screen is showing, and requests to focus a field from a keyboard shortcut. */
import { create } from 'zustand';

export type Screen = 'library' | 'reader' | 'models' | 'settings';

interface UiState {
  screen: Screen;
  /** Bumped by Ctrl/Cmd+K; the search box focuses itself when it changes. */
  searchFocus: number;
  /** Bumped by the desktop menu's File › Import…; the import button opens its picker when it changes. */
  importRequest: number;
  show(screen: Screen): void;
  focusSearch(): void;
  requestImport(): void;
}

export const useUiStore = create<UiState>()((set) => ({
  screen: 'library',
  searchFocus: 0,
  importRequest: 0,
  show: (screen) => set({ screen }),
  requestImport: () => set((s) => ({ screen: 'library', importRequest: s.importRequest + 1 })),
  focusSearch: () => set((s) => ({ screen: 'library', searchFocus: s.searchFocus + 1 })),
}));
