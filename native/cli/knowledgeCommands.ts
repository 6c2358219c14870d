import { LecternError } from '../api/errors.js';
import type { ProfileEntity, Suggestion, UserEventType } from '../api/types.js';
import type { Engine } from '../engine.js';
import { DEFAULT_USER } from '../knowledge/ProfileStore.js';
import { wholeNumber } from './cliArguments.js';

export const KNOWLEDGE_USAGE = `  lectern suggest [--doc <id>] [--page N] [--user <name>] [--limit N]
                                         suggested questions for a document (or page), or the library
  lectern profile [--user <name>]        what Lectern has learnt: top interests and familiar entities
  lectern profile export [--user <name>] everything kept about the user, as JSON
  lectern profile delete [--user <name>] delete the user with everything learnt (default: cleared, kept)
  lectern profile pause|resume [--user <name>]
                                         stop or restart learning from what the user does
  lectern profile forget <entityId> [--user <name>]
                                         remove an entity from the profile and never learn it again
  lectern users [create <name>]          the library's users, or add one
  lectern event <open|read|search|question|click|highlight|accept|dismiss> [--user <name>]
                [--doc <id>] [--page N] [--text T] [--key K] [--dwell-ms N] [--passage N]
                                         record what someone did, as the app does`;

/** The flags these commands read, as main's parseArgs returns them. */
export interface KnowledgeFlags {
  user?: string;
  doc?: string[];
  page?: string;
  limit?: string;
  text?: string;
  key?: string;
  'dwell-ms'?: string;
  passage?: string;
}

interface Io {
  stdout: NodeJS.WritableStream;
}

const CLI_EVENTS: readonly UserEventType[] = ['open', 'read', 'search', 'question', 'click', 'highlight', 'accept', 'dismiss'];

/** `lectern suggest`: {"suggestions":[{text, reason, entities, score, key, documentId, phrasing}]}. */
export async function runSuggest(open: () => Engine, rest: string[], flags: KnowledgeFlags, io: Io, json: boolean): Promise<number> {
  if (rest.length > 0) throw usage('lectern suggest takes no arguments; give the document with --doc <id>.');
  const documentId = oneDoc(flags, 'suggest');
  const page = optionalInt(flags.page, '--page');
  if (page !== undefined && documentId === undefined) throw usage('--page needs --doc <id>: a page of which document?');
  const limit = optionalInt(flags.limit, '--limit');
  const { suggestions } = await open().invoke('suggest:get', { user: userOf(flags), documentId, page, limit });
  const out = (text: string) => io.stdout.write(`${text}\n`);
  if (json) out(JSON.stringify({ suggestions: suggestions.map(suggestionJson) }));
  else if (suggestions.length === 0) out('Nothing to suggest yet: import documents with `lectern ingest <file|folder>`.');
  else suggestions.forEach((s, i) => out(`${i + 1}. ${s.text}\n   ${s.reason}  [key ${s.key}]`));
  return 0;
}

/** `lectern profile [export|delete|pause|resume|forget <entityId>]`. */
export async function runProfile(open: () => Engine, rest: string[], flags: KnowledgeFlags, io: Io, json: boolean): Promise<number> {
  const [action = 'show', ...more] = rest;
  const user = userOf(flags);
  const out = (text: string) => io.stdout.write(`${text}\n`);
  if (action === 'forget') {
    if (more.length !== 1) throw usage('lectern profile forget needs one entity id (see `lectern profile --json`).');
    const entityId = optionalInt(more[0], 'the entity id')!;
    printProfile(await open().invoke('profile:forget', { user, entityId }), out, json);
    return 0;
  }
  if (more.length > 0) throw usage(`lectern profile ${action} takes no further arguments.`);
  switch (action) {
    case 'show':
      printProfile(await open().invoke('profile:get', { user }), out, json);
      return 0;
    case 'export':
      // The export is JSON whether or not --json is given: it is meant to be saved.
      out(JSON.stringify(await open().invoke('profile:export', { user })));
      return 0;
    case 'delete': {
      const result = await open().invoke('users:delete', { user });
      const kept = result.deleted.toLowerCase() === DEFAULT_USER;
      if (json) out(JSON.stringify({ ...result, kept }));
      else if (kept)
        out(
          `Cleared the default user's profile (${result.events} events, ${result.entities} entities). The default user itself stays: it is the one used when no --user is given.`,
        );
      else out(`Deleted user ${result.deleted} with ${result.events} events and ${result.entities} learnt entities. Nothing else was touched.`);
      return 0;
    }
    case 'pause':
    case 'resume':
      printProfile(await open().invoke('profile:setLearning', { user, paused: action === 'pause' }), out, json);
      return 0;
    default:
      throw usage(`Unknown profile command "${action}": use export, delete, pause, resume or forget.`);
  }
}

