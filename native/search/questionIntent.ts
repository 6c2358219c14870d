/**
 * What kind of answer a question asks for, read from its wording. Some questions
 * ask about the document itself rather than a topic in it — its name, its date, who
 * it is between — and those facts sit in the opening passage (title, preamble), which
 * shares few words with the question. Date questions are answered by passages that
 * hold a date.
 */
export interface QuestionIntent {
  /** "What is this contract called?", "What kind of agreement is this?", "the name of the agreement" */
  documentName: boolean;
  /** "the date of the contract", "when is it effective", "expiration date" */
  date: boolean;
  /** "who are the parties", "who signed", "who is this agreement between" */
  parties: boolean;
  /** "how long does it last", "the duration of the warranty", "when does the term end" */
  duration: boolean;
}

const DOCUMENT_WORD = '(contract|agreement|document|book|report|paper|lease|policy|deed|memo(randum)?|filing|deal)';
const THIS = '(this|the|that|our|my)';
const NAME = new RegExp(
  [
    `\\b(name|title|called)\\b.*\\b${DOCUMENT_WORD}\\b`,
    `\\b(what|which) ${DOCUMENT_WORD} is (this|it)\\b`,
    `\\bwhat is ${THIS} ${DOCUMENT_WORD} called\\b`,
    // "What kind of agreement is this?", "what type of contract do we have here"
    `\\b(kind|type|sort|form) of ${DOCUMENT_WORD}\\b`,
    `\\bwhat('s| is) ${THIS} ${DOCUMENT_WORD}\\s*(\\?|$)`,
    `\\bwhat('s| is| are) (this|it|these) (about|for)?\\s*(\\?|$)`,
  ].join('|'),
  'i',
);
const DATE = /\b(date|dated|when|day|year|effective|expire|expires|expiration|expiry|deadline)\b/i;
const DOCUMENT_DATE = new RegExp(
  [
    `\\b(date|dated|effective)\\b.*\\b${DOCUMENT_WORD}\\b`,
    `\\b${DOCUMENT_WORD}\\b.*\\b(dated|effective|signed|made|entered|executed|concluded)\\b`,
    // "When was it signed?", "when did this take effect", "when does it start"
    `\\bwhen (was|were|did|does|do|is) (it|this|they|we|the parties)\\b.*\\b(sign|signed|made|executed|dated|start|starts|begin|begins|commence|effective|take effect|come into)`,
  ].join('|'),
  'i',
);
/** Dates of a term's end live in the term clauses, not in the preamble. */
const TERM_DATE = /\b(expir\w*|terminat\w*|renew\w*|extension|extend\w*|end|ends)\b/i;
const PARTIES = new RegExp(
  [
    '\\bwho\\b.*\\b(signed|sign|signing|between|entered)\\b',
    '\\bwho (is|are) (involved|contracting|the contracting parties|the counterpart(y|ies))\\b',
    '\\bpart(y|ies)\\b.*\\b(signed|sign|entered into)\\b',
    '\\b(who|which|name|names) (are|is|of) the part(y|ies)\\b',
    '\\bsignator(y|ies)\\b',
    '\\bbetween (whom|which (companies|parties|firms))\\b',
    '\\b(which|what) (companies|firms|businesses|entities|organi[sz]ations)\\b.*\\b(agreement|contract|deal|signed|involved|parties)\\b',
  ].join('|'),
  'i',
);
/** How long something lasts, or when a term ends: answered by a length of time as often as by a date. */
const DURATION = /\bhow long\b|\b(duration|lasts?|expire|expires|expiry|expiration|until when)\b|\bwhen does\b.*\b(end|expire|run out|terminate)\b/i;

export function questionIntent(question: string): QuestionIntent {
  return { documentName: NAME.test(question), date: DATE.test(question), parties: PARTIES.test(question), duration: DURATION.test(question) };
}

/** Whether the question is about the document as a whole (so its opening passages are likely answers). */
export function asksAboutDocumentItself(question: string, intent: QuestionIntent): boolean {
  return intent.documentName || intent.parties || (DOCUMENT_DATE.test(question) && !TERM_DATE.test(question));
}

const MONTH = '(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\\.?';
const DATE_EXPRESSION = new RegExp(
  [
    `\\b${MONTH}\\s+\\d{1,2}(st|nd|rd|th)?,?\\s+\\d{4}\\b`, // September 23, 1998
    `\\b\\d{1,2}(st|nd|rd|th)?\\s+(day\\s+of\\s+)?${MONTH},?\\s+\\d{4}\\b`, // 23rd day of September 1998
    `\\b\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}\\b`, // 9/23/98
    `\\b\\d{4}-\\d{2}-\\d{2}\\b`, // 1998-09-23
    `\\b${MONTH}\\s+\\d{4}\\b`, // September 1998
  ].join('|'),
  'i',
);

export function containsDate(text: string): boolean {
  return DATE_EXPRESSION.test(text);
}

const NUMBER_WORD = '(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|forty-five|sixty|ninety|hundred|\\d{1,4})';
/** "five (5) years", "90 days", "twelve months", "one-year" */
const DURATION_EXPRESSION = new RegExp(
  `\\b${NUMBER_WORD}(\\s*\\(\\d{1,4}\\))?[\\s-]+(calendar\\s+|business\\s+|consecutive\\s+)?(days?|weeks?|months?|years?|anniversary)\\b`,
  'i',
);

export function containsDuration(text: string): boolean {
  return DURATION_EXPRESSION.test(text);
}
