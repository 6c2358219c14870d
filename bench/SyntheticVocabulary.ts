import { AliasSampler } from './AliasSampler.js';
import { seededRandom, type Random } from './seededRandom.js';

/**
 * English function words, most frequent first: they take the top ranks, as in any
 * English text. Many are not Lectern stopwords ("not", "under", "must"), so questions
 * carry very common words that search has to cope with.
 */
const FUNCTION_WORDS = (
  'the of and to a in is that for it as was with be by on not he this are or his from at which but have an they ' +
  'you were her she there been one all we their has would when if so no will more can who its what out up about ' +
  'into some them than other only could then these also may time after two any most over such first new do did ' +
  'made our many like him those between must should under each through where much before well because both being ' +
  'three same during without while how within upon among against shall per whether either neither nor another ' +
  'further thereof herein hereby whose whom us me my your itself themselves very just even still already though'
).split(' ');

/**
 * Common English content words, many from contracts and reports: they sit at the
 * mid-high ranks between pseudo-words, and the question templates use them.
 */
const CONTENT_WORDS = (
  'agreement party parties section report data system information year years company period date use ' +
  'law state court service services payment notice rights term terms order business government number ' +
  'case work part people result results process market group policy program management development ' +
  'value cost costs price product products control public research support members member power ' +
  'health water risk level rate change changes office project account plan action control board ' +
  'contract provisions provision obligations obligation liability clause clauses breach damages ' +
  'termination license licensee licensor confidential disclosure indemnification warranty warranties ' +
  'insurance property intellectual assignment jurisdiction arbitration dispute disputes remedy remedies ' +
  'fees invoice invoices delivery customer customers supplier suppliers employee employees employer ' +
  'consent approval approve requirements requirement standard standards quality audit audits records ' +
  'tax taxes revenue income expenses budget capital interest loan credit debt securities shares ' +
  'stock investment investors fund funds bank financial annual quarter quarterly growth sales ' +
  'model analysis method methods study studies table figure sample samples test tests measure ' +
  'energy temperature pressure surface material materials structure design performance error ' +
  'network software hardware user users access security device devices application version ' +
  'author chapter history century war city country region area land building community family ' +
  'children school students education training staff patient patients treatment disease clinical ' +
  'effect effects response reason question evidence problem issue issues approach condition conditions ' +
  'purpose scope schedule exhibit appendix amendment renewal effective written reasonable material ' +
  'applicable governing consideration representations covenants affiliate affiliates subsidiary ' +
  'successor successors notwithstanding limitation exclusive territory royalty royalties minimum ' +
  'maximum total amount amounts percent portion share basis extent manner event events failure ' +
  'responsibility responsible compliance regulations regulation authority agency commission federal ' +
  'national international local general specific particular certain similar important major ' +
  'proposal decision review meeting committee director directors officer officers president chief ' +
  'manager owner owners buyer seller tenant landlord lease premises rent equipment goods inventory ' +
  'shipment shipping transfer transaction transactions closing purchase price merger acquisition ' +
  'rules procedure procedures claim claims loss losses expense third person persons entity entities ' +
  'light heat sound field force energy species growth cells cell protein gene genes rate rates ' +
  'river forest mountain coast island road bridge station train vehicle vehicles engine fuel ' +
  'music art film book books letter letters language word words meaning story novel poem'
).split(' ');

// Empty onsets make vowel-initial syllables.
const ONSETS = ['', '', '', ...'b c d f g h j k l m n p r s t v w z br cr dr fr gr pr tr bl cl fl gl pl sl st sp sk sc sm sn sw ch sh th qu str'.split(' ')];
const VOWELS = 'a e i o u a e i o u ai ea ee oo ou io ia y'.split(' ');
const CODAS = 'n r l s t m nd nt st rt ck ng x rn ll ss th sh ct rd lt mp'.split(' ');
const ENDINGS = 'al ous ive er ing ed ly ic ism ure ance ent ist ary ory ion tion ment ness ity ate ize ous an ia on'.split(' ');

export interface VocabularyOptions {
  /** Distinct words. Default 400,000. */
  size?: number;
  /** Zipf–Mandelbrot exponent s in (rank + q)^-s. Default 1.07. */
  exponent?: number;
  /** Zipf–Mandelbrot offset q; flattens the very top as in real English. Default 2.7. */
  offset?: number;
  seed?: number;
}

/**
 * A ranked vocabulary with a Zipf–Mandelbrot word distribution: real function words
 * at the top, real content words spread over the high ranks, and pronounceable
 * pseudo-words (shorter ones more frequent) for the long tail.
 */
export class SyntheticVocabulary {
  readonly words: string[];
  readonly rankOf: Map<string, number>;
  private readonly sampler: AliasSampler;

  constructor(options: VocabularyOptions = {}) {
    const size = options.size ?? 400_000;
    const exponent = options.exponent ?? 1.07;
    const offset = options.offset ?? 2.7;
    const random = seededRandom(options.seed ?? 1, 0x70c4b);
    const slots: Array<string | undefined> = new Array(size);
    FUNCTION_WORDS.forEach((w, i) => (slots[i] = w));
    const used = new Set<string>(FUNCTION_WORDS);
    // Real content words from rank ~60 to ~6,000, thinning out geometrically.
    const content: string[] = [];
    for (const w of CONTENT_WORDS) {
      if (used.has(w)) continue;
      used.add(w);
      content.push(w);
    }
    content.forEach((w, k) => {
      let rank = Math.round(60 * Math.pow(100, k / content.length));
      while (slots[rank] !== undefined) rank++;
      slots[rank] = w;
    });
    for (let rank = 0; rank < size; rank++) {
      if (slots[rank] !== undefined) continue;
      let word: string;
      do word = pseudoWord(random, rank);
      while (used.has(word));
      used.add(word);
      slots[rank] = word;
    }
    this.words = slots as string[];
    this.rankOf = new Map(this.words.map((w, i) => [w, i]));
    const weights = new Float64Array(size);
    for (let r = 0; r < size; r++) weights[r] = Math.pow(r + 1 + offset, -exponent);
    this.sampler = new AliasSampler(weights);
  }

  /** A word index (its rank, 0 = most frequent) drawn from the Zipf distribution. */
  sampleRank(random: Random): number {
    return this.sampler.sample(random);
  }
}

function pseudoWord(random: Random, rank: number): string {
  // Frequent words are short (Zipf's law of abbreviation).
  const extra = rank < 3_000 ? 0.5 : rank < 40_000 ? 0.3 : 0.6;
  const syllables = (rank < 3_000 ? 1 : 2) + (random() < extra ? 1 : 0);
  let word = '';
  for (let i = 0; i < syllables; i++) {
    word += pick(random, ONSETS) + pick(random, VOWELS);
    if (random() < 0.35) word += pick(random, CODAS);
  }
  if (rank >= 3_000 && random() < 0.3) word += pick(random, ENDINGS);
  return word.length >= 3 ? word : word + pick(random, CODAS);
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}
