let counter = 0;

/** A request id for commands that stream events (`library:ingest`, `qa:ask`, `models:add`). */
export function newRequestId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The message of anything thrown; transports rebuild engine errors with a message a person can act on. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The stable code of an engine error (`CANCELLED`, `NO_MODEL_LOADED`, ...), if it has one. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
