import { LecternError } from '../api/errors.js';
import type { PassageFilter } from '../api/types.js';
import type { EngineContext } from './EngineContext.js';

/**
 * The passages a user's search or question may use: none past a spoiler-free document's limit
 * page, and with scope `highlights` only those holding the user's highlights, underlines and
 * notes. Undefined when nothing is restricted (no user, or no spoiler-free document in scope).
 */
export function passageFilterFor(ctx: EngineContext, args: { user?: string; scope?: 'all' | 'highlights'; documentIds?: readonly string[] }): PassageFilter | undefined {
  if (!args.user) {
    if (args.scope === 'highlights') throw new LecternError('INVALID_ARGUMENT', 'Searching your highlights needs to know whose: pass the user.');
    return undefined;
  }
  const userId = ctx.profiles.userId(args.user);
  const documentIds = args.documentIds ?? [];
  const exclude = ctx.readingProgress.hiddenPassageIds(userId, documentIds);
  const only = args.scope === 'highlights' ? ctx.annotations.highlightedPassageIds(userId, documentIds) : undefined;
  if (!only && exclude.length === 0) return undefined;
  return { ...(only ? { only } : {}), ...(exclude.length > 0 ? { exclude } : {}) };
}
