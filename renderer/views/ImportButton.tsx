import { useEffect, useRef } from 'react';
import { useLibraryStore } from '../stores/libraryStore.js';
import { useUiStore } from '../stores/uiStore.js';
import { importable, IMPORT_EXTENSIONS } from './DropZone.js';

export function ImportButton() {
  const input = useRef<HTMLInputElement>(null);
  const importFiles = useLibraryStore((s) => s.importFiles);
  const importRequest = useUiStore((s) => s.importRequest);
  useEffect(() => {
    if (importRequest > 0) input.current?.click();
  }, [importRequest]);
  return (
    <>
      <button type="button" className="primary" onClick={() => input.current?.click()}>
        Import files…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept={IMPORT_EXTENSIONS.join(',')}
        aria-label="Files to import"
        hidden
        onChange={(e) => {
          const files = importable(Array.from(e.target.files ?? []));
          e.target.value = '';
          if (files.length > 0) void importFiles(files);
        }}
      />
    </>
  );
}