/** `lectern users [create <name>]`. */
export async function runUsers(open: () => Engine, rest: string[], io: Io, json: boolean): Promise<number> {
  const [action = 'list', ...more] = rest;
  const out = (text: string) => io.stdout.write(`${text}\n`);
  if (action === 'create') {
    if (more.length !== 1) throw usage('lectern users create needs one name (quote it if it has spaces).');
    const { user } = await open().invoke('users:create', { name: more[0] });
    out(json ? JSON.stringify({ user }) : `Created user ${user.name}. Use it with --user ${quoteIfNeeded(user.name)}.`);
    return 0;
  }
  if (action !== 'list' || more.length > 0) throw usage('lectern users [list | create <name>].');
  const { users } = await open().invoke('users:list', {});
  if (json) out(JSON.stringify({ users }));
  else for (const u of users) out(`${u.name}  (${u.events} events${u.learningPaused ? ', learning paused' : ''}, events kept ${u.retentionDays} days)`);
  return 0;
}

/** `lectern event <type> …`: records through 'events:record', exactly as the app does. */
export async function runEvent(open: () => Engine, rest: string[], flags: KnowledgeFlags, io: Io, json: boolean): Promise<number> {
  const [type, ...more] = rest;
  if (!type || more.length > 0 || !CLI_EVENTS.includes(type as UserEventType)) {
    throw usage(`lectern event needs one type: ${CLI_EVENTS.join(', ')}.`);
  }
  const user = userOf(flags);
  const event = {
    user,
    type,
    documentId: oneDoc(flags, 'event'),
    page: optionalInt(flags.page, '--page'),
    text: flags.text,
    suggestionKey: flags.key,
    dwellMs: optionalInt(flags['dwell-ms'], '--dwell-ms', 0),
    passageId: optionalInt(flags.passage, '--passage'),
  };
  const result = await open().invoke('events:record', event);
  const out = (text: string) => io.stdout.write(`${text}\n`);
  if (json) out(JSON.stringify(result));
  else if (!result.recorded) out(`Learning is paused for ${user}: nothing was recorded. Resume it with \`lectern profile resume --user ${quoteIfNeeded(user)}\`.`);
  else out(`Recorded ${type} for ${user}; ${result.entities} entit${result.entities === 1 ? 'y' : 'ies'} learnt from it.`);
  return 0;
}

function printProfile(
  profile: { user: string; learningPaused: boolean; retentionDays: number; events: number; interests: ProfileEntity[]; familiar: ProfileEntity[] },
  out: (text: string) => void,
  json: boolean,
): void {
  const item = (e: ProfileEntity) => ({ entity: e.entity, score: e.score, kind: e.kind, entityId: e.entityId });
  if (json) {
    out(
      JSON.stringify({
        user: profile.user,
        interests: profile.interests.map(item),
        familiar: profile.familiar.map(item),
        learningPaused: profile.learningPaused,
        retentionDays: profile.retentionDays,
        events: profile.events,
      }),
    );
    return;
  }
  out(`${profile.user}: ${profile.events} events kept (up to ${profile.retentionDays} days)${profile.learningPaused ? ', learning paused' : ''}`);
  const list = (title: string, items: ProfileEntity[]) => {
    out(`\n${title}:`);
    if (items.length === 0) out('  (none yet)');
    for (const e of items) out(`  ${e.entity}  (${e.kind}, ${e.score.toFixed(2)}, id ${e.entityId})`);
  };
  list('Interests', profile.interests);
  list('Familiar', profile.familiar);
}

function suggestionJson(s: Suggestion) {
  return { text: s.text, reason: s.reason, entities: s.entities, score: s.score, key: s.key, documentId: s.documentId, phrasing: s.phrasing };
}

function userOf(flags: KnowledgeFlags): string {
  return flags.user ?? DEFAULT_USER;
}

function oneDoc(flags: KnowledgeFlags, command: string): string | undefined {
  if ((flags.doc?.length ?? 0) > 1) throw usage(`lectern ${command} takes one --doc.`);
  return flags.doc?.[0];
}

function optionalInt(value: string | undefined, flag: string, min = 1): number | undefined {
  return value === undefined ? undefined : wholeNumber(value, flag, min);
}

function quoteIfNeeded(name: string): string {
  return /^[\w.-]+$/.test(name) ? name : JSON.stringify(name);
}

function usage(message: string): LecternError {
  return new LecternError('INVALID_ARGUMENT', `${message} See \`lectern --help\`.`);
}
