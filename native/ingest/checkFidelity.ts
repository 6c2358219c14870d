import type { ComposedPage, Paragraph, PassageDraft, StructuredDocument } from './documentModel.js';

/** A page whose share of body words found in the passages is below this is reported. */
export const PAGE_FIDELITY_THRESHOLD = 0.995;

export interface FidelityReport {
  /** Share of the document's body words found in the passages, in order, each once; null when it has none. */
  document: number | null;
  /** The same share per page, in the order of `pages`; null for a page without body words. */
  pages: Array<number | null>;
  bodyWords: number;
  /** Body words the alignment found in the passages. */
  matchedWords: number;
  /** Passage words that match no body word: text repeated or invented by structuring. */
  extraWords: number;
}

/**
 * How much of the body text reached the passages. Body text is the paragraphs (page text
 * less running headers, footers and page numbers, which composing keeps out of them).
 * Words are compared normalized (case, punctuation) and aligned as sequences, not as bags:
 * a body word counts once, only where the passages have it in reading order.
 *
 * The alignment walks both word sequences together and, where they part, jumps to the
 * nearest place where they agree again on three words, found through an index of word
 * trigrams; so it runs in O(n log n), never O(n²), and costs about as much as reading
 * the words.
 */
export function checkFidelity(pages: readonly ComposedPage[], paragraphs: readonly Paragraph[], passages: readonly PassageDraft[]): FidelityReport {
  const ids = new Map<string, number>();
  const pageIndex = new Map(pages.map((p, i) => [p.number, i]));
  const bodyWords: number[] = [];
  const bodyPage: number[] = [];
  for (const p of paragraphs) {
    const page = pageIndex.get(p.page) ?? -1;
    for (const w of normalizedWords(p.text, ids)) {
      bodyWords.push(w);
      bodyPage.push(page);
    }
  }
  const passageWords: number[] = [];
  for (const passage of passages) for (const w of normalizedWords(passage.text, ids)) passageWords.push(w);
  const matched = alignWords(bodyWords, passageWords);

  const perPage = pages.map(() => ({ words: 0, matched: 0 }));
  let matchedWords = 0;
  for (let i = 0; i < bodyWords.length; i++) {
    const page = perPage[bodyPage[i]!];
    if (page) page.words++;
    if (matched[i]) {
      matchedWords++;
      if (page) page.matched++;
    }
  }
  return {
    document: bodyWords.length === 0 ? null : matchedWords / bodyWords.length,
    pages: perPage.map((p) => (p.words === 0 ? null : p.matched / p.words)),
    bodyWords: bodyWords.length,
    matchedWords,
    extraWords: passageWords.length - matchedWords,
  };
}

/** Fills `fidelity` of the document and of each page from a report on the same pages. */
export function recordFidelity(doc: StructuredDocument, report: FidelityReport): void {
  doc.fidelity = report.document;
  doc.pages.forEach((page, i) => (page.fidelity = report.pages[i] ?? null));
}

/**
 * The warning for a document with a page that kept less than PAGE_FIDELITY_THRESHOLD of
 * its body words on the way to passages, naming the file, the document's share and the
 * worst pages; null when every measured page kept enough.
 */
export function fidelityWarning(file: string, doc: Pick<StructuredDocument, 'pages' | 'fidelity'>): string | null {
  const worst = doc.pages
    .filter((p): p is ComposedPage & { fidelity: number } => typeof p.fidelity === 'number' && p.fidelity < PAGE_FIDELITY_THRESHOLD)
    .sort((a, b) => a.fidelity - b.fidelity || a.number - b.number);
  if (worst.length === 0) return null;
  const listed = worst.slice(0, 5).map((p) => `p. ${p.number} ${percent(p.fidelity)}`).join(', ');
  const more = worst.length > 5 ? ` and ${worst.length - 5} more` : '';
  return `Some text of ${file} did not reach its passages: ${percent(doc.fidelity ?? 0)} of its body words did; ` +
    `${worst.length} page${worst.length === 1 ? '' : 's'} kept less than ${percent(PAGE_FIDELITY_THRESHOLD)} (${listed}${more}). ` +
    'Search and answers will miss the rest of that text; please report this file.';
}

