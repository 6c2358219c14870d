/** Files dropped anywhere on the window are imported. */
import { useEffect, useState, type ReactNode } from 'react';
import { useLibraryStore } from '../stores/libraryStore.js';
import { useUiStore } from '../stores/uiStore.js';

export const IMPORT_EXTENSIONS = ['.pdf', '.epub', '.docx', '.html', '.htm', '.xhtml', '.txt', '.md', '.markdown', '.png', '.jpg', '.jpeg', '.tif', '.tiff'];

export function importable(files: File[]): File[] {
  return files.filter((f) => IMPORT_EXTENSIONS.some((ext) => f.name.toLowerCase().endsWith(ext)));
}

export function DropZone({ children }: { children: ReactNode }) {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setOver(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const overHandler = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      const files = importable(Array.from(e.dataTransfer?.files ?? []));
      if (files.length > 0) {
        useUiStore.getState().show('library');
        void useLibraryStore.getState().importFiles(files);
      }
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overHandler);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overHandler);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return (
    <>
      {children}
      {over && (
        <div className="drop-overlay" role="status">
          Drop PDF, text or Markdown files to import them
        </div>
      )}
    </>
  );
}
