/**
 * Entity extraction for one document: defined terms, parties, people, organisations,
 * places, dates, sums and section topics, each normalized to one key, with its
 * mentions per passage and its weight in the document.
 */
import type { EntityKind } from '../../api/types.js';
import { entityKey } from './entityKey.js';
import { salienceOf, type DocumentEntities, type EntitySourceDocument, type ExtractedEntity } from '../../model/entityModel.js';
import { findConcepts } from './clauseConcepts.js';
import { findDatesAndMoney } from './findDatesAndMoney.js';
import { findDefinedTerms } from './findDefinedTerms.js';
import { findNamedEntities } from './findNamedEntities.js';
import { findParties } from './findParties.js';
import { recurringPhrases } from './recurringPhrases.js';
import { MentionCounter, type CaseRule } from './MentionCounter.js';
import { sectionTopics } from './sectionTopics.js';

/**
 * Bump when extraction changes what it finds, including resources/clauseConcepts.json: documents
 * read by an older version are back-filled. 2: clause concepts found in passage text, a book's recurring themes.
 */
export const EXTRACTOR_VERSION = 2;

/** Passages from which a text without contract structure is read for recurring themes. */
const BOOK_PASSAGES = 20;

/** Reads a document's entities. */
export type EntityExtractor = (doc: EntitySourceDocument) => Promise<DocumentEntities>;

interface Draft {
  kind: EntityKind;
  key: string;
  name: string;
  aliases: string[];
  aliasKeys: Set<string>;
  definition: string | null;
  definitionPassage: number | null;
  /** Surfaces matched in the text, with how strictly their case must match. */
  surfaces: Array<{ text: string; rule: CaseRule }>;
  /** Passages that belong to it whatever their words (a topic's own sections). */
  ownPassages: number[];
  /** Counted while finding it (dates, sums) rather than by the mention pass. */
  counted: { mentions: Map<number, number>; surfaces: Map<string, number> } | null;
}

export const extractEntities: EntityExtractor = async (doc) => {
  const { passages } = doc;
  const drafts: Draft[] = [];
  const byId = new Map<string, Draft>();
  const draft = (kind: EntityKind, key: string, name: string): Draft => {
    let d = byId.get(`${kind}:${key}`);
    if (!d) {
      d = { kind, key, name, aliases: [], aliasKeys: new Set(), definition: null, definitionPassage: null, surfaces: [], ownPassages: [], counted: null };
      byId.set(`${kind}:${key}`, d);
      drafts.push(d);
    }
    return d;
  };
  const addAlias = (d: Draft, alias: string) => {
    if (alias === d.name || d.aliases.includes(alias)) return;
    d.aliases.push(alias);
    const key = entityKey(alias);
    if (key !== '' && key !== d.key) d.aliasKeys.add(key);
    d.surfaces.push({ text: alias, rule: nameRule(alias) });
  };

  // Defined terms: the names of one definition, or definitions sharing a key, are one term.
  const terms = findDefinedTerms(withHeadingEnds(doc));
  const termByKey = new Map<string, Draft>();
  for (const t of terms) {
    const keys = t.names.map(entityKey);
    if (keys.every((k) => k === '')) continue;
    const main = keys.findIndex((k) => k !== '');
    const d = keys.map((k) => termByKey.get(k)).find((x) => x !== undefined) ?? draft('term', keys[main]!, t.names[main]!);
    if (d.surfaces.length === 0) d.surfaces.push({ text: d.name, rule: nameRule(d.name) });
    t.names.forEach((name) => addAlias(d, name));
    for (const k of [d.key, ...keys]) if (k !== '') termByKey.set(k, d);
    if (d.definition === null && t.definition !== null) {
      d.definition = t.definition;
      d.definitionPassage = t.passage;
    }
  }

  const known = new Set<string>(termByKey.keys());
  for (const p of findParties(passages, terms)) {
    const key = entityKey(p.name);
    if (key === '') continue;
    const d = draft('party', key, p.name);
    if (d.surfaces.length === 0) d.surfaces.push({ text: p.name, rule: nameRule(p.name) });
    p.aliases.forEach((alias) => addAlias(d, alias));
    known.add(key);
    d.aliasKeys.forEach((k) => known.add(k));
  }

  const passagesOfSection = new Map<number, number[]>();
  passages.forEach((p, i) => {
    if (p.section === null) return;
    let list = passagesOfSection.get(p.section);
    if (!list) passagesOfSection.set(p.section, (list = []));
    list.push(i);
  });
  const titleKey = entityKey(doc.title);
  for (const [phrase, sections] of sectionTopics(doc.sections)) {
    const key = entityKey(phrase);
    if (key === '' || key === titleKey) continue;
    const d = draft('topic', key, phrase);
    d.surfaces.push({ text: phrase, rule: 'any' });
    for (const s of sections) d.ownPassages.push(...(passagesOfSection.get(s) ?? []));
  }
  // A book (no defined terms, no parties, long): its recurring themes by phrase statistics (version 2).
  const bookLike = termByKey.size === 0 && !drafts.some((d) => d.kind === 'party') && passages.length >= BOOK_PASSAGES;
  if (bookLike) {
    for (const phrase of recurringPhrases(passages)) {
      const key = entityKey(phrase);
      if (key === '' || byId.has(`topic:${key}`)) continue;
      draft('topic', key, phrase).surfaces.push({ text: phrase, rule: 'any' });
    }
  }
  // Clause concepts found in the text (version 2): a topic whatever the headings say, one
  // entity with a heading topic of the same key ("governing law"). Not in a book: a novel's
  // "merger" is no change-of-control clause.
  for (const [concept, found] of bookLike ? [] : findConcepts(passages)) {
    const d = draft('topic', concept.key, byId.get(`topic:${concept.key}`)?.name ?? concept.name);
    if (!d.surfaces.some((s) => s.text === concept.name)) d.surfaces.push({ text: concept.name, rule: 'any' });
    for (const [p, n] of found) for (let k = 0; k < n; k++) d.ownPassages.push(p);
  }

  for (const n of await findNamedEntities(passages, known)) {
    const key = entityKey(n.name);
    if (key === '' || known.has(key)) continue;
    draft(n.kind, key, n.name).surfaces.push({ text: n.name, rule: nameRule(n.name) });
  }

  for (const m of findDatesAndMoney(passages)) {
    const d = draft(m.kind, m.key, mostFrequent(m.surfaces) ?? m.key);
    d.counted = { mentions: m.mentions, surfaces: m.surfaces };
  }

  const counter = new MentionCounter();
  drafts.forEach((d, i) => d.surfaces.forEach((s) => counter.add(i, s.text, s.rule)));
  const counted = counter.count(passages);

  const entities: ExtractedEntity[] = [];
  drafts.forEach((d, i) => {
    const mentions = d.counted?.mentions ?? counted.mentions.get(i) ?? new Map<number, number>();
    // A topic's own passages (its sections, a concept's cues) mention it at least once, or as often as its cues match.
    const own = new Map<number, number>();
    for (const p of d.ownPassages) own.set(p, (own.get(p) ?? 0) + 1);
    for (const [p, n] of own) mentions.set(p, Math.max(mentions.get(p) ?? 0, n));
    if (d.definitionPassage !== null && !mentions.has(d.definitionPassage)) mentions.set(d.definitionPassage, 1);
    let total = 0;
    for (const c of mentions.values()) total += c;
    if (total === 0) return;
    entities.push({
      kind: d.kind,
      key: d.key,
      name: displayName(d, d.counted?.surfaces ?? counted.surfaces.get(i)),
      aliases: d.aliases,
      aliasKeys: [...d.aliasKeys],
      definition: d.definition,
      definitionPassage: d.definitionPassage,
      mentions,
      totalMentions: total,
      salience: salienceOf(d.kind, total),
    });
  });
  return { version: EXTRACTOR_VERSION, entities };
};

