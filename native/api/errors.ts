/**
 * Stable error codes that cross every boundary (CLI JSON, IPC, WebSocket).
 * A code never changes meaning once shipped; messages may be reworded.
 */
export const ERROR_CODES = [
  'FILE_NOT_FOUND',
  'FILE_UNREADABLE',
  'EMPTY_FILE',
  'UNSUPPORTED_FORMAT',
  'NOT_A_PDF',
  'TRUNCATED_PDF',
  'DAMAGED_PDF',
  'PASSWORD_PROTECTED',
  'TOO_MANY_PAGES',
  'TOO_COMPLEX',
  'CONFIRMATION_NEEDED',
  'FILE_TOO_LARGE',
  'DOCUMENT_NOT_FOUND',
  'LIBRARY_UNREADABLE',
  'LIBRARY_TOO_NEW',
  'INVALID_ARGUMENT',
  'CANCELLED',
  'NOT_A_MODEL',
  'MODEL_DAMAGED',
  'UNSUPPORTED_MODEL',
  'MODEL_NOT_FOUND',
  'NO_MODEL_LOADED',
  'CONTEXT_TOO_LARGE',
  'DOWNLOAD_FAILED',
  'KV_STATE_MISMATCH',
  'KV_STATE_DAMAGED',
  'PATH_OUTSIDE_LIBRARY',
  'SOURCE_CHANGED',
  'BUSY',
  'EMPTY_QUESTION',
  'USER_NOT_FOUND',
  'USER_EXISTS',
  'DISK_FULL',
  'LIBRARY_DAMAGED',
  'LIBRARY_READ_ONLY',
  /** The engine process of a `--json` ask or preread was killed (by the system, when out of memory). */
  'ENGINE_KILLED',
  /** An embedding model's vectors changed length (its file was replaced under the same id): its stored vectors are dropped and rebuilt. */
  'EMBEDDING_DIMENSION_CHANGED',
  /** A page too large to draw for OCR (past the pixel limit). */
  'PAGE_TOO_LARGE',
  /** An OCR language whose model is not installed (`lectern ocr-languages add FILE`). */
  'OCR_LANGUAGE_MISSING',
  /** An EPUB locked by DRM (META-INF/encryption.xml over its content, or a rights file): its text cannot be read. */
  'DRM_PROTECTED',
  /** A ZIP-based file (EPUB, DOCX) whose archive is corrupt or lacks a part it needs (the package document). */
  'DAMAGED_ARCHIVE',
  /** An archive that would unpack past the bounds on size or entry count: a zip bomb, or far larger than any book. */
  'ARCHIVE_TOO_LARGE',
  /** Markup that is unsafe or absurd to read: XML entity declarations (entity expansion), nesting far deeper than any document needs. */
  'UNSAFE_MARKUP',
  /** An inference server could not be reached, or stopped answering mid-reply (the message names its host, never its key). */
  'SERVER_UNREACHABLE',
  /** An inference server refused the API key (HTTP 401 or 403). */
  'SERVER_UNAUTHORIZED',
  /** An inference server sent nothing for longer than the timeout setting. */
  'SERVER_TIMEOUT',
  /** An inference server answered in a way Lectern cannot use (not OpenAI-compatible, an error status, a model it does not serve). */
  'SERVER_ERROR',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error as a value: how failures travel between processes. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /**
   * CANCELLED only: what a cancelled command had done before it stopped, shaped as its result
   * (see CancelledPartials in native/api/commands.ts). Absent when it had done nothing worth keeping.
   */
  partial?: unknown;
}

/** The engine's error type: a stable code plus a message a person can act on. */
export class LecternError extends Error {
  override readonly name = 'LecternError';
  /** See ErrorInfo.partial. */
  readonly partial?: unknown;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; partial?: unknown },
  ) {
    super(message, options);
    if (options?.partial !== undefined) this.partial = options.partial;
  }

  toInfo(): ErrorInfo {
    return this.partial === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, partial: this.partial };
  }

  static fromInfo(info: ErrorInfo): LecternError {
    return new LecternError(info.code, info.message, { partial: info.partial });
  }
}

/** Converts anything thrown into an ErrorInfo without losing a LecternError's code. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof LecternError) return error.toInfo();
  const known = storageFailure(error);
  if (known) return known.toInfo();
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}` };
}

/**
 * Failures of the disk or of the library file, from SQLite (better-sqlite3's `code`) or from
 * Node's file system, as the coded errors a person can act on; null for anything else.
 */
export function storageFailure(error: unknown): LecternError | null {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new LecternError(
      'DISK_FULL',
      'The disk holding the library is full, so nothing was saved. Free some space (remove files, or clear the saved reading states), then try again.',
      { cause: error },
    );
  }
  if ((typeof code === 'string' && /^SQLITE_CORRUPT/.test(code)) || /no such table: (main\.)?passage_search|database disk image is malformed/i.test(message)) {
    return new LecternError(
      'LIBRARY_DAMAGED',
      `The library file is damaged (${message}). Keep a copy of the library folder, then repair the library: the repair checks it and rebuilds its search index.`,
      { cause: error },
    );
  }
  if ((typeof code === 'string' && code.startsWith('SQLITE_READONLY')) || code === 'EROFS') {
    return new LecternError(
      'LIBRARY_READ_ONLY',
      'The library is on read-only storage (or its file may not be written): searching and reading work, importing, removing and saving do not. Copy the library folder somewhere writable to change it.',
      { cause: error },
    );
  }
  return null;
}
