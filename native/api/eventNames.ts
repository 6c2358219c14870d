import type { EngineEvents } from './commands.js';

/**
 * Every engine event, as a run-time list: what web mode's server and the desktop host
 * forward, and what the desktop shell lets the page subscribe to. The record fails to compile
 * when EngineEvents gains an event missing here, or lists one it does not have; the preload
 * (electron/preload.cts, which cannot import this at run time) checks its copy against
 * EngineEvents the same way.
 */
export const ENGINE_EVENT_NAMES = Object.keys({
  'library:ingestProgress': true,
  'library:changed': true,
  'library:rereadProgress': true,
  'library:rereadFinished': true,
  'library:ocrProgress': true,
  'qa:answerDelta': true,
  'qa:prereadProgress': true,
  'qa:stateDiscarded': true,
  'models:downloadProgress': true,
  'knowledge:backfillProgress': true,
  'profile:changed': true,
  'app:libraryOpened': true,
  'embeddings:progress': true,
  'embeddings:dimensionChanged': true,
  'annotations:changed': true,
  'eval:progress': true,
} satisfies Record<keyof EngineEvents, true>) as ReadonlyArray<keyof EngineEvents>;
