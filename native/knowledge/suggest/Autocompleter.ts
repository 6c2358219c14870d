import type { CompletionQueries, EntityMatch } from '../../store/CompletionQueries.js';
import type { Completion } from '../../api/types.js';
import { keyWords, wordKey } from '../entities/entityKey.js';
import type { TextEntityLinker } from '../profile/TextEntityLinker.js';
import type { EntitySignal } from './UserSignalReader.js';

/**
 * Search-box completions: entity names and aliases whose key starts with what was typed
 * (the last word may be partial), names with a later word starting with it, and the user's
 * own past questions and searches. Ranked by the user's profile, then by being in the open
 * document, then by how many documents mention the entity.
 */
export class Autocompleter {
  constructor(
    private readonly queries: CompletionQueries,
    private readonly linker: TextEntityLinker,
  ) {}

  /** `profileOf` reads the user's rows of the entities matched. */
  complete(userId: number, prefix: string, profileOf: (entityIds: number[]) => Map<number, EntitySignal>, documentId: string | null, limit: number): Completion[] {
    const typed = prefix.trim().replace(/\s+/g, ' ');
    if (!/[\p{L}\p{N}]/u.test(typed)) return [];
    const endsWord = /\s$/.test(prefix);
    const words = keyWords(typed);
    const rawLast = typed.toLowerCase().match(/[\p{L}\p{N}]+$/u)?.[0] ?? '';
    const head = endsWord ? words : words.slice(0, -1);
    const lastKey = endsWord ? '' : (wordKey(rawLast) ?? rawLast);
    const a = [...head, endsWord ? '' : rawLast].join(' ').trimEnd();
    const b = [...head, lastKey].join(' ').trimEnd();
    const matches = new Map<number, EntityMatch>();
    for (const m of this.queries.byKey.all({ doc: documentId ?? '', a, aEnd: `${a}\uffff`, b, bEnd: `${b}\uffff` })) matches.set(m.entityId, m);
    if (typed.length >= 3 && b) for (const m of this.queries.byWord.all({ doc: documentId ?? '', pattern: `% ${escapeLike(b)}%` })) matches.set(m.entityId, m);

    const documents = Math.max(1, this.queries.documentCount.get()!.n);
    const profile = profileOf([...matches.keys()]);
    const ranked: Array<Completion & { score: number }> = [];
    for (const m of matches.values()) {
      const own = profile.get(m.entityId);
      if (own?.blocked) continue;
      const interest = own?.interest ?? 0;
      const score = 3 * interest + 0.5 * (own?.familiarity ?? 0) + (m.inDocument ? 1 : 0) + 0.5 * (Math.log1p(m.df) / Math.log1p(documents));
      const reason = (own?.asked ?? 0) > 0 ? 'You asked about it' : interest >= 0.15 ? 'You have been reading about it' : m.inDocument ? 'In this document' : null;
      ranked.push({ text: m.name, kind: m.kind, entityId: m.entityId, reason, score });
    }
    for (const p of this.queries.past.all(userId, `${escapeLike(typed)}%`)) {
      const top = this.linker.link(p.text, documentId)[0];
      const entity = top && (matches.get(top.entityId) ?? this.queries.kindOf.get(top.entityId));
      if (!top || !entity) continue;
      ranked.push({ text: p.text, kind: entity.kind, entityId: top.entityId, reason: p.type === 'question' ? 'You asked this before' : 'You searched for this before', score: 4 });
    }
    const seen = new Set<string>();
    return ranked
      .sort((x, y) => y.score - x.score || x.text.length - y.text.length || x.text.localeCompare(y.text))
      .filter((c) => !seen.has(c.text.toLowerCase()) && seen.add(c.text.toLowerCase()))
      .slice(0, limit)
      .map(({ score: _score, ...c }) => c);
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
