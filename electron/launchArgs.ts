/**
 * Which command-line arguments are files to import. Windows and Linux hand a double-clicked
 * document to the app as an argument (macOS uses the `open-file` event instead).
 */
import path from 'node:path';
import { SUPPORTED_EXTENSIONS } from '../native/ingest/readSourceFile.js';

/** The extensions an import takes (PDF, text, Markdown, EPUB, DOCX, HTML): one list, the engine's. */
const IMPORTABLE = new Set(SUPPORTED_EXTENSIONS);

/**
 * `argv` is a process's full argv: the executable first, then (when run as `electron .` in
 * development, `defaultApp`) the app folder, then arguments. Switches are skipped, and so is
 * anything without an importable extension, so Chromium's own flags and stray words never
 * reach the importer. Relative paths resolve against `cwd`, the launching shell's folder.
 */
export function filesFromArgv(argv: readonly string[], cwd: string, defaultApp: boolean): string[] {
  const args = argv.slice(defaultApp ? 2 : 1);
  const files: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    if (!IMPORTABLE.has(path.extname(arg).toLowerCase())) continue;
    files.push(path.resolve(cwd, arg));
  }
  return [...new Set(files)];
}
