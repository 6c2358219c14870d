/**
 * The engine's contract: one map of commands, each `(args) => Promise<result>`,
 * with a runtime schema for every argument object. Every transport (direct calls,
 * Electron IPC, WebSocket) validates with these schemas at its boundary.
 */
import { z } from 'zod';
import type { DocumentDetail, DocumentSummary, IngestOutcome, IngestProgress, Passage, SearchHit } from './types.js';

const documentId = z.string().min(1).max(64);

export const commandSchemas = {
  'library:ingest': z.object({ paths: z.array(z.string().min(1)).min(1).max(10_000), requestId: z.string().max(64).optional() }),
  'library:list': z.object({}),
  'library:get': z.object({ id: documentId }),
  'library:passages': z.object({ id: documentId }),
  'library:remove': z.object({ id: documentId }),
  'search:query': z.object({
    query: z.string().max(2000),
    documentIds: z.array(documentId).max(1000).optional(),
    limit: z.number().int().min(1).max(200).optional(),
  }),
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandArgs<C extends CommandName> = z.infer<(typeof commandSchemas)[C]>;

export interface CommandResults {
  'library:ingest': { documents: IngestOutcome[] };
  'library:list': { documents: DocumentSummary[] };
  'library:get': DocumentDetail;
  'library:passages': { passages: Passage[] };
  'library:remove': { removed: string };
  'search:query': { results: SearchHit[] };
}

/** Events the engine emits; streamed payloads carry the request id they belong to. */
export interface EngineEvents {
  'library:ingestProgress': IngestProgress & { requestId?: string };
  'library:changed': { documentIds: string[] };
}

export type Commands = { [C in CommandName]: (args: CommandArgs<C>) => Promise<CommandResults[C]> };
