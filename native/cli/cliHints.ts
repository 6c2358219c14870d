import type { ErrorCode, ErrorInfo } from '../api/errors.js';

/**
 * What to do about an engine error, in the command line's words. The engine's messages say
 * what went wrong in words that fit the app and the command line alike; the CLI adds these.
 */
const CLI_HINTS: Partial<Record<ErrorCode, string>> = {
  DOCUMENT_NOT_FOUND: 'Run `lectern list` to see the ids, or `lectern ingest <file|folder>` to import documents.',
  NO_MODEL_LOADED: 'Add a model with `lectern models add <file.gguf>` and pass --model <id|path>.',
  MODEL_NOT_FOUND: '`lectern models list` shows the models you have.',
  DISK_FULL: '`lectern cache clear` drops saved reading states.',
  LIBRARY_DAMAGED: '`lectern repair` does that (give it the same --library, if you gave one).',
  OCR_LANGUAGE_MISSING: '`lectern ocr-languages add FILE` adds one.',
  CONFIRMATION_NEEDED: '`--yes-insecure` confirms it.',
  SERVER_UNREACHABLE: "`lectern models list` shows each server's address; check that the server is running there.",
  SERVER_TIMEOUT: '`lectern models add-server <name> --url URL --timeout S` registers it again with a longer timeout.',
  SERVER_UNAUTHORIZED: '`lectern models add-server <name> --url URL --api-key-file F` registers it again with the right key.',
  NOTES_FILE_OTHER_DOCUMENT: '`lectern notes import FILE --doc <docId>` puts them on the document you name.',
};

/** The error with the CLI's hint for its code appended, when there is one. */
export function withCliHint(info: ErrorInfo): ErrorInfo {
  const hint = CLI_HINTS[info.code];
  return hint && !info.message.includes(hint) ? { code: info.code, message: `${info.message} ${hint}` } : info;
}
