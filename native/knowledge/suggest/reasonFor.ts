import type { Candidate } from './ContextCandidateReader.js';
import type { DocumentSignal, EntitySignal } from './UserSignalReader.js';
import { topicPhrase } from './templateQuestion.js';

/** What the reason for one suggestion may draw on. */
export interface ReasonInput {
  candidate: Candidate;
  signal: EntitySignal | undefined;
  history: DocumentSignal | undefined;
  /** The interest a projection came through, with whether the user asked about it (or only read). */
  related: { name: string; asked: boolean } | null;
  /** The document's noun ("agreement"); null in the library view. */
  noun: string | null;
}

const CONTRACT_NOUNS = new Set(['agreement', 'contract', 'lease', 'licence', 'license', 'amendment', 'addendum', 'deed']);
/** Interest (on the user's scale) from which "you have been reading about it" is worth saying. */
const NOTICEABLE = 0.15;

/**
 * One line a person reads under a suggestion: their own history first ("You asked about
 * indemnification in 3 other contracts"), then a related interest, then where it is on
 * screen, then what the document says of it ("Defined on page 4 and new to you").
 */
export function reasonFor({ candidate: c, signal, history, related, noun }: ReasonInput): string {
  const name = c.kind === 'topic' || c.kind === 'section' ? topicPhrase(c.name) : c.name;
  const others = (n: number) => `${n} ${noun === null ? '' : 'other '}${plural(noun, n)}`;
  if (history && history.askedElsewhere > 0) return `You asked about ${name} in ${others(history.askedElsewhere)}`;
  const interest = signal?.interest ?? 0;
  if (history && history.touchedElsewhere > 0 && interest >= NOTICEABLE) return `You have been reading about ${name} in ${others(history.touchedElsewhere)}`;
  if (related) return `Related to ${related.name}, which you have been ${related.asked ? 'asking' : 'reading'} about`;
  if (interest >= NOTICEABLE) return `You have been reading about ${name}`;
  if (c.place === 'selection') return `${capitalize(name)} is in your selection`;
  if (c.place === 'page') return c.kind === 'section' ? 'A section on this page' : `${capitalize(name)} is on this page`;
  if (c.place === 'section') return `${capitalize(name)} comes up in this section`;
  const isNew = (signal?.familiarity ?? 0) < 0.2;
  const where = noun === null ? 'your documents' : `this ${noun}`;
  switch (c.kind) {
    case 'term':
      return c.definedOnPage !== null ? `Defined on page ${c.definedOnPage}${isNew ? ' and new to you' : ''}` : `A defined term of ${where}`;
    case 'party':
      return `A party to ${where}`;
    case 'money':
      return `An amount in ${where}`;
    case 'date':
      return `A date in ${where}`;
    case 'topic':
      return noun === null ? `Comes up in ${c.mentions} of your documents` : `Covered in ${where}${isNew ? ' and new to you' : ''}`;
    case 'section':
      return `A section of ${where}`;
    case 'document':
      return noun === null ? 'An overview of your library' : `An overview of ${where}`;
    default:
      return noun === null ? `Mentioned in ${c.mentions} of your documents` : `Mentioned ${c.mentions} time${c.mentions === 1 ? '' : 's'} in ${where}`;
  }
}

function plural(noun: string | null, n: number): string {
  const word = noun !== null && CONTRACT_NOUNS.has(noun) ? 'contract' : 'document';
  return n === 1 ? word : `${word}s`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
