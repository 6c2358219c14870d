import type { EntityKeyReader } from '../../store/EntityKeyReader.js';
import { isStopKey, textWords } from './textWords.js';

/** An entity a piece of text names, and how much that says (1: a specific name; less: a word found everywhere). */
export interface LinkedEntity {
  entityId: number;
  weight: number;
}

/** Longer names than this are not looked for (entity names are short phrases). */
const MAX_NGRAM = 5;
/** A name whose words come in another order ("law governs" for "governing law") must fit in this many words. */
const SCATTER_WINDOW = 6;
const WORD_CACHE = 20_000;
/** Texts are searched, asked and highlighted; the first words carry the meaning. */
const MAX_WORDS = 600;
const MAX_LINKS = 12;

/**
 * Links free text (a search, a question, a highlighted sentence) to the library's entities:
 * every run of 1–5 stemmed words that does not start or end with a function word is looked
 * up against `entities.key` and `entity_aliases.key` in one query, and so is every name of
 * several words whose words all come close together in another order ("which law governs"
 * names "governing law"). Longer matches win over the shorter ones inside them. When several entities share a name, those of `documentId` are
 * preferred. An entity that most documents mention weighs less than a rare one.
 */
export class TextEntityLinker {
  /** Key word → passages whose text has it; dropped when passages are added or removed. */
  private wordCounts: { version: string; passages: number; byWord: Map<string, number> } | null = null;
  /** Content word → the multi-word keys containing it; rebuilt when entities are added or removed. */
  private scatterIndex: { version: string; byWord: Map<string, string[]> } | null = null;

  constructor(private readonly keys: EntityKeyReader) {}

  link(text: string, documentId?: string | null): LinkedEntity[] {
    this.refreshCounts();
    const words = textWords(text).slice(0, MAX_WORDS);
    const grams = new Map<string, Array<{ start: number; end: number }>>();
    for (let start = 0; start < words.length; start++) {
      if (words[start]!.stop) continue;
      let key = '';
      for (let end = start; end < Math.min(words.length, start + MAX_NGRAM); end++) {
        key = key ? `${key} ${words[end]!.key}` : words[end]!.key;
        if (words[end]!.stop) continue;
        const spans = grams.get(key) ?? [];
        spans.push({ start, end });
        grams.set(key, spans);
      }
    }
    this.addScattered(words, grams);
    if (grams.size === 0) return [];
    const rows = this.keys.match([...grams.keys()], documentId ?? '');
    if (rows.length === 0) return [];
    const byKey = new Map<string, typeof rows>();
    for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);

