import { useRef } from 'react';
import { useLibraryStore } from '../stores/libraryStore.js';
import { importable, IMPORT_EXTENSIONS } from './DropZone.js';

export function ImportButton() {
  const input = useRef<HTMLInputElement>(null);
  const importFiles = useLibraryStore((s) => s.importFiles);
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
