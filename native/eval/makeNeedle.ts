import type { Random } from './seededRandom.js';

/** A made-up fact to hide in a document, the question that asks for it, and the value an answer must contain. */
export interface Needle {
  /** One sentence, placed between two sentences of the document. */
  fact: string;
  question: string;
  /** Seven digits: no document holds it by chance, and a model cannot guess it. */
  value: string;
}

const ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'dr', 'gl', 'kr', 'tr', 'st'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou', 'ei'];
const CODAS = ['', '', 'n', 'r', 'l', 's', 'th', 'nd'];
const THINGS = ['access code', 'locker number', 'account number', 'permit number', 'serial number', 'ledger number'];
const PLACES = ['archive', 'observatory', 'harbour office', 'seed vault', 'depot', 'library annex'];

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** A pronounceable name no dictionary holds: two or three made-up syllables, capitalized. */
export function madeUpName(random: Random): string {
  const syllables = 2 + Math.floor(random() * 2);
  let name = '';
  for (let i = 0; i < syllables; i++) name += pick(random, ONSETS) + pick(random, VOWELS) + (i === syllables - 1 ? pick(random, CODAS) : '');
  return name[0]!.toUpperCase() + name.slice(1);
}

/** A fact made up from `random` (a seeded stream): a name, a place and a seven-digit number. Never stored anywhere. */
export function makeNeedle(random: Random): Needle {
  const place = `${madeUpName(random)} ${pick(random, PLACES)}`;
  const thing = pick(random, THINGS);
  const value = String(1_000_000 + Math.floor(random() * 9_000_000));
  return {
    fact: `The ${thing} of the ${place} is ${value}.`,
    question: `What is the ${thing} of the ${place}?`,
    value,
  };
}

/** Whether an answer holds the value, however the model grouped its digits ("4 821 337", "4,821,337"). */
export function answerHolds(answer: string, value: string): boolean {
  return answer.replace(/(?<=\d)[\s,.'’_-](?=\d)/g, '').includes(value);
}
