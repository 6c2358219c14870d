/**
 * A SentencePiece-style ("llama") vocabulary for generated models: <unk>, <s>, </s>,
 * 256 byte-fallback tokens, the ChatML turn markers, then English pieces with the ▁
 * space marker. Byte fallback means ANY text tokenizes, and round-trips.
 *
 * llama.cpp's SPM tokenizer starts from single characters and merges adjacent pairs
 * whose concatenation is a piece, best score first; a piece is therefore reachable only
 * if a chain of pieces leads up to it. Every word is added with all its prefixes
 * (▁, ▁t, ▁th, ▁the), which is such a chain.
 */

/** llama.cpp's `llama_token_type` values, as stored in `tokenizer.ggml.token_type`. */
export const TOKEN_TYPE = { normal: 1, unknown: 2, control: 3, userDefined: 4, unused: 5, byte: 6 } as const;

export interface LlamaVocabulary {
  readonly tokens: readonly string[];
  readonly scores: Float32Array;
  readonly tokenTypes: Int32Array;
  readonly unkId: number;
  readonly bosId: number;
  readonly eosId: number;
  /** `<|im_end|>`: ends a ChatML turn, so generation stops there too. */
  readonly eotId: number;
}

const SPACE = '\u2581';

const SPECIALS = ['<unk>', '<s>', '</s>'] as const;
const CHAT_MARKERS = ['<|im_start|>', '<|im_end|>'] as const;

/** Common English, and the vocabulary of the documents Lectern reads (contracts, reports). */
const WORDS = `
the of and to a in is that for it as was with be by on not he this are or his from at
which but have an they you were her she there been one all we their has would when if
so no will can more other its who what some them than into only then out also any these
may time two first after new over such most made like well should each do our could
before between under about through where those must other very same because both many
while during without within upon against among since until again there here how why
agreement party parties shall section clause term terms date effective notice written
company licensee licensor contract payment fee fees amount price service services
provide provided provision provisions law laws state court right rights obligation
obligations liability damages breach termination terminate period year years month
months day days business confidential information data report results table figure
page chapter part schedule annex exhibit appendix article paragraph subject pursuant
hereby herein thereof whereas including include includes included without limitation
reasonable prior consent approval request requested required require requirement
owner property interest interests employee employees customer customers user users
product products software license licensed grant granted use used using cost costs
total number percent rate value market growth revenue income tax taxes financial
risk risks model models method methods analysis study research paper question answer
document documents text reader reading read book books library page pages note notes
person people work world life system government public private general national
local group member members case point fact example result level order power place
end long great small large high low good best better last next own old young early
late full free able likely possible important different following given based
general however therefore thus although whether either neither each every another
make take give find know think say said see come go get put set keep let seem show
help call ask need feel become leave mean begin turn start move live believe hold
bring happen write provide sit stand lose pay meet run continue learn change lead
understand watch follow stop create speak allow add spend grow open walk win offer
remember love consider appear buy wait serve die send expect build stay fall cut
reach kill remain suggest raise pass sell decide return explain hope develop carry
break receive agree support hit produce eat cover catch draw choose cause point
water money food family school home house room city country area land world word
words name names line lines list hand eye head face door car story history
January February March April May June July August September October November December
Monday Tuesday Wednesday Thursday Friday Saturday Sunday
The This That These In It A An If For On As By Section Article Agreement Company
`;

/** Word pieces that continue a word (no ▁): suffixes and common inner pieces. */
const CONTINUATIONS = `
s es ed ing er ers est ly tion tions ment ments ness able ible al ial ive ous ful less
ity ize ise ance ence ant ent ic ical ure ary ory th nd st re un in de con pro com
`;

/** Total size of the vocabulary `buildLlamaVocabulary()` builds by default. */
export const DEFAULT_VOCABULARY_SIZE = naturalPieces().length + SPECIALS.length + 256 + CHAT_MARKERS.length;

/**
 * Builds the vocabulary. `size`, when given, trims the English pieces (prefixes come
 * before the words that need them, so a trimmed vocabulary still tokenizes everything)
 * or pads with `<unused N>` tokens of type UNUSED.
 */
export function buildLlamaVocabulary(size?: number): LlamaVocabulary {
  const tokens: string[] = [];
  const types: number[] = [];
  const scores: number[] = [];
  const add = (token: string, type: number, score: number): void => {
    tokens.push(token);
    types.push(type);
    scores.push(score);
  };
  add(SPECIALS[0], TOKEN_TYPE.unknown, 0);
  add(SPECIALS[1], TOKEN_TYPE.control, 0);
  add(SPECIALS[2], TOKEN_TYPE.control, 0);
  for (let byte = 0; byte < 256; byte++) {
    add(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`, TOKEN_TYPE.byte, 0);
  }
  for (const marker of CHAT_MARKERS) add(marker, TOKEN_TYPE.control, 0);
  const minimum = tokens.length;
  const target = size ?? DEFAULT_VOCABULARY_SIZE;
  if (!Number.isInteger(target) || target < minimum) {
    throw new RangeError(`vocabulary size must be an integer ≥ ${minimum} (specials and byte tokens)`);
  }
  const pieces = naturalPieces();
  // SentencePiece scores are log-probabilities: earlier (more common) pieces score higher.
  for (let i = 0; i < pieces.length && tokens.length < target; i++) add(pieces[i]!, TOKEN_TYPE.normal, -i);
  for (let i = 0; tokens.length < target; i++) add(`<unused${i}>`, TOKEN_TYPE.unused, 0);
  return {
    tokens,
    scores: Float32Array.from(scores),
    tokenTypes: Int32Array.from(types),
    unkId: 0,
    bosId: 1,
    eosId: 2,
    eotId: tokens.indexOf(CHAT_MARKERS[1]),
  };
}

/** The English pieces, deduplicated, each after every prefix it needs. */
function naturalPieces(): string[] {
  const seen = new Set<string>();
  const pieces: string[] = [];
  const addWithPrefixes = (piece: string): void => {
    const characters = Array.from(piece);
    for (let end = 1; end <= characters.length; end++) {
      const prefix = characters.slice(0, end).join('');
      if (seen.has(prefix)) continue;
      seen.add(prefix);
      pieces.push(prefix);
    }
  };
  addWithPrefixes(SPACE);
  // Printable ASCII as single characters, so plain English text never needs byte fallback.
  for (let code = 0x21; code < 0x7f; code++) addWithPrefixes(String.fromCharCode(code));
  for (let code = 0x21; code < 0x7f; code++) addWithPrefixes(SPACE + String.fromCharCode(code));
  for (const word of WORDS.split(/\s+/).filter(Boolean)) addWithPrefixes(SPACE + word);
  for (const piece of CONTINUATIONS.split(/\s+/).filter(Boolean)) addWithPrefixes(piece);
  return pieces;
}