/**
 * Passages carry their headings' text ("1. Definitions "Affiliate" means …"). Where each
 * heading ends, so a definition's sentence does not start with it. A passage can only hold
 * the headings of sections from its own to the next passage's (sections are in document order).
 */
function withHeadingEnds(doc: EntitySourceDocument): Array<{ text: string; headingEnds: number[] }> {
  return doc.passages.map((p, i) => {
    const headingEnds: number[] = [];
    if (p.section !== null) {
      const last = Math.min(doc.passages[i + 1]?.section ?? doc.sections.length - 1, p.section + 50);
      for (let s = p.section; s <= last; s++) {
        const title = doc.sections[s]?.title;
        const at = title ? p.text.indexOf(title) : -1;
        if (at >= 0) headingEnds.push(at + title!.length);
      }
    }
    return { text: p.text, headingEnds };
  });
}

/** Acronyms must be matched in capitals ("IT", "ACME"); other names with a capital first letter. */
function nameRule(name: string): CaseRule {
  const first = name.split(/[\s,]+/)[0]!;
  return first.length <= 5 && first === first.toUpperCase() && /\p{L}/u.test(first) ? 'upper' : 'capital';
}

/**
 * Terms keep the form they are defined in, and topics their lower-case phrase; other
 * entities take the way the document most often writes them (among forms of their own
 * key: a party's short name is an alias, not its name).
 */
function displayName(d: Draft, surfaces: Map<string, number> | undefined): string {
  if (d.kind === 'term' || d.kind === 'topic' || !surfaces) return d.name;
  if (d.kind === 'date' || d.kind === 'money') return mostFrequent(surfaces) ?? d.name;
  // Headings and signature blocks write names in capitals; the name is how the prose writes it.
  const own = new Map([...surfaces].filter(([s]) => entityKey(s) === d.key).map(([s, c]) => [s, s === s.toUpperCase() && s !== d.name ? c / 4 : c]));
  const usual = mostFrequent(own);
  // Mentions end at a word, so "Inc." is read as "Inc": keep the full stop the found name has.
  if (usual === null || d.name === `${usual}.`) return d.name;
  return usual === usual.toUpperCase() && d.name !== d.name.toUpperCase() ? d.name : usual;
}

function mostFrequent(counts: ReadonlyMap<string, number>): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [s, c] of counts) {
    if (c > bestCount) [best, bestCount] = [s, c];
  }
  return best;
}
