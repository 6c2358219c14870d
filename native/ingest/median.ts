export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  // Most lines and blocks are set in one size: the answer without copying and sorting. Zero is
  // left to the sort (its sign can depend on order), and so are sums that could overflow.
  const first = values[0]!;
  if (first !== 0 && Math.abs(first) < 1e300 && values.every((v) => v === first)) return first;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
