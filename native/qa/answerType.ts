/**
 * The kind of answer a question asks for, read from the general forms of questions
 * ("when", "how long", "how much", "who", "which state", "can … ?", "what does X
 * mean"), not from any one document set's templates. Sentences that carry that kind
 * of answer (a date, a duration, an amount…) answer better than sentences that only
 * repeat the question's words.
 */
export type AnswerType = 'title' | 'date' | 'duration' | 'amount' | 'count' | 'party' | 'place' | 'condition' | 'definition' | 'reason';

/** Words naming a whole document, for questions about the document itself. */
const DOCUMENT_WORD = '(contract|agreement|document|book|novel|story|report|paper|article|filing|lease|policy|deed|memo(randum)?)';
const TIME_UNIT = '(second|minute|hour|day|week|month|quarter|year|decade|centur(y|ie))s?';

/** Tried in order: the first form that matches decides. Wh-words first, then nouns that name the kind of answer. */
const FORMS: ReadonlyArray<[AnswerType, RegExp]> = [
  // "What is this agreement called?", "the name of the contract", "What kind of agreement is this?"
  [
    'title',
    new RegExp(
      `\\b(name|title)\\b.*\\b${DOCUMENT_WORD}\\b|\\b(what|which) (kind|type|sort) of ${DOCUMENT_WORD}\\b|\\bwhat (is|was) (this|the) ${DOCUMENT_WORD} (called|named|titled)\\b|\\bwhat ${DOCUMENT_WORD} is this\\b`,
      'i',
    ),
  ],
  // "When does it expire?", "on what date", "what year"
  ['date', /\bwhen\b|\b(what|which) (day|date|year|month|time)\b/i],
  // "How long is the term?", "for how many days"
  ['duration', new RegExp(`\\bhow long\\b|\\bhow many ${TIME_UNIT}\\b`, 'i')],
  ['amount', /\bhow much\b|\b(what|which) (amount|percentage|percent|price|fee|rate|sum)\b/i],
  ['count', /\bhow many\b|\bnumber of\b/i],
  // "Where is …", "which state's law", "what country", "in which court", "what town"
  ['place', /\bwhere\b|\b(what|which) (state|country|countries|city|town|county|province|court|courts|jurisdiction|place|location|venue|law|laws)\b|\bjurisdiction\b|\bvenue\b/i],
  // "Who signed?", "which party", "the parties who…", "what company"
  [
    'party',
    /^\W*(who|whom|whose)\b|\b(who|whom) (is|are|was|were|does|did|has|have|will|signed|owns)\b|\b(what|which) (party|parties|company|companies|person|people|entity|entities|organi[sz]ations?|firm|bank|supplier|customer|vendor)\b|\bpart(y|ies)\b.*\b(who|that) (signed|sign|entered)\b|\bsignator(y|ies)\b/i,
  ],
  // "the notice period", "the duration of the warranty", "the renewal term"
  ['duration', new RegExp(`\\b(duration|length|period)\\b|\\b(initial|renewal|extension|notice|cure|warranty) (term|period)\\b|\\b${TIME_UNIT} of\\b`, 'i')],
  // "the date of the contract", "its effective date"
  ['date', /\bdates?\b/i],
  ['amount', /\b(amount|price|cost|fees?|rate|percentage|royalt(y|ies)|salary|compensation) (of|for|is|are|does|do|will|payable)\b/i],
  // "What does 'Affiliate' mean?", "what is meant by", "define", "definition of", "What is an Affiliate?"
  ['definition', /\bmean(s|ing|t)?\b|\bdefin(e|ed|es|ition)\b|^\W*what (is|are) (an? )?["“'‘]?[\p{L}\p{N}-]+(\s[\p{L}\p{N}-]+)?["”'’]?\s*\??\s*$/iu],
  ['reason', /^\W*why\b|\bfor what reason\b|\bwhat (caused|causes)\b/i],
];

/** A yes/no question opens with an auxiliary: "Can the customer terminate…?", "Is consent required…?" */
const YES_NO = /^\W*(can|could|may|might|must|shall|should|will|would|is|are|was|were|does|do|did|has|have|had)\b/i;
/** A wh-word inside a yes/no question asks for that instead: "Does it say how long the warranty lasts?" */
const WH_WORD = /\b(when|how long|how much|how many|where|who|whom)\b/i;

/** The kind of answer `question` asks for, or null when its form says nothing ("What do the Morlocks eat?"). */
export function answerType(question: string): AnswerType | null {
  const q = question.trim();
  if (YES_NO.test(q) && !WH_WORD.test(q)) return 'condition';
  for (const [type, form] of FORMS) if (form.test(q)) return type;
  return null;
}
