/**
 * Words of a free-text query. Anything a person types is acceptable: FTS5 syntax
 * characters (quotes, `*`, `:`, parentheses, `AND`/`OR`/`NOT`/`NEAR`) are just text
 * here, because each word is later quoted as an FTS5 string.
 */

// Function words that carry no topic. Kept short on purpose: legal words such as
// "shall", "may", "term" or "notice" stay searchable.
const STOPWORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does for from had has have how i if in into is it its ' +
    'me my of on or our so such than that the their them then there these they this those to was we were what when ' +
    'where which while who whom whose why will with would you your about any all also does doing here s t ' +
    'please tell show find give list describe explain mentioned say says said'
  ).split(' '),
);

export interface QueryWords {
  /** Every word, lowercased, in order (duplicates removed). */
  all: string[];
  /** Without stopwords; equals `all` when every word is a stopword. */
  content: string[];
}

export function queryWords(query: string): QueryWords {
  const seen = new Set<string>();
  const all: string[] = [];
  for (const m of query
    .normalize('NFKC')
    .toLowerCase()
    .matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const w = m[0];
    if (w.length > 64 || seen.has(w)) continue;
    seen.add(w);
    all.push(w);
    if (all.length >= 64) break;
  }
  const content = all.filter((w) => !STOPWORDS.has(w) && !(w.length === 1 && /\p{L}/u.test(w)));
  return { all, content: content.length > 0 ? content : all };
}

/** An FTS5 string literal: always valid syntax, whatever the word holds. */
export function ftsString(word: string): string {
  return `"${word.replace(/"/g, '""')}"`;
}
