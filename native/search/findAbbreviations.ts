/**
 * Abbreviations a document introduces itself: `Chief Executive Officer (CEO)`,
 * `Statements of Operations ("SOO")`. The long form is the run of words just before the
 * parenthesis whose initials spell the abbreviation; small joining words ("of", "and",
 * "the", "&") may sit inside it without an initial of their own.
 */

export interface Abbreviation {
  /** As written, e.g. "CEO". */
  short: string;
  /** As written, e.g. "Chief Executive Officer". */
  long: string;
}

const PARENTHESIS = /\(\s*(?:the\s+)?["“']?([A-Z][A-Za-z&]{1,7})["”']?\s*\)/g;
const JOINING = new Set(['of', 'and', 'the', '&', 'for', 'on', 'in']);
/** Words looked at before the parenthesis; enough for an eight-letter abbreviation with joining words. */
const LOOK_BACK = 14;

export function findAbbreviations(text: string): Abbreviation[] {
  const found: Abbreviation[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(PARENTHESIS)) {
    const short = m[1]!;
    const letters = short.replace(/[^A-Za-z]/g, '');
    // Two capitals at least: "(a)", "(Seller)" and "(the Company)" name no abbreviation.
    if (letters.length < 2 || (short.match(/[A-Z]/g) ?? []).length < 2) continue;
    const before = text.slice(Math.max(0, m.index - 200), m.index).match(/[\p{L}\p{N}&'’-]+/gu) ?? [];
    const long = longFormFor(letters, before.slice(-LOOK_BACK));
    if (!long) continue;
    const key = `${short}\u0000${long.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({ short, long });
  }
  return found;
}

/** The long form `short` abbreviates at the end of `text` ("… Direct Marketing Association" for "DMA"), or null. */
export function longFormBefore(short: string, text: string): string | null {
  const letters = short.replace(/[^A-Za-z]/g, '');
  if (letters.length < 2) return null;
  return longFormFor(letters, (text.match(/[\p{L}\p{N}&'’-]+/gu) ?? []).slice(-LOOK_BACK));
}

/** The shortest run of trailing words whose initials spell `letters` (case ignored); joining words inside may give a letter or none. */
function longFormFor(letters: string, words: string[]): string | null {
  const want = letters.toLowerCase();
  const last = words.length - 1;
  // Walks back from the last word, matching the abbreviation's letters from its end.
  const startOf = (wi: number, li: number): number => {
    if (li < 0) return wi + 1;
    if (wi < 0) return -1;
    const lower = words[wi]!.toLowerCase();
    if (lower[0] === want[li]) {
      const start = startOf(wi - 1, li - 1);
      if (start >= 0) return start;
    }
    return JOINING.has(lower) && wi !== last ? startOf(wi - 1, li) : -1;
  };
  let start = startOf(last, want.length - 1);
  if (start < 0) return null;
  // A long form starts with a word that carries a letter, not a joining word.
  while (start < words.length && JOINING.has(words[start]!.toLowerCase())) start++;
  const run = words.slice(start);
  return run.length >= 2 ? run.join(' ') : null;
}
