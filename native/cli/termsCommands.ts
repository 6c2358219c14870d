import type { DefinedTerm } from '../api/types.js';
import type { Engine } from '../engine.js';

export const TERMS_USAGE = `  lectern terms <docId>                  the terms a document defines: definition, aliases, pages using them
  lectern backfill                       find entities in documents imported before Lectern extracted them
                                         (the app does this by itself when it opens a library)`;

interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

/** `lectern terms <docId>`: {"terms":[{term, aliases, definition, definedOnPage, pages, mentions}]}. */
export async function runTerms(engine: Engine, documentId: string, io: Io, json: boolean): Promise<number> {
  const { terms } = await engine.invoke('knowledge:terms', { documentId });
  const out = (text: string) => io.stdout.write(`${text}\n`);
  if (json) {
    out(
      JSON.stringify({
        terms: terms.map((t) => ({
          term: t.term,
          aliases: t.aliases,
          definition: t.definition,
          definedOnPage: t.definedAt?.page ?? null,
          pages: pagesOf(t),
          mentions: t.mentions,
        })),
      }),
    );
  } else if (terms.length === 0) {
    out('This document defines no terms that Lectern found ("X" means …, (the "X")).');
  } else {
    for (const t of terms) {
      const aliases = t.aliases.length > 0 ? ` (also ${t.aliases.map((a) => `"${a}"`).join(', ')})` : '';
      out(`"${t.term}"${aliases}${t.definedAt ? ` — defined on page ${t.definedAt.page}` : ''}; used ${t.mentions}× on pages ${compactPages(pagesOf(t))}`);
      if (t.definition) out(`    ${t.definition}`);
    }
  }
  return 0;
}

/** `lectern backfill`: {"documents","entities"}, with progress on a terminal. */
export async function runBackfill(engine: Engine, io: Io, json: boolean): Promise<number> {
  const stop = engine.on('knowledge:backfillProgress', ({ done, total }) => {
    if (!json && io.stdout.isTTY && total > 0) io.stderr.write(`\rReading entities: ${done}/${total} documents`);
  });
  try {
    const result = await engine.invoke('knowledge:backfill', {});
    if (!json && io.stdout.isTTY) io.stderr.write('\n');
    io.stdout.write(
      `${json ? JSON.stringify(result) : result.documents === 0 ? 'Every document already has its entities.' : `Found ${result.entities} entities in ${result.documents} document${result.documents === 1 ? '' : 's'}.`}\n`,
    );
    return 0;
  } finally {
    stop();
  }
}

function pagesOf(term: DefinedTerm): number[] {
  return [...new Set(term.uses.map((u) => u.page))].sort((a, b) => a - b);
}

/** 1, 2, 3, 5, 7, 8 → "1–3, 5, 7–8". */
function compactPages(pages: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < pages.length;) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === pages[j]! + 1) j++;
    parts.push(j > i ? `${pages[i]}–${pages[j]}` : `${pages[i]}`);
    i = j + 1;
  }
  return parts.join(', ') || 'none';
}
