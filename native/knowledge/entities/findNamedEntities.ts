/**
 * People, organisations and places, tagged by compromise (its lexicons of given names,
 * places and organisation words are what it is good at) over the document's distinct
 * candidate names, all in one call. Their mentions are counted later with every other
 * entity's, in one pass over the text.
 */
import { indexedBulkMatch } from './indexedBulkMatch.js';
import { CORPORATE_SUFFIX, nameCandidates } from './nameCandidates.js';

export interface NamedEntityFinding {
  kind: 'person' | 'organization' | 'place';
  /** The name as tagged, cleaned of punctuation, quotes and possessives. */
  name: string;
}

/** Distinct candidates tagged per document: bounds the tagger's time on long documents. */
export const MAX_CANDIDATES = 160;

type Nlp = typeof import('compromise').default;
interface Tagger {
  nlp: Nlp;
  couldBeName: (words: readonly string[]) => boolean;
  /** Whether compromise's lexicon has the (lower-case) word or phrase as a name, place or organisation. */
  isName: (phrase: string) => boolean;
  isGivenName: (word: string) => boolean;
  isNameWord: (word: string) => boolean;
}
let loading: Promise<Tagger> | null = null;

/** Lexicon tags of words compromise may build a person, place or organisation on. */
const NAME_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName', 'LastName', 'Person', 'Honorific', 'City', 'Country', 'Region', 'Place', 'Organization', 'ProperNoun']);

/** compromise takes a fifth of a second to load: only when the first document is read. */
function loadTagger(): Promise<Tagger> {
  loading ??= import('compromise').then((m) => {
    const nlp = m.default;
    // The same matches as compromise's own sweep, without its walk over every pattern key per sentence.
    // Written against compromise 14's sweep (indexedBulkMatch.test checks them equal): another major version keeps its own.
    if (nlp.version.startsWith('14.')) nlp.plugin({ methods: { one: { bulkMatch: indexedBulkMatch } } });
    const model = nlp.model() as { one: { lexicon: Record<string, string | string[]> }; two: { orgWords: Record<string, unknown>; placeWords: Record<string, unknown> } };
    const { lexicon } = model.one;
    const isName = (phrase: string) => {
      const tags = lexicon[phrase];
      return tags !== undefined && (Array.isArray(tags) ? tags.some((t) => NAME_TAGS.has(t)) : NAME_TAGS.has(tags));
    };
    const { orgWords, placeWords } = model.two;
    const isGivenName = (word: string) => {
      const tags = lexicon[word];
      return tags !== undefined && [tags].flat().some((t) => t === 'FirstName' || t === 'MaleName' || t === 'FemaleName');
    };
    const isNameWord = (word: string) => Object.hasOwn(orgWords, word) || Object.hasOwn(placeWords, word);
    // compromise finds names through its lexicon (given names, cities, countries, known
    // organisations) and organisation and place words ("Association", "County"); a candidate
    // with none of them is a capitalised phrase it would not tag, so it is never sent.
    const couldBeName = (words: readonly string[]) => {
      const lower = words.map((w) => w.toLowerCase().replace(/\.$/, ''));
      for (let i = 0; i < lower.length; i++) {
        const w = lower[i]!;
        if (isName(w) || Object.hasOwn(orgWords, w) || Object.hasOwn(placeWords, w)) return true;
        if (i + 1 < lower.length && (isName(`${w} ${lower[i + 1]}`) || (i + 2 < lower.length && isName(`${w} ${lower[i + 1]} ${lower[i + 2]}`)))) return true;
      }
      return false;
    };
    return { nlp, couldBeName, isName, isGivenName, isNameWord };
  });
  return loading;
}

/** A term of compromise's document: its text, the punctuation and space around it, and [sentence, term]. */
interface Term {
  text: string;
  pre: string;
  post: string;
  index: [number, number];
}
type Tagged = { docs: Term[][] };