function percent(share: number): string {
  return `${(Math.floor(share * 1000) / 10).toFixed(1)}%`;
}

/**
 * Word ids of a text: NFKC, lowercased, runs of letters, digits and marks; each Han or
 * kana character is a word of its own, since those scripts put no space between words.
 */
function normalizedWords(text: string, ids: Map<string, number>): number[] {
  const out: number[] = [];
  for (const m of text.normalize('NFKC').toLowerCase().matchAll(WORD)) {
    const word = m[0];
    let id = ids.get(word);
    if (id === undefined) ids.set(word, (id = ids.size));
    out.push(id);
  }
  return out;
}

const WORD = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]|(?:(?![\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])[\p{L}\p{N}\p{M}])+/gu;

const ANCHOR = 3;
/** Where no trigram anchors the two sequences again, single words this close still do. */
const NEAR = 8;

/** For each body word, whether the in-order alignment matched it to a passage word. */
export function alignWords(body: readonly number[], passage: readonly number[]): Uint8Array {
  const matched = new Uint8Array(body.length);
  const bodyIndex = trigramIndex(body);
  const passageIndex = trigramIndex(passage);
  let i = 0;
  let j = 0;
  while (i < body.length && j < passage.length) {
    if (body[i] === passage[j]) {
      matched[i++] = 1;
      j++;
      continue;
    }
    // Body words missing from the passages, or passage words not in the body: take the shorter jump.
    const lost = nextAnchor(bodyIndex, body, i + 1, passage, j);
    const extra = nextAnchor(passageIndex, passage, j + 1, body, i);
    if (lost !== null && (extra === null || lost - i <= extra - j)) i = lost;
    else if (extra !== null) j = extra;
    else {
      const near = nearestWord(body, i, passage, j);
      i = near[0];
      j = near[1];
    }
  }
  return matched;
}

/** Where each word trigram starts, by hash; positions ascending. */
function trigramIndex(words: readonly number[]): Map<number, number[]> {
  const index = new Map<number, number[]>();
  for (let k = 0; k + ANCHOR <= words.length; k++) {
    const h = trigramHash(words, k);
    const list = index.get(h);
    if (list) list.push(k);
    else index.set(h, [k]);
  }
  return index;
}

function trigramHash(words: readonly number[], at: number): number {
  let h = 0;
  for (let k = 0; k < ANCHOR; k++) h = (Math.imul(h, 0x9e3779b1) + words[at + k]! + 1) | 0;
  return h;
}

/** The first position ≥ from in `words` where the trigram of `other` at `at` occurs, or null. */
function nextAnchor(index: Map<number, number[]>, words: readonly number[], from: number, other: readonly number[], at: number): number | null {
  if (at + ANCHOR > other.length) return null;
  const list = index.get(trigramHash(other, at));
  if (!list) return null;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  // Hash collisions are rare; a few checks bound the work when they are not.
  for (let k = lo; k < list.length && k < lo + 4; k++) {
    const pos = list[k]!;
    let same = true;
    for (let d = 0; d < ANCHOR && same; d++) same = words[pos + d] === other[at + d];
    if (same) return pos;
  }
  return null;
}

/** Near the end of either sequence, where trigrams run out: the closest single-word match, else step past both words. */
function nearestWord(body: readonly number[], i: number, passage: readonly number[], j: number): [number, number] {
  for (let d = 1; d <= NEAR; d++) {
    if (i + d < body.length && body[i + d] === passage[j]) return [i + d, j];
    if (j + d < passage.length && passage[j + d] === body[i]) return [i, j + d];
  }
  return [i + 1, j + 1];
}
