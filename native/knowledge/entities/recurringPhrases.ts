/**
 * Recurring themes of a book by phrase statistics: two-word phrases of ordinary (lower-case)
 * content words that come back again and again across its sections ("lamp oil", "relief
 * boat"). A book has no headings that name what it is about the way a contract's clauses do,
 * and its people and places are found as names; what keeps recurring in its prose is the rest.
 */
import { wordKey } from './entityKey.js';
import { isStopKey } from '../profile/textWords.js';

/** A phrase must come back at least this often, in at least this many sections. */
const MIN_OCCURRENCES = 6;
const MIN_SECTIONS = 3;
/** Words shorter than this are rarely what a theme is named by. */
const MIN_WORD = 3;
const MAX_PHRASES = 8;
/** Narrative's own function words: "had seen", "came back", "looked round" recur in every novel and name no theme. */
const NARRATIVE_WORDS = new Set(
  'had has have having came come comes coming went gone goes going seen saw see sees looked look looks said say says made make took take got get back round first last time once still even quite upon again away down thing things something nothing anything everything seemed seem know knew thought think felt feel began moment since long later soon'.split(
    ' ',
  ),
);
/** Passages per stand-in section when the text has no headings. */
const BLOCK = 10;

/** The recurring phrases of a text, most telling first; [] for a short one. */
export function recurringPhrases(passages: ReadonlyArray<{ text: string; section: number | null }>): string[] {
  const stats = new Map<string, { n: number; sections: Set<number> }>();
  passages.forEach((p, i) => {
    const section = p.section ?? Math.floor(i / BLOCK);
    let previous: string | null = null;
    // Lower-case words only, so names ("Captain Wentworth") and sentence starts stay out; any other character breaks a phrase.
    for (const m of p.text.matchAll(/[\p{L}]+|[^\p{L}\s]+/gu)) {
      const word = m[0];
      const key = /^\p{Ll}+$/u.test(word) && word.length >= MIN_WORD ? wordKey(word) : null;
      const content = key !== null && !isStopKey(key) && !NARRATIVE_WORDS.has(word);
      if (!content) {
        previous = null;
        continue;
      }
      if (previous !== null) {
        const phrase = `${previous} ${word}`;
        let s = stats.get(phrase);
        if (!s) stats.set(phrase, (s = { n: 0, sections: new Set() }));
        s.n++;
        s.sections.add(section);
      }
      previous = word;
    }
  });
  return [...stats]
    .filter(([, s]) => s.n >= MIN_OCCURRENCES && s.sections.size >= MIN_SECTIONS)
    .map(([phrase, s]) => ({ phrase, score: s.n * Math.log(1 + s.sections.size) }))
    .sort((a, b) => b.score - a.score || a.phrase.localeCompare(b.phrase))
    .slice(0, MAX_PHRASES)
    .map((x) => x.phrase);
}
