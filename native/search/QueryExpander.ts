import type { DefinedTermReader } from '../store/DefinedTermReader.js';
import { expansionsFor, type PhraseGroup } from './expandQuery.js';
import { findAbbreviations, longFormBefore } from './findAbbreviations.js';
import { queryWords } from './queryWords.js';
import { searchVocabulary, type SearchVocabulary } from './SearchVocabulary.js';

/** Stems of words as the index's tokenizer makes them; undefined where a word has none. */
export type Stem = (words: string[]) => Array<string | undefined>;

/** A query word whose stem the tokenizer shares with words of another meaning. */
export interface SeparatedWord {
  word: string;
  /** Matches the word's own family ("governing", "governed", …), not the others ("government"). */
  family: RegExp;
}

/** Documents whose names and abbreviations are kept between searches. */
const MAX_CACHED_DOCUMENTS = 200;
/** Documents of a scope whose own names expand a query; beyond, only the thesaurus does. */
const MAX_EXPANDING_DOCUMENTS = 20;

/**
 * What a query also searches for, beyond its own words: the thesaurus's equivalents
 * (resources/searchThesaurus.json) and, within documents, the names each document gives
 * one thing (defined terms and parties with their aliases, stored by ingest) and the
 * abbreviations it introduces ("Chief Executive Officer (CEO)"). Also tells which query
 * words the stemmer joins with words of another meaning (resources/stemExceptions.json).
 */
export class QueryExpander {
  private thesaurus: PhraseGroup[] | null = null;
  private exceptions: Map<string, string[][]> | null = null;
  private readonly documentGroups = new Map<string, PhraseGroup[]>();
  constructor(
    private readonly definedTerms: DefinedTermReader,
    private readonly stem: Stem,
    private readonly vocabulary: SearchVocabulary = searchVocabulary(),
  ) {}

  /** Forget what was read of documents; call after documents are added, re-read or removed. */
  invalidate(): void {
    this.documentGroups.clear();
  }

  /** Phrases to search for besides `words` (the query's content words, `stems` theirs). */
  expansions(words: readonly string[], stems: ReadonlyArray<string | undefined>, documentIds: readonly string[]): string[] {
    const queryStems = stems.map((s, i) => s ?? words[i]!);
    const groups = [...this.thesaurusGroups()];
    for (const id of documentIds.slice(0, MAX_EXPANDING_DOCUMENTS)) groups.push(...this.groupsOf(id));
    return expansionsFor(queryStems, groups);
  }

  /** The query words whose stem is listed as joining words of different meanings, with their own family. */
  separated(words: readonly string[], stems: ReadonlyArray<string | undefined>): SeparatedWord[] {
    this.exceptions ??= new Map(this.vocabulary.stemExceptions.stems.map((e) => [e.stem, e.families]));
    const out: SeparatedWord[] = [];
    words.forEach((word, i) => {
      const families = stems[i] === undefined ? undefined : this.exceptions!.get(stems[i]!);
      const family = families?.find((f) => f.includes(word));
      if (family) out.push({ word, family: new RegExp(`(?<![\\p{L}\\p{N}])(${family.join('|')})(?![\\p{L}\\p{N}])`, 'iu') });
    });
    return out;
  }

  private thesaurusGroups(): PhraseGroup[] {
    this.thesaurus ??= this.groups(this.vocabulary.thesaurus.groups.map((g) => g.terms));
    return this.thesaurus;
  }

  /** A document's own equivalent names: defined terms and parties with their aliases, and its abbreviations. */
  private groupsOf(documentId: string): PhraseGroup[] {
    let groups = this.documentGroups.get(documentId);
    if (groups) return groups;
    const sets: string[][] = [];
    for (const { names, definition } of this.definedTerms.namesOf(documentId)) {
      const members = [...names];
      // `"DMA" … Direct Marketing Association`: a defined abbreviation whose definition ends in its long form.
      const long = definition && names[0] ? longFormBefore(names[0], definition.replace(/[\s"“”'’(]+$/u, '')) : null;
      if (long && /^[A-Z&]{2,8}$/.test(names[0]!)) members.push(long);
      if (members.length >= 2) sets.push(members);
    }
    for (const text of this.definedTerms.passageTextsOf(documentId)) for (const a of findAbbreviations(text)) sets.push([a.short, a.long]);
    groups = this.groups(sets);
    if (this.documentGroups.size >= MAX_CACHED_DOCUMENTS) this.documentGroups.clear();
    this.documentGroups.set(documentId, groups);
    return groups;
  }

  /** Phrase groups with each member keyed by the stems of its content words, stemmed in one pass. */
  private groups(sets: readonly string[][]): PhraseGroup[] {
    const wordsOf = sets.map((set) => set.map((phrase) => queryWords(phrase).content));
    const flat = wordsOf.flat(2);
    const stems = flat.length > 0 ? this.stem(flat) : [];
    let at = 0;
    return sets.map((set, g) => ({
      members: set.map((phrase, m) => {
        const key = wordsOf[g]![m]!.map((w) => stems[at++] ?? w);
        return { phrase: phrase.toLowerCase(), key };
      }),
    }));
  }
}