    // Longest names first; a word already part of a longer name does not link again on its own.
    const keys = [...byKey.keys()].sort((a, b) => b.split(' ').length - a.split(' ').length || a.localeCompare(b));
    const taken = new Array<boolean>(words.length).fill(false);
    const documents = Math.max(1, this.keys.documents());
    const links = new Map<number, number>();
    for (const key of keys) {
      const free = grams.get(key)!.filter((s) => !taken.slice(s.start, s.end + 1).some(Boolean));
      if (free.length === 0) continue;
      for (const s of free) taken.fill(true, s.start, s.end + 1);
      const candidates = byKey.get(key)!;
      const local = candidates.filter((c) => c.inDocument);
      for (const c of local.length > 0 ? local : candidates) {
        // Inverse document frequency, so a word every contract uses ("party") says far less than
        // "escrow"; anything in fewer than about √N documents counts fully. A name of several words
        // ("governing law") is specific however common: it loses at most half.
        const idf = Math.min(1, Math.log(1 + documents / Math.max(1, c.df)) / Math.log(1 + documents) / 0.5);
        const weight = key.includes(' ') ? 0.5 + 0.5 * idf : Math.max(0.05, Math.min(idf, this.rarity(key)) ** 2);
        links.set(c.id, Math.max(links.get(c.id) ?? 0, weight));
      }
    }
    return [...links]
      .map(([entityId, weight]) => ({ entityId, weight }))
      .sort((a, b) => b.weight - a.weight || a.entityId - b.entityId)
      .slice(0, MAX_LINKS);
  }

  /**
   * How rare a word is in the library's text, in (0, 1]: a one-word name that is also an
   * everyday word of every contract ("party", "date") links weakly, however few documents
   * define it. Full weight below about one passage in 20. Call `refreshCounts` first in
   * each operation, so a library that changed is noticed.
   */
  rarity(word: string): number {
    const counts = this.wordCounts ?? this.refreshCounts();
    let found = counts.byWord.get(word);
    if (found === undefined) {
      found = this.keys.passagesWith(word) ?? 0;
      if (counts.byWord.size >= WORD_CACHE) counts.byWord.clear();
      counts.byWord.set(word, found);
    }
    if (found === 0 || counts.passages === 0) return 1;
    return Math.min(1, Math.log(1 + counts.passages / found) / Math.log(21));
  }

  /** Drops the cached word counts when passages were added or removed since they were read. */
  refreshCounts(): { passages: number; byWord: Map<string, number> } {
    const { maxId, n } = this.keys.passagesVersion();
    const version = `${maxId}:${n}`;
    if (this.wordCounts?.version !== version) this.wordCounts = { version, passages: this.keys.passages(), byWord: new Map() };
    return this.wordCounts;
  }

  /** Adds multi-word names whose content words all occur within SCATTER_WINDOW words, in any order. */
  private addScattered(words: ReadonlyArray<{ key: string; stop: boolean }>, grams: Map<string, Array<{ start: number; end: number }>>): void {
    const positions = new Map<string, number[]>();
    words.forEach((w, i) => {
      if (!w.stop) positions.set(w.key, [...(positions.get(w.key) ?? []), i]);
    });
    if (positions.size < 2) return;
    const byWord = this.scatterKeys();
    const seen = new Set<string>();
    for (const word of positions.keys()) {
      for (const key of byWord.get(word) ?? []) {
        if (seen.has(key) || grams.has(key)) continue;
        seen.add(key);
        const content = key.split(' ').filter((k) => !isStopKey(k));
        // One content word ("dated as of") is a one-word name in disguise: only in order, as an n-gram.
        if (content.length < 2 || !content.every((k) => positions.has(k))) continue;
        const span = tightestSpan(content.map((k) => positions.get(k)!));
        if (span && span.end - span.start < SCATTER_WINDOW) grams.set(key, [span]);
      }
    }
  }

  private scatterKeys(): Map<string, string[]> {
    const { maxId, n } = this.keys.entitiesVersion();
    const version = `${maxId}:${n}`;
    if (this.scatterIndex?.version !== version) {
      const byWord = new Map<string, string[]>();
      for (const key of this.keys.multiWord()) {
        const words = key.split(' ');
        if (words.length > MAX_NGRAM) continue;
        for (const w of new Set(words)) if (!isStopKey(w)) byWord.set(w, [...(byWord.get(w) ?? []), key]);
      }
      this.scatterIndex = { version, byWord };
    }
    return this.scatterIndex.byWord;
  }
}

/** The shortest run of positions holding one position from each list (lists are ascending). */
function tightestSpan(lists: readonly number[][]): { start: number; end: number } | null {
  let best: { start: number; end: number } | null = null;
  const all = lists.flatMap((l, i) => l.map((p) => ({ p, i }))).sort((a, b) => a.p - b.p);
  const count = new Array<number>(lists.length).fill(0);
  let covered = 0;
  let left = 0;
  for (const right of all) {
    count[right.i] = count[right.i]! + 1;
    if (count[right.i] === 1) covered++;
    while (covered === lists.length) {
      const start = all[left]!.p;
      if (!best || right.p - start < best.end - best.start) best = { start, end: right.p };
      const i = all[left]!.i;
      count[i] = count[i]! - 1;
      if (count[i] === 0) covered--;
      left++;
    }
  }
  return best;
}
