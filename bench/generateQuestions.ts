import type { Database } from 'better-sqlite3';
import { seededRandom, type Random } from './seededRandom.js';
import type { SyntheticVocabulary } from './SyntheticVocabulary.js';

export interface BenchQuestion {
  text: string;
  /** The passage the question's slot words were mostly taken from. */
  sourcePassageId: number;
}

/**
 * Question shapes a person might type. Slots: {r} a rare word, {m} a mid-frequency
 * word, {c} a common content word. The fixed words are part of the test: some are
 * Lectern stopwords, some are common corpus words ("agreement", "notice"), some
 * never occur in the corpus ("covers", "fails").
 */
const TEMPLATES = [
  'which clause in the agreement covers {r} and {m} obligations',
  'what does the report say about {m} {r}',
  'how is {r} related to {m} in the {c} section',
  'where does the author discuss {r} {m} and {c}',
  'when must the {c} {m} be delivered under {r}',
  'who is responsible for {r} if the {m} fails',
  'why did the {c} reject the {r} proposal',
  'list every {m} that mentions {r} or {r}',
  'what are the {c} requirements for {r} {m}',
  '{r} {m} termination notice period',
  'is there any {m} about {r} in these documents',
  'explain the difference between {r} and {m} {c}',
  'what happens to {m} payments after the {r} ends',
  'summarize the {c} {m} risks of {r} for the company',
  'does the {r} {m} apply to {c} customers under {r}',
  'find the liability limitation for {r} and {m}',
];

const COMMON = [150, 600] as const;
const MID = [600, 6_000] as const;
const RARE = [6_000, Infinity] as const;

/**
 * Questions built mostly from one random passage's own words (people ask about things
 * that are in their library), with some slots from the global distribution instead.
 */
export function generateQuestions(db: Database, vocabulary: SyntheticVocabulary, count: number, seed: number): BenchQuestion[] {
  const random = seededRandom(seed, 0x9e57);
  const maxId = (db.prepare('SELECT max(id) AS n FROM passages').get() as { n: number }).n;
  const passageText = db.prepare<[number], { text: string }>('SELECT text FROM passages WHERE id = ?');
  const questions: BenchQuestion[] = [];
  while (questions.length < count) {
    const sourcePassageId = 1 + Math.floor(random() * maxId);
    const text = passageText.get(sourcePassageId)?.text;
    if (!text) continue;
    const ranked = [...new Set(text.toLowerCase().match(/\p{L}+/gu) ?? [])].map((w) => ({ w, rank: vocabulary.rankOf.get(w) ?? -1 }));
    const inBand = (band: readonly [number, number]): string[] => ranked.filter((x) => x.rank >= band[0] && x.rank < band[1]).map((x) => x.w);
    const local = { r: inBand(RARE), m: inBand(MID), c: inBand(COMMON) };
    const template = TEMPLATES[Math.floor(random() * TEMPLATES.length)]!;
    const used = new Set<string>();
    const filled = template.replace(/\{([rmc])\}/g, (_, slot: 'r' | 'm' | 'c') => {
      const fromPassage = { r: 0.85, m: 0.6, c: 0.4 }[slot];
      const pool = local[slot].filter((w) => !used.has(w));
      const band = { r: RARE, m: MID, c: COMMON }[slot];
      const word = pool.length > 0 && random() < fromPassage ? pool[Math.floor(random() * pool.length)]! : globalWord(vocabulary, random, band);
      used.add(word);
      return word;
    });
    questions.push({ text: filled, sourcePassageId });
  }
  return questions;
}

function globalWord(vocabulary: SyntheticVocabulary, random: Random, band: readonly [number, number]): string {
  for (;;) {
    const rank = vocabulary.sampleRank(random);
    if (rank >= band[0] && rank < band[1]) return vocabulary.words[rank]!;
  }
}
