/**
 * Numbers words in the order they are first seen, looked up by a slice of a longer string
 * without cutting the slice out: a Map keyed by strings needed a new string per word, twice
 * for every word of a document (body and passages), and that allocation was most of what
 * checking fidelity cost. Open addressing on an FNV-1a hash of the code units; a word's
 * string is kept only the first time it is seen.
 */
export class WordIds {
  private words: string[] = [];
  private hashes: number[] = [];
  /** Id + 1 per slot; 0 is empty. Its length is a power of two, at most half full. */
  private slots = new Int32Array(1024);

  get size(): number {
    return this.words.length;
  }

  /**
   * The id of text.slice(start, end), or with `lowerAscii` of that slice with A-Z lowered
   * (for ASCII text, its toLowerCase()): the next unused number when it is new.
   */
  idOf(text: string, start: number, end: number, lowerAscii = false): number {
    let h = 0x811c9dc5;
    if (lowerAscii) for (let k = start; k < end; k++) h = Math.imul(h ^ lowered(text.charCodeAt(k)), 0x01000193);
    else for (let k = start; k < end; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
    const mask = this.slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) {
        const id = this.words.length;
        // Lowered by toLowerCase, which on ASCII lowers A-Z only, as `lowered` does.
        this.words.push(lowerAscii ? text.slice(start, end).toLowerCase() : text.slice(start, end));
        this.hashes.push(h);
        this.slots[slot] = id + 1;
        if (this.words.length * 2 > this.slots.length) this.grow();
        return id;
      }
      const id = entry - 1;
      if (this.hashes[id] === h && sameText(this.words[id]!, text, start, end, lowerAscii)) return id;
    }
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.words.length; id++) {
      let slot = this.hashes[id]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

function sameText(word: string, text: string, start: number, end: number, lowerAscii: boolean): boolean {
  if (word.length !== end - start) return false;
  for (let k = 0; k < word.length; k++) {
    const c = text.charCodeAt(start + k);
    if (word.charCodeAt(k) !== (lowerAscii ? lowered(c) : c)) return false;
  }
  return true;
}

function lowered(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}