/** Named people, organisations and places of the passages; names whose key is in `known` are skipped. */
export async function findNamedEntities(passages: ReadonlyArray<{ text: string }>, known: ReadonlySet<string>): Promise<NamedEntityFinding[]> {
  const tagger = await loadTagger();
  const { candidates, lowerSeen } = nameCandidates(passages, known, MAX_CANDIDATES, tagger.couldBeName);
  if (candidates.length === 0) return [];
  // One paragraph per candidate: compromise never joins sentences across a blank line, so
  // sentence n is candidate n (checked: should a candidate be split, its matches are not trusted).
  const doc = tagger.nlp(candidates.map((c) => c.text).join('\n\n')) as unknown as Tagged & {
    organizations(): Tagged;
    people(): Tagged;
    places(): Tagged;
  };
  const sentenceOf = sentenceCandidates(
    doc.docs,
    candidates.map((c) => c.text),
  );
  const found: NamedEntityFinding[] = [];
  const taken = new Set<number>();
  const take = (kind: NamedEntityFinding['kind'], tagged: Tagged) => {
    for (const terms of tagged.docs) {
      const index = sentenceOf.get(terms[0]!.index[0]);
      if (index === undefined || taken.has(index)) continue;
      const candidate = candidates[index]!.text;
      let name = cleanName(terms.map((t, i) => (i > 0 ? t.pre : '') + t.text + (i < terms.length - 1 ? t.post : t.post.trimEnd())).join(''));
      // "the State of Delaware" and "Delaware" are one place.
      if (name && kind === 'place') name = name.replace(/^(?:the\s+)?(?:State|Commonwealth|Province|Republic|Kingdom|City|County|Territory)\s+of\s+(?=\p{Lu})/u, '');
      // "Bank of America" tagged as the place "America" is neither: the tag must cover most of the name.
      if (!name || words(name) * 3 < words(candidate) * 2) continue;
      if (kind !== 'organization' && CORPORATE_SUFFIX.test(candidate.split(/[\s,]+/).at(-1)!)) continue;
      if (!plausible(kind, name, tagger, lowerSeen)) continue;
      taken.add(index);
      found.push({ kind, name });
    }
  };
  take('organization', doc.organizations());
  take('person', doc.people());
  take('place', doc.places());
  return found;
}

/** Sentence number → candidate index, for the sentences that are exactly one whole candidate. */
function sentenceCandidates(sentences: Term[][], candidates: readonly string[]): Map<number, number> {
  const out = new Map<number, number>();
  let next = 0;
  sentences.forEach((terms, n) => {
    const text = terms
      .map((t) => t.pre + t.text + t.post)
      .join('')
      .trim();
    // Usually sentence n is candidate n; should compromise split one, the pieces match none and are skipped.
    for (let c = next; c < Math.min(candidates.length, next + 3); c++) {
      if (candidates[c] === text) {
        out.set(n, c);
        next = c + 1;
        return;
      }
    }
  });
  return out;
}

/**
 * Second thoughts on the tagger's guesses, from what the document itself shows: a word it
 * also writes in lower case is an ordinary word ("Site Development" is no place, "Copyright
 * Grant" no one), unless compromise knows it as part of a name.
 */
function plausible(kind: NamedEntityFinding['kind'], name: string, tagger: Tagger, lowerSeen: ReadonlySet<string>): boolean {
  const all = name
    .replace(/^(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+/, '')
    .split(/[\s,]+/)
    .filter((w) => w !== '');
  const lower = all.map((w) => w.toLowerCase().replace(/\.$/, ''));
  const covered = new Set<number>();
  for (let i = 0; i < lower.length; i++) {
    for (let n = 3; n >= 1; n--) {
      if (i + n <= lower.length && tagger.isName(lower.slice(i, i + n).join(' '))) for (let k = i; k < i + n; k++) covered.add(k);
    }
  }
  const ordinary = lower.map((w, i) => lowerSeen.has(w) && !covered.has(i) && !tagger.isNameWord(w) && !CONNECTOR.test(w) && !CORPORATE_SUFFIX.test(w));
  if (kind === 'person') {
    // A lone given name is too often a word ("Grant", "Will", "Chase") and names no one in particular.
    if (all.length < 2) return false;
    return tagger.isGivenName(lower[0]!) || /^\p{Lu}\.?$/u.test(all[0]!) || !ordinary.some(Boolean);
  }
  if (kind === 'place') return !ordinary.some(Boolean);
  return !lower.every((w, i) => ordinary[i] || CORPORATE_SUFFIX.test(w) || CONNECTOR.test(w));
}

const CONNECTOR = /^(?:of|for|and|&|the|de|du|la|van|von|der)$/;

function words(text: string): number {
  return text.split(/\s+/).filter((w) => w !== '').length;
}

/** The tagger's span without surrounding punctuation, quotes or a possessive; null if nothing name-like is left. */
function cleanName(raw: string): string | null {
  let name = raw.replace(/\s+/g, ' ').replace(/^[\s"“”'‘’([,.;:-]+|[\s"“”'‘’)\],;:-]+$/g, '');
  name = name.replace(/['’]s$/, '');
  if (!/(?:Inc|Co|Corp|Ltd|Jr|Sr|[A-Z])\.$/.test(name)) name = name.replace(/\.+$/, '');
  if (!/\p{L}{2}/u.test(name) || CORPORATE_SUFFIX.test(name.replace(/\.$/, ''))) return null;
  return name;
}
