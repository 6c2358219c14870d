import { randomInt, seededRandom, type Random } from './seededRandom.js';
import type { SyntheticVocabulary } from './SyntheticVocabulary.js';

export interface SyntheticSection {
  title: string;
  level: number;
  /** Index of the parent in `sections`, or null for a top-level section. */
  parent: number | null;
  page: number;
}

export interface SyntheticPassage {
  /** Index in `sections`, or null for text before the first heading. */
  section: number | null;
  page: number;
  pageEnd: number;
  text: string;
  wordCount: number;
}

export interface SyntheticDocument {
  title: string;
  pages: number;
  sections: SyntheticSection[];
  passages: SyntheticPassage[];
}

const DOCUMENT_KINDS = ['Agreement', 'Report', 'Handbook', 'Study', 'Manual', 'Review', 'Contract', 'Plan', 'Guide', 'Proceedings'];
const TOPIC_WORDS = 120;
const SECTION_TOPIC_WORDS = 12;
/** Shares of running words drawn from the section's and the document's topic words. */
const SECTION_TOPIC_SHARE = 0.06;
const DOCUMENT_TOPIC_SHARE = 0.08;
const NUMBER_SHARE = 0.008;
/** Topic words come from this rank on: a document is about "royalty", not about "the". */
const TOPIC_MIN_RANK = 300;

/**
 * One document of the benchmark corpus. Words follow the vocabulary's Zipf law, but
 * each document (and each section) has topic words it repeats, so rarer words cluster
 * in a few documents the way they do in real libraries. Deterministic in (seed, index).
 */
export function generateSyntheticDocument(vocabulary: SyntheticVocabulary, seed: number, index: number, passageCount: number): SyntheticDocument {
  const random = seededRandom(seed, index + 1);
  const { words } = vocabulary;
  const logMin = Math.log(TOPIC_MIN_RANK);
  const logSpan = Math.log(words.length) - logMin;
  const topic = Array.from({ length: TOPIC_WORDS }, () => Math.floor(Math.exp(logMin + random() * logSpan)));

  const titleWord = (from: readonly number[]): string => capitalize(words[from[Math.floor(random() * random() * from.length)]!]!);
  const commonWord = (): string => {
    let rank: number;
    do rank = vocabulary.sampleRank(random);
    while (rank < 150 || rank > 5_000);
    return capitalize(words[rank]!);
  };

  const title = `${titleWord(topic)} ${titleWord(topic)} ${random() < 0.5 ? `${commonWord()} ` : ''}${DOCUMENT_KINDS[randomInt(random, 0, DOCUMENT_KINDS.length - 1)]}`;
  const sections: SyntheticSection[] = [];
  const passages: SyntheticPassage[] = [];
  const wordsPerPage = randomInt(random, 380, 520);
  let wordsSoFar = 0;
  let section: number | null = null;
  let sectionTopic: number[] = [];
  let nextHeading = randomInt(random, 0, 2);
  let lastTopLevel: number | null = null;
  let topNumber = 0;
  let subNumber = 0;

  for (let p = 0; p < passageCount; p++) {
    const page = Math.floor(wordsSoFar / wordsPerPage) + 1;
    if (p === nextHeading) {
      sectionTopic = Array.from({ length: SECTION_TOPIC_WORDS }, () => topic[Math.floor(random() * topic.length)]!);
      const child = lastTopLevel !== null && random() < 0.35;
      const number = child ? `${topNumber}.${++subNumber}` : `${++topNumber}`;
      if (!child) subNumber = 0;
      const nameWords = [titleWord(sectionTopic), ...(random() < 0.6 ? [commonWord()] : []), ...(random() < 0.4 ? [titleWord(sectionTopic)] : [])];
      sections.push({ title: `${number} ${nameWords.join(' ')}`, level: child ? 2 : 1, parent: child ? lastTopLevel : null, page });
      section = sections.length - 1;
      if (!child) lastTopLevel = section;
      nextHeading = p + randomInt(random, 6, 24);
    }
    // 80–250 words, most near the middle, as a chunker that packs sentences produces.
    const wordCount = 80 + Math.floor(85 * (random() + random()));
    const text = passageText(vocabulary, random, wordCount, topic, sectionTopic);
    wordsSoFar += wordCount;
    passages.push({ section, page, pageEnd: Math.floor((wordsSoFar - 1) / wordsPerPage) + 1, text, wordCount });
  }
  return { title, pages: Math.floor((wordsSoFar - 1) / wordsPerPage) + 1, sections, passages };
}

function passageText(vocabulary: SyntheticVocabulary, random: Random, wordCount: number, topic: readonly number[], sectionTopic: readonly number[]): string {
  const { words } = vocabulary;
  let text = '';
  let sentenceLeft = 0;
  for (let i = 0; i < wordCount; i++) {
    const u = random();
    let word: string;
    if (u < NUMBER_SHARE) word = String(randomInt(random, 1, 2030));
    else if (u < NUMBER_SHARE + SECTION_TOPIC_SHARE && sectionTopic.length > 0) word = words[sectionTopic[Math.floor(random() * random() * sectionTopic.length)]!]!;
    else if (u < NUMBER_SHARE + SECTION_TOPIC_SHARE + DOCUMENT_TOPIC_SHARE) word = words[topic[Math.floor(random() * random() * topic.length)]!]!;
    else word = words[vocabulary.sampleRank(random)]!;
    if (sentenceLeft === 0) {
      sentenceLeft = randomInt(random, 6, 28);
      word = capitalize(word);
      if (i > 0) text += ' ';
    } else text += random() < 0.07 ? ', ' : ' ';
    text += word;
    if (--sentenceLeft === 0 || i === wordCount - 1) {
      text += '.';
      sentenceLeft = 0;
    }
  }
  return text;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
