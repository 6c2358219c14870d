/**
 * Counts every entity's mentions in one pass over a document: all names and aliases go
 * into one trie of key words, and each passage is read once, taking the longest name
 * that starts at each word ("Excite Japan Site" before "Excite"). Matching on key words
 * makes "Parties" a mention of "Party" and "Licensee's" one of "Licensee".
 */
import { WORD_PATTERN, wordKey, wordSpans, writtenWordKey } from './entityKey.js';

/**
 * `any`: any case (topics: "governing law" in running text). `capital`: the first word
 * capitalised, as defined terms and names are written ("the Company", not "a company").
 * `upper`: all capitals, for short acronyms ("IT" is not "it").
 */
export type CaseRule = 'any' | 'capital' | 'upper';

interface Node {
  next: Map<string, Node> | null;
  ends: Array<{ entity: number; rule: CaseRule }> | null;
}

export interface MentionCounts {
  /** Entity → passage index → occurrences. */
  mentions: Map<number, Map<number, number>>;
  /** Entity → the text of each occurrence → how often, for picking its usual name. */
  surfaces: Map<number, Map<string, number>>;
}

export class MentionCounter {
  private readonly root: Node = { next: new Map(), ends: null };

  /** Registers a surface form of an entity (its name or an alias). Empty names are ignored. */
  add(entity: number, surface: string, rule: CaseRule): void {
    let node = this.root;
    let words = 0;
    for (const m of surface.matchAll(WORD_PATTERN)) {
      const key = wordKey(m[0].toLowerCase());
      if (key === null) continue;
      node.next ??= new Map();
      let child = node.next.get(key);
      if (!child) node.next.set(key, (child = { next: null, ends: null }));
      node = child;
      words++;
    }
    if (words === 0) return;
    node.ends ??= [];
    const existing = node.ends.find((e) => e.entity === entity);
    // The same entity under two rules: the looser one wins.
    if (existing) existing.rule = looser(existing.rule, rule);
    else node.ends.push({ entity, rule });
  }

  /** Reads every passage once. */
  count(passages: ReadonlyArray<{ text: string }>): MentionCounts {
    const mentions = new Map<number, Map<number, number>>();
    const surfaces = new Map<number, Map<string, number>>();
    const keys: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    const words: string[] = [];
    const spans: number[] = [];
    passages.forEach(({ text }, passage) => {
      let n = 0;
      const found = wordSpans(text, spans);
      for (let w = 0; w < found; w += 2) {
        const word = text.slice(spans[w]!, spans[w + 1]!);
        const key = writtenWordKey(word);
        if (key === null) continue;
        keys[n] = key;
        starts[n] = spans[w]!;
        ends[n] = spans[w + 1]!;
        words[n] = word;
        n++;
      }
      for (let i = 0; i < n; i++) {
        let node = this.root.next!.get(keys[i]!);
        if (!node) continue;
        let bestEnd = -1;
        let best: Node | null = null;
        for (let j = i; node;) {
          if (node.ends && node.ends.some((e) => fits(words[i]!, e.rule))) {
            bestEnd = j;
            best = node;
          }
          if (++j >= n || !node.next) break;
          node = node.next.get(keys[j]!);
        }
        if (!best) continue;
        const surface = text
          .slice(starts[i]!, ends[bestEnd]!)
          .replace(/\s+/g, ' ')
          .replace(/['’]s$/, '');
        for (const e of best.ends!) {
          if (!fits(words[i]!, e.rule)) continue;
          countIn(mapIn(mentions, e.entity), passage);
          countIn(mapIn(surfaces, e.entity), surface);
        }
        i = bestEnd;
      }
    });
    return { mentions, surfaces };
  }
}

function fits(word: string, rule: CaseRule): boolean {
  if (rule === 'any') return true;
  const first = word[0]!;
  if (rule === 'capital') return first !== first.toLowerCase();
  return word === word.toUpperCase() && word !== word.toLowerCase();
}

function looser(a: CaseRule, b: CaseRule): CaseRule {
  return a === 'any' || b === 'any' ? 'any' : a === 'capital' || b === 'capital' ? 'capital' : 'upper';
}

function countIn<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function mapIn<K, V>(map: Map<K, Map<V, number>>, key: K): Map<V, number> {
  let inner = map.get(key);
  if (!inner) map.set(key, (inner = new Map()));
  return inner;
}
