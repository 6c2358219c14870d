/**
 * compromise's bulk matcher (`methods.one.bulkMatch`, the sweep its tagger runs its
 * hundreds of correction patterns through), finding exactly what compromise's own does,
 * only sooner. compromise picks each sentence's patterns by walking every key of its
 * pattern index and asking whether the sentence holds it: over a thousand keys per
 * sentence, and entity extraction sends it one short sentence per candidate name, so that
 * walk was a fifth of extraction's time. Here each sentence's few words and tags are
 * looked up in the index instead, and the patterns are put in the order compromise's walk
 * would give them (tagging depends on it). The rest (needs, wants, minimum words, running
 * the patterns) is compromise's own logic, kept step for step.
 */

/** A compiled pattern of compromise's net (only the fields the sweep reads). */
interface NetMatch {
  match: string;
  needs: string[];
  wants: string[];
  minWant: number;
  minWords: number;
  ifNo?: string[];
  unTag?: unknown;
}

interface Net {
  hooks: Record<string, NetMatch[]>;
  always: NetMatch[];
}

type Sentence = unknown[];

interface SweepMethods {
  one: {
    cacheDoc(document: Sentence[]): Array<Set<string>>;
    match(document: Sentence[], match: NetMatch): { ptrs: number[][] };
  };
}

export type BulkMatch = (document: Sentence[], net: Net, methods: SweepMethods, opts?: { matchOne?: boolean }) => unknown[];

/** A drop-in for compromise 14's `methods.one.bulkMatch`, installed with `nlp.plugin({ methods: { one: { bulkMatch } } })`. */
export const indexedBulkMatch: BulkMatch = (document, net, methods, opts = {}) => {
  const docCache = methods.one.cacheDoc(document);
  const { keys, order } = keyOrder(net.hooks);
  const results: unknown[] = [];
  for (let n = 0; n < document.length; n++) {
    const haves = docCache[n]!;
    const hit: number[] = [];
    for (const item of haves) {
      const at = order.get(item);
      if (at !== undefined) hit.push(at);
    }
    hit.sort((a, b) => a - b);
    // compromise keeps the first pattern of each match text (`already[m.match]`, a plain object, on which "__proto__" never sticks).
    const already = new Set<string>();
    const maybe: NetMatch[] = [];
    for (const at of hit) {
      for (const m of net.hooks[keys[at]!]!) {
        if (already.has(m.match)) continue;
        if (m.match !== '__proto__') already.add(m.match);
        maybe.push(m);
      }
    }
    const termCount = document[n]!.length;
    const todo = maybe.filter((m) => usable(m, haves));
    for (const m of net.always) todo.push(m);
    for (const m of todo) {
      if (termCount < m.minWords) continue;
      const res = methods.one.match([document[n]!], m);
      if (res.ptrs.length === 0) continue;
      for (const ptr of res.ptrs) {
        ptr[0] = n;
        const found = Object.assign({}, m, { pointer: ptr });
        if (m.unTag !== undefined) found.unTag = m.unTag;
        results.push(found);
      }
      if (opts.matchOne === true) return [results[0]];
    }
  }
  return results;
};

/** A net's index is built once and never changed: its key order is read once per net. */
const orders = new WeakMap<object, { keys: string[]; order: Map<string, number> }>();

/** The index's keys in compromise's walk order (`Object.keys`), and where each one comes. */
function keyOrder(hooks: Record<string, NetMatch[]>): { keys: string[]; order: Map<string, number> } {
  let known = orders.get(hooks);
  if (!known) {
    const keys = Object.keys(hooks);
    known = { keys, order: new Map(keys.map((k, i) => [k, i])) };
    orders.set(hooks, known);
  }
  return known;
}

/** compromise's trim: every need present, no `ifNo` present, and enough of the wants. */
function usable(m: NetMatch, haves: ReadonlySet<string>): boolean {
  for (const need of m.needs) if (!haves.has(need)) return false;
  if (m.ifNo !== undefined && m.ifNo.some((no) => haves.has(no))) return false;
  if (m.wants.length === 0) return true;
  let found = 0;
  for (const want of m.wants) if (haves.has(want)) found++;
  return found >= m.minWant;
}
