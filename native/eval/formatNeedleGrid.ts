import type { NeedleGrid } from '../api/evalTypes.js';

/** Share of a set of cells whose fact was found; null for none. */
export function recallOf(cells: readonly { found: boolean }[]): number | null {
  return cells.length === 0 ? null : cells.filter((c) => c.found).length / cells.length;
}

/**
 * The grid as a plain-text table: a row per length, a column per depth, ✓ found, · missed,
 * blank not run (a stopped run), with recall per row and per column.
 */
export function formatNeedleGrid(grid: NeedleGrid): string {
  const cell = (length: number, depth: number) => grid.cells.find((c) => c.length === length && c.depth === depth);
  const percent = (r: number | null) => (r === null ? '   –' : `${Math.round(r * 100)}%`.padStart(4));
  const scaling = grid.contextScale === 1 ? '' : `, YaRN ×${grid.contextScale}`;
  const lines = [
    `How far ${grid.model.name} reads “${grid.documentTitle}”: context ${grid.contextSize} tokens (trained ${grid.trainContextSize}${scaling}), document ${grid.documentTokens} tokens, seed ${grid.seed}`,
    '',
    `${'tokens \\ depth'.padEnd(15)}${grid.depths.map((d) => `${d}%`.padStart(5)).join('')}  recall`,
  ];
  for (const length of grid.lengths) {
    const row = grid.depths.map((d) => {
      const c = cell(length, d);
      return (c ? (c.found ? '✓' : '·') : ' ').padStart(5);
    });
    lines.push(`${String(length).padEnd(15)}${row.join('')}  ${percent(recallOf(grid.cells.filter((c) => c.length === length)))}`);
  }
  lines.push(`${'recall'.padEnd(15)}${grid.depths.map((d) => percent(recallOf(grid.cells.filter((c) => c.depth === d))).padStart(5)).join('')}  ${percent(recallOf(grid.cells))}`);
  const total = grid.lengths.length * grid.depths.length;
  lines.push('', `${grid.cells.length}/${total} cells in ${(grid.ms / 1000).toFixed(1)} s${grid.complete ? '' : ' (stopped before the end)'}.`);
  for (const note of grid.notes) lines.push(note);
  return lines.join('\n');
}
