/** Which screen is showing, and requests to focus a field from a keyboard shortcut. */
import { create } from 'zustand';

export type Screen = 'library' | 'reader' | 'models' | 'settings';

interface UiState {
  screen: Screen;
  /** Bumped by Ctrl/Cmd+K; the search box focuses itself when it changes. */
  searchFocus: number;
  show(screen: Screen): void;
  focusSearch(): void;
}

export const useUiStore = create<UiState>()((set) => ({
  screen: 'library',
  searchFocus: 0,
  show: (screen) => set({ screen }),
  focusSearch: () => set((s) => ({ screen: 'library', searchFocus: s.searchFocus + 1 })),
}));
