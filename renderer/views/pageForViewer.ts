/**
 * The page to give pdf.js's viewer for the reader's page: a whole number within its pages, or
 * null while it has none. pdf.js logs `currentPageNumber: "N" is not a valid page` for anything
 * else, e.g. a page of the next document set while this one is still shown.
 */
export function pageForViewer(page: number, pagesCount: number): number | null {
  if (pagesCount <= 0 || !Number.isFinite(page)) return null;
  return Math.min(Math.max(1, Math.round(page)), pagesCount);
}
