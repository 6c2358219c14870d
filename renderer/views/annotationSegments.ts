/**
 * Cuts a text into runs by the annotations over it, so a text view can wrap each run in one mark
 * per annotation: overlapping highlights are both drawn (nested marks, their colours blended).
 */
export interface MarkedRange<T> {
  start: number;
  end: number;
  item: T;
}

export interface Segment<T> {
  start: number;
  end: number;
  /** The annotations over this run, in the order they were given (empty for plain text). */
  items: T[];
}

export function annotationSegments<T>(length: number, ranges: ReadonlyArray<MarkedRange<T>>): Array<Segment<T>> {
  const kept = ranges.map((r) => ({ ...r, start: Math.max(0, r.start), end: Math.min(length, r.end) })).filter((r) => r.end > r.start);
  const cuts = new Set<number>([0, length]);
  for (const r of kept) {
    cuts.add(r.start);
    cuts.add(r.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Array<Segment<T>> = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i]!, points[i + 1]!];
    if (end <= start) continue;
    out.push({ start, end, items: kept.filter((r) => r.start < end && r.end > start).map((r) => r.item) });
  }
  return out;
}
