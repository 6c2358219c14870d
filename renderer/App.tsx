import { useEffect, type MouseEvent } from 'react';
import { useLibraryStore, watchLibrary } from './stores/libraryStore.js';
import { useModelsStore } from './stores/modelsStore.js';
import { watchReading } from './stores/readingTracker.js';
import { watchProgress } from './stores/readingStore.js';
import { watchRoute } from './stores/routeSync.js';
import { useReaderStore } from './stores/readerStore.js';
import { watchReread } from './stores/rereadStore.js';
import { watchLibrarySwitch } from './stores/settingsStore.js';
import { useUiStore, type Screen } from './stores/uiStore.js';
import { useUserStore } from './stores/userStore.js';
import { DropZone } from './views/DropZone.js';
import { LibraryView } from './views/LibraryView.js';
import { ModelsView } from './views/ModelsView.js';
import { ProfileView } from './views/ProfileView.js';
import { ReaderView } from './views/ReaderView.js';
import { RereadStatusBar } from './views/RereadStatusBar.js';
import { SettingsView } from './views/SettingsView.js';
import { UserPicker } from './views/UserPicker.js';
import { useShortcuts } from './views/useShortcuts.js';
import { focusDocument } from './views/focusDocument.js';

const SCREENS: Array<{ screen: Screen; label: string }> = [
  { screen: 'library', label: 'Library' },
  { screen: 'reader', label: 'Reader' },
  { screen: 'models', label: 'Models' },
  { screen: 'settings', label: 'Settings' },
  { screen: 'profile', label: 'Profile' },
];

export function App() {
  const screen = useUiStore((s) => s.screen);
  const show = useUiStore((s) => s.show);
  const openTitle = useReaderStore((s) => s.detail?.title ?? null);
  const loaded = useModelsStore((s) => s.loaded);
  useShortcuts();

  useEffect(() => {
    void useLibraryStore.getState().refresh();
    void useModelsStore.getState().refresh();
    void useUserStore.getState().refresh();
    const unwatch = watchLibrary();
    const unwatchReading = watchReading();
    const unwatchSwitch = watchLibrarySwitch();
    const unwatchReread = watchReread();
    const unwatchProgress = watchProgress();
    const unwatchRoute = watchRoute();
    // The desktop shell's File › Import… (Ctrl/Cmd+O) arrives as a shell event, not an engine one.
    const unmenu = window.lectern?.on('app:importRequested', () => useUiStore.getState().requestImport());
    return () => {
      unwatch();
      unwatchReading();
      unwatchSwitch();
      unwatchReread();
      unwatchProgress();
      unwatchRoute();
      unmenu?.();
    };
  }, []);

  return (
    <DropZone>
      <div className="app">
        {screen === 'reader' && <SkipLinks />}
        <header className="topbar">
          <span className="brand">Lectern</span>
          <nav aria-label="Screens">
            {SCREENS.map(({ screen: s, label }) => (
              <button
                key={s}
                type="button"
                className="tab"
                aria-current={screen === s ? 'page' : undefined}
                onClick={() => show(s)}
                disabled={s === 'reader' && !openTitle && screen !== 'reader'}
              >
                {label}
              </button>
            ))}
          </nav>
          <span className="topbar-status" aria-live="polite">
            {loaded ? `Model: ${loaded.model.name}` : 'Model: none'}
          </span>
          <UserPicker />
        </header>
        {(screen === 'library' || screen === 'reader') && <RereadStatusBar />}
        <main className="screen">
          {screen === 'library' && <LibraryView />}
          {screen === 'reader' && <ReaderView />}
          {screen === 'models' && <ModelsView />}
          {screen === 'settings' && <SettingsView />}
          {screen === 'profile' && <ProfileView />}
        </main>
      </div>
    </DropZone>
  );
}

/** The first stops of Tab in the reader: past the screens and the sections, straight to the page or the question. */
function SkipLinks() {
  const hasDocument = useReaderStore((s) => s.documentId !== null);
  const skipTo = (id: string) => (e: MouseEvent) => {
    e.preventDefault();
    if (id === 'question') useUiStore.getState().focusQuestion();
    else focusDocument();
  };
  return (
    <div className="skip-links">
      {hasDocument && (
        <a href="#document-view" className="skip-link" onClick={skipTo('document-view')}>
          Skip to document
        </a>
      )}
      <a href="#question" className="skip-link" onClick={skipTo('question')}>
        Skip to question
      </a>
    </div>
  );
}
