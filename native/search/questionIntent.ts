/**
 * What kind of answer a question asks for, read from its wording. Some questions
 * ask about the document itself rather than a topic in it — its name, its date, who
 * it is between — and those facts sit in the opening passage (title, preamble), which
 * shares few words with the question. Date questions are answered by passages that
 * hold a date.
 */
export interface QuestionIntent {
  /** "What is this contract called?", "the name of the agreement" */
  documentName: boolean;
  /** "the date of the contract", "when is it effective", "expiration date" */
  date: boolean;
  /** "who are the parties", "who signed" */
  parties: boolean;
}

const DOCUMENT_WORD = '(contract|agreement|document|book|report|paper|lease|policy|deed|memo(randum)?)';
const NAME = new RegExp(`\\b(name|title)\\b.*\\b${DOCUMENT_WORD}\\b|\\b(what|which) ${DOCUMENT_WORD} is this\\b|\\bwhat is (this|the) ${DOCUMENT_WORD} called\\b`, 'i');
const DATE = /\b(date|dated|when|day|year|effective|expire|expires|expiration|expiry|deadline)\b/i;
const DOCUMENT_DATE = new RegExp(`\\b(date|dated|effective)\\b.*\\b${DOCUMENT_WORD}\\b|\\b${DOCUMENT_WORD}\\b.*\\b(dated|effective|signed|made|entered)\\b`, 'i');
/** Dates of a term's end live in the term clauses, not in the preamble. */
const TERM_DATE = /\b(expir\w*|terminat\w*|renew\w*|extension|extend\w*|end|ends)\b/i;
const PARTIES =
  /\bwho\b.*\b(signed|sign|between|entered)\b|\bpart(y|ies)\b.*\b(signed|sign|entered into)\b|\b(who|which|name|names) (are|is|of) the part(y|ies)\b|\bsignator(y|ies)\b/i;

export function questionIntent(question: string): QuestionIntent {
  return { documentName: NAME.test(question), date: DATE.test(question), parties: PARTIES.test(question) };
}

/** Whether the question is about the document as a whole (so its opening passage is a likely answer). */
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
