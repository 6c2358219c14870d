import { stemmer } from 'stemmer';

/**
 * Words that carry no topic in a question: function words, question words and the
 * verbs of asking. Kept to English, the language of the bundled models and of most
 * documents; a question in another language keeps its words and simply matches less.
 */
const QUESTION_STOP_WORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by can could ' +
    'did do does doing done down during each either else few for from further had has have having he her here hers him his how i if in into is it its ' +
    'itself just me might more most must my no nor not now of off on once only or other ought our ours out over own same she should so some such than that the ' +
    'their theirs them then there these they this those through to too under until up upon us very was we were what whatever when where whether which while who ' +
    'whom whose why will with within would yes yet you your s t please tell show find give list describe explain mention mentioned say says said ' +
    'there anything something thing things kind sort way'
  ).split(' '),
);

/** Lowercased words of a text, split on anything that is not a letter, digit or mark. */
export function wordsOf(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}\p{M}]+/gu) ?? []
  );
}

/** A word's stem, as the question and the sentences are compared (Porter, so "terminates" meets "termination"). */
export function stemOf(word: string): string {
  return /^[a-z]+$/.test(word) ? stemmer(word) : word;
}

/** The stemmed content words of a question (or sentence): what an answer must be about. Empty when the question has only function words. */
export function questionTerms(text: string): string[] {
  return wordsOf(text)
    .filter((w) => !QUESTION_STOP_WORDS.has(w) && !(w.length === 1 && /\p{L}/u.test(w)))
    .map(stemOf);
}
