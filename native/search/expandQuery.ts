/**
 * Query expansion: wordings that name the same thing as part of the question. A group
 * is a set of equivalent phrases (a thesaurus entry, a defined term and its aliases, an
 * abbreviation and its long form); when the question holds one member, the others are
 * searched for too. Members are compared by the stems of their content words, so
 * "terminated for convenience" finds the entry "termination for convenience".
 */

export interface PhraseGroup {
  members: ReadonlyArray<{ phrase: string; key: readonly string[] }>;
}

/** Beyond this many phrases an expansion drowns the question's own words. */
export const MAX_EXPANSIONS = 16;

/**
 * The phrases of every group with a member in the question, except members the
 * question already holds (all of their stems are among the question's), in group order,
 * without duplicates, at most `max`.
 */
export function expansionsFor(queryStems: readonly string[], groups: readonly PhraseGroup[], max = MAX_EXPANSIONS): string[] {
  const present = new Set(queryStems);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const group of groups) {
    if (!group.members.some((m) => m.key.length > 0 && containsRun(queryStems, m.key))) continue;
    for (const m of group.members) {
      if (m.key.length === 0 || m.key.every((s) => present.has(s)) || seen.has(m.phrase)) continue;
      seen.add(m.phrase);
      out.push(m.phrase);
      if (out.length >= max) return out;
    }
  }
  return out;
}

/** Whether `run` occurs in `words` as consecutive items. */
export function containsRun(words: readonly string[], run: readonly string[]): boolean {
  outer: for (let i = 0; i + run.length <= words.length; i++) {
    for (let j = 0; j < run.length; j++) if (words[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}
