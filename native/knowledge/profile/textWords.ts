import { WORD_PATTERN, wordKey } from '../entities/entityKey.js';

/** A word of running text in the key form entity keys are made of (see `entityKey`). */
export interface TextWord {
  key: string;
  /** A function word: never the first or last word of an entity name worth linking. */
  stop: boolean;
}

const STOP_WORDS = new Set(
  `and or but nor of in on at to for from by with without into onto upon over under about as is are was were be been being
  this that these those it its their them they there here what which who whom whose when where why how whether if then than
  do does did done can could shall should will would may might must not no any all each every some such other same own
  i me my we our us you your he him his she her per via also only just more most less least very so too up down out off again
  mean means say says said tell explain describe list show give`.split(/\s+/),
);

const STOP_KEYS = new Set([...STOP_WORDS].map((w) => wordKey(w)).filter((k): k is string => k !== null));

/** Whether a word of an entity key is a function word ("of" in "limit of liabil"). */
export function isStopKey(key: string): boolean {
  return STOP_KEYS.has(key);
}

/**
 * The words of `text` as entity keys spell them (lower case, possessives and articles
 * dropped, Porter-stemmed: "the Licensee's" → "license"), using the one normalization
 * extraction uses, so a run of these words can be looked up as an entity key.
 */
export function textWords(text: string): TextWord[] {
  const out: TextWord[] = [];
  for (const m of text.matchAll(WORD_PATTERN)) {
    const lower = m[0].toLowerCase();
    const key = wordKey(lower);
    if (key !== null) out.push({ key, stop: STOP_WORDS.has(lower) });
  }
  return out;
}
