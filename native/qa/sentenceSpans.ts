/** Sentences of a text as half-open character ranges, trimmed of surrounding space. */
export function sentenceSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  // A sentence ends at . ! ? ; followed by space and an uppercase letter, digit, quote or bracket —
  // not after common abbreviations or single initials.
  const boundary = /([.!?;:])(["”’)\]]*)\s+(?=[\p{Lu}\d"“(\[])/gu;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = boundary.exec(text)) !== null) {
    const before = text.slice(Math.max(0, m.index - 6), m.index);
    if (/\b(Mr|Mrs|Ms|Dr|No|Inc|Ltd|Co|Corp|St|vs|etc|e\.g|i\.e|U\.S|[A-Z])$/.test(before)) continue;
    const end = m.index + m[1]!.length + m[2]!.length;
    push(text, start, end, spans);
    start = end;
  }
  push(text, start, text.length, spans);
  return spans;
}

function push(text: string, start: number, end: number, spans: Array<[number, number]>): void {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (end > start) spans.push([start, end]);
}
