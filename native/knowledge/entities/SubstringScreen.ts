/**
 * Which of a fixed set of strings a text holds anywhere (as `text.includes(s)` would say
 * for each), in one pass over its character codes: an Aho–Corasick automaton, unrolled
 * into a table of next states. Clause concepts screen every passage for a few hundred
 * words before running any of their patterns; a regular expression trying every word at
 * every position was half of that screening's time, this is a table lookup per character.
 */
export class SubstringScreen {
  readonly strings: readonly string[];
  /** Column of each UTF-16 code in `next`; 0 for a code no string holds. */
  private readonly column = new Uint16Array(0x10000);
  private readonly width: number;
  /** next[state * width + column]: the state after reading a character. State 0 is the start. */
  private readonly next: Int32Array;
  /** Per state, the strings (indexes) that end where it is reached, or null. */
  private readonly ends: Array<number[] | null>;
  /** seen[i] === pass when strings[i] was found by the latest scan. */
  private readonly seen: Uint32Array;
  private pass = 0;

  constructor(strings: readonly string[]) {
    this.strings = [...new Set(strings.filter((s) => s.length > 0))];
    this.seen = new Uint32Array(this.strings.length);
    let width = 1;
    for (const s of this.strings) for (let i = 0; i < s.length; i++) if (this.column[s.charCodeAt(i)] === 0) this.column[s.charCodeAt(i)] = width++;
    this.width = width;
    // The trie of the strings, then each state's longest proper suffix that is also a state (breadth first).
    const children: Array<Map<number, number>> = [new Map()];
    const ends: Array<number[] | null> = [null];
    this.strings.forEach((s, index) => {
      let state = 0;
      for (let i = 0; i < s.length; i++) {
        const col = this.column[s.charCodeAt(i)]!;
        let child = children[state]!.get(col);
        if (child === undefined) {
          child = children.length;
          children.push(new Map());
          ends.push(null);
          children[state]!.set(col, child);
        }
        state = child;
      }
      (ends[state] ??= []).push(index);
    });
    const next = new Int32Array(children.length * width);
    const fail = new Int32Array(children.length);
    const queue: number[] = [];
    for (const [col, child] of children[0]!) {
      next[col] = child;
      queue.push(child);
    }
    for (let q = 0; q < queue.length; q++) {
      const state = queue[q]!;
      const suffixEnds = ends[fail[state]!];
      if (suffixEnds) ends[state] = [...(ends[state] ?? []), ...suffixEnds];
      for (let col = 0; col < width; col++) {
        const child = children[state]!.get(col);
        if (child === undefined) next[state * width + col] = next[fail[state]! * width + col]!;
        else {
          fail[child] = next[fail[state]! * width + col]!;
          next[state * width + col] = child;
          queue.push(child);
        }
      }
    }
    this.next = next;
    this.ends = ends;
  }

  /** Reads `text`; afterwards `has` tells which strings it holds. */
  scan(text: string): void {
    const pass = ++this.pass;
    const { column, next, ends, seen, width } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      state = next[state * width + column[text.charCodeAt(i)]!]!;
      const found = ends[state];
      if (found) for (const s of found) seen[s] = pass;
    }
  }

  /** Whether the text of the latest scan holds strings[index]. */
  has(index: number): boolean {
    return this.seen[index] === this.pass;
  }
}
