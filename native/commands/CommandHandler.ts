import type { CommandArgs, CommandName, CommandResults } from '../api/commands.js';
import type { DownloadProgress, IngestProgress, OcrProgress, RereadProgress } from '../api/types.js';
import type { PassageLimits } from '../ingest/buildStructure.js';

/** What the long commands report while they run, to the caller of `invoke` (the same as their events' payloads). */
export interface CommandProgress {
  'library:ingest': IngestProgress;
  'library:reread': RereadProgress;
  'qa:ask': { delta: string };
  'qa:preread': { stage: string };
  'models:add': DownloadProgress;
  'knowledge:backfill': { done: number; total: number };
  'library:ocr': OcrProgress;
}

export type ProgressOf<C extends CommandName> = C extends keyof CommandProgress ? CommandProgress[C] : never;

/**
 * The third argument of `Engine.invoke`. `signal` stops the command: long commands end early
 * (see docs of each: an import resolves with its unread files `cancelled`, an answer resolves
 * with `stopped: true` and the text so far, everything else rejects with CANCELLED).
 */
export interface CallOptions<C extends CommandName = CommandName> {
  signal?: AbortSignal;
  onProgress?: (progress: ProgressOf<C>) => void;
  /** Problems that do not fail the command (a page read with errors). */
  onWarning?: (message: string) => void;
  /** 'library:ingest' only, for benchmarks: how passages are cut. Not reachable from a transport. */
  passageLimits?: PassageLimits;
}

/** What a handler gets: the caller's options with a signal that also aborts on engine close and `cancel(requestId)`. */
export type HandlerCall<C extends CommandName> = CallOptions<C> & { signal: AbortSignal };

export type CommandHandler<C extends CommandName> = (args: CommandArgs<C>, call: HandlerCall<C>) => Promise<CommandResults[C]>;

/** A domain's handlers: exactly the commands `C`. */
export type CommandHandlers<C extends CommandName> = { [K in C]: CommandHandler<K> };

/** Commands of one domain, by prefix ('library:' → 'library:ingest' | 'library:list' | …). */
export type DomainCommand<P extends string> = Extract<CommandName, `${P}:${string}`>;
