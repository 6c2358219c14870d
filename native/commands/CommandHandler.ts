import type { CommandArgs, CommandName, CommandResults } from '../api/commands.js';
import type { NeedleProgress } from '../api/evalTypes.js';
import type { DownloadProgress, EmbeddingProgress, IngestProgress, OcrProgress, RereadProgress } from '../api/types.js';
import type { PassageLimits } from '../ingest/buildStructure.js';

/** What the long commands report while they run, to the caller of `invoke` (the same as their events' payloads). */
export interface CommandProgress {
  'library:ingest': IngestProgress;
  'library:reread': RereadProgress;
  'qa:ask': { delta: string };
  'qa:preread': { stage: string };
  'models:add': DownloadProgress;
  'knowledge:backfill': { done: number; total: number };
  'embeddings:build': EmbeddingProgress;
  'library:ocr': OcrProgress;
  'eval:needles': NeedleProgress;
}

export type ProgressOf<C extends CommandName> = C extends keyof CommandProgress ? CommandProgress[C] : never;

/**
 * The third argument of `Engine.invoke`. `signal` stops the command, and a stopped command has
 * one outcome: it rejects with a LecternError of code CANCELLED. When it had done part of its
 * work, the error's `partial` holds that, shaped as its result (CancelledPartials in
 * native/api/commands.ts: the answer so far, the import's outcomes with the unread files
 * `cancelled`, the re-read's or back-fill's counts); read it with cancelledPartial(). Every
 * transport carries `partial` across with the error.
 */
export interface CallOptions<C extends CommandName = CommandName> {
  signal?: AbortSignal;
  onProgress?: (progress: ProgressOf<C>) => void;
  /** Problems that do not fail the command (a page read with errors). */
  onWarning?: (message: string) => void;
  /** 'library:ingest' only, for benchmarks: how passages are cut. Not reachable from a transport. */
  passageLimits?: PassageLimits;
}

/** What a handler gets: the caller's options with a signal that also aborts when the engine closes. */
export type HandlerCall<C extends CommandName> = CallOptions<C> & { signal: AbortSignal };

export type CommandHandler<C extends CommandName> = (args: CommandArgs<C>, call: HandlerCall<C>) => Promise<CommandResults[C]>;

/** A domain's handlers: exactly the commands `C`. */
export type CommandHandlers<C extends CommandName> = { [K in C]: CommandHandler<K> };

/** Commands of one domain, by prefix ('library:' → 'library:ingest' | 'library:list' | …). */
export type DomainCommand<P extends string> = Extract<CommandName, `${P}:${string}`>;
