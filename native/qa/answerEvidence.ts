import { containsDate } from '../search/questionIntent.js';
import type { AnswerType } from './answerType.js';
import { stemOf } from './questionTerms.js';

const NUMBER_WORD =
  '(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty|forty|forty-five|fifty|sixty|ninety|hundred|several|a few)';
const NUMBER = `(\\d[\\d,.]*|${NUMBER_WORD})`;
const TIME_UNIT = '(second|minute|hour|day|week|month|quarter|year|decade|centur(y|ie))s?';

const DURATION = new RegExp(
  `\\b${NUMBER}(\\s*\\(\\d+\\))?[\\s-]+(full\\s+|business\\s+|calendar\\s+|consecutive\\s+)?${TIME_UNIT}\\b|\\b(perpetual|perpetuity|indefinite(ly)?|in force until|remain in (full )?(force|effect)|for (the|a) (term|period) of)\\b`,
  'i',
);
const YEAR = /\b(1[6-9]|20)\d{2}\b/;
const DATE_WORDS = /\b(dated|as of|effective (as of|on)|day of|commenc\w+ on|on or before|expir\w+ on|until)\b/i;
const AMOUNT = /[$€£¥]\s?\d|\b\d[\d,.]*\s?(%|percent\b|per cent\b|dollars\b|usd\b|eur\b|euros?\b|pounds\b)|\b(dollars|percent|per cent)\b/i;
const COUNT = new RegExp(`\\b${NUMBER}\\b`, 'i');
const LEGAL_FORM = /(?<=[\p{L}\p{N}&.'’-],?\s+)(inc|incorporated|corp|corporation|llc|l\.l\.c|ltd|limited|plc|gmbh|ag|s\.a|n\.v|b\.v|l\.p|llp|company|co)\b\.?/giu;

/** A company's name: a capitalised word before its legal form ("Acme Corp.", "BLOOM ENERGY CORPORATION"); "the Company" alone names no one. */
function namesCompany(sentence: string): boolean {
  for (const m of sentence.matchAll(LEGAL_FORM)) {
    const before = /([\p{L}\p{N}&.'’-]+),?\s+$/u.exec(sentence.slice(0, m.index))?.[1] ?? '';
    if (/^\p{Lu}/u.test(before) && !/^(the|this|a|an|such|said|each|any)$/i.test(before)) return true;
  }
  return false;
}
/** A party named and given a short name: `Acme Corp. ("Acme")`, `(the "Supplier")`. */
const DEFINED_PARTY = /\(\s*(the\s+)?["“][\p{Lu}][^"”]{1,40}["”]\s*\)|\bby and between\b|\bbetween\b.+\band\b/u;
const PLACE =
  /\b(laws? of|state of|commonwealth of|province of|republic of|kingdom of|courts? (of|in|located)|located in|situated in|jurisdiction|venue|county|district)\b|\b(in|at|near|under|beneath|below|inside|within|to|from) \p{Lu}\p{Ll}+/u;
/** "within the Websites", "to the Licensee": after "the", a capitalised word is as often a defined term as a place. */
const PLACE_AFTER_THE = /\b(in|at|near|under|beneath|below|inside|within|to|from) the \p{Lu}\p{Ll}+/u;
const PLACE_WORDS = /\b(underground|overseas|abroad|home|house|city|town|village|country|island|forest|river|valley|hill|building|palace|street)\b/i;
const CONDITION =
  /\b(may|shall|must|will not|shall not|cannot|can not|is entitled|are entitled|has the right|have the right|right to|without (the )?(prior )?(written )?consent|consent of|unless|provided(,)? (that|however)|subject to|except|only if|in the event|notwithstanding|prohibited|permitted)\b/i;
const DEFINITION =
  /\b(means|shall mean|refers to|is defined as|as defined in|as used (herein|in this)|shall have the meaning|has the meaning)\b|\(\s*(the\s+|each,?\s+a\s+)?["“][^"”]{1,60}["”]\s*\)/i;
const REASON = /\b(because|since|due to|owing to|as a result|so that|in order to|therefore|for this reason|caused by|reason)\b/i;

/**
 * How strongly a sentence carries the kind of answer asked for, from 0 (not at all)
 * to 1: a duration holds a number of days, months or years; a date a calendar date
 * or a year; a party a company name or a capitalised name the question does not
 * already hold; a place a governing-law or location phrase; a title the document's title. `questionWords` are the
 * question's lowercased words, so a name the question repeats is no evidence.
 */
export function answerEvidence(sentence: string, type: AnswerType, questionWords: ReadonlySet<string>, documentTitle = ''): number {
  switch (type) {
    case 'title':
      return documentTitle.length > 2 && normalized(sentence).includes(normalized(documentTitle)) ? 1 : 0;
    case 'date':
      // An end date is as often given as a term ("for two years", "until terminated") as a calendar date.
      return containsDate(sentence) ? 1 : DURATION.test(sentence) ? 0.4 : YEAR.test(sentence) ? 0.6 : DATE_WORDS.test(sentence) ? 0.3 : 0;
    case 'duration':
      return DURATION.test(sentence) ? 1 : 0;
    case 'amount':
      return AMOUNT.test(sentence) ? 1 : COUNT.test(sentence) ? 0.3 : 0;
    case 'count':
      return COUNT.test(sentence) ? 1 : 0;
    case 'party':
      // A named company given a short name ("Acme Corp. (“Acme”)", "by and between …") is the surest sign of a party.
      if (namesCompany(sentence)) return DEFINED_PARTY.test(sentence) ? 1 : 0.8;
      return Math.max(DEFINED_PARTY.test(sentence) ? 0.8 : 0, newNames(sentence, questionWords) > 0 ? 0.6 : 0);
    case 'place':
      return PLACE.test(sentence) ? 1 : PLACE_WORDS.test(sentence) || PLACE_AFTER_THE.test(sentence) ? 0.5 : 0;
    case 'condition':
      return CONDITION.test(sentence) ? 1 : 0;
    case 'definition':
      return DEFINITION.test(sentence) ? 1 : 0;
    case 'reason':
      return REASON.test(sentence) ? 1 : 0;
  }
}

/** Capitalised words not opening the sentence and not in the question: names the answer may be. */
function newNames(sentence: string, questionWords: ReadonlySet<string>): number {
  const stems = new Set([...questionWords].map(stemOf));
  let names = 0;
  for (const m of sentence.matchAll(/(?<=[\p{L},;:]\s+)\p{Lu}\p{Ll}+/gu)) {
    const word = m[0].toLowerCase();
    if (!questionWords.has(word) && !stems.has(stemOf(word)) && !COMMON_CAPITALISED.has(word)) names++;
  }
  return names;
}

/** Capitalised words that are seldom names. */
const COMMON_CAPITALISED = new Set(['i', 'the', 'this', 'that', 'agreement', 'section', 'article', 'party', 'parties', 'exhibit', 'schedule']);

function normalized(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ');
}
