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

  /** The id of text.slice(start, end): the next unused number when it is new. */
  idOf(text: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let k = start; k < end; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
    const mask = this.slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) {
        const id = this.words.length;
        this.words.push(text.slice(start, end));
        this.hashes.push(h);
        this.slots[slot] = id + 1;
        if (this.words.length * 2 > this.slots.length) this.grow();
        return id;
      }
      const id = entry - 1;
      if (this.hashes[id] === h && sameText(this.words[id]!, text, start, end)) return id;
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

function sameText(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let k = 0; k < word.length; k++) if (word.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}
