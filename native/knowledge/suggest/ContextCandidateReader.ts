import type { DocumentEntityRow, SuggestionContextQueries } from '../../store/SuggestionContextQueries.js';
import { LecternError } from '../../api/errors.js';
import type { EntityKind } from '../../api/types.js';
import type { TextEntityLinker } from '../profile/TextEntityLinker.js';
import { suggestionKey } from './suggestionKey.js';
import { chapterPhrase, cleanTitle, templateQuestion, type SubjectKind } from './templateQuestion.js';
import { notFound } from '../../store/DocumentRepository.js';
import { entityKey } from '../entities/entityKey.js';

/** Where on screen a candidate comes from; the narrowest wins. */
export type Place = 'selection' | 'page' | 'section' | 'document' | 'library';

/** A question that could be suggested, before it is ranked for a user. */
export interface Candidate {
  key: string;
  /** The template wording (the canonical question). */
  text: string;
  kind: SubjectKind;
  /** The subject as shown ("Licensee", "Governing Law"). */
  name: string;
  /** The entities it is about, the subject first; a section's are those its title names; none for the overview. */
  entityIds: number[];
  /** How much it belongs to what is on screen, in (0, ~3]. */
  relevance: number;
  place: Place;
  /** Page of a defined term's definition. */
  definedOnPage: number | null;
  mentions: number;
  /** Names that must all be in the passage that answers it (a book's "between Anne and Wentworth"); else `name`. */
  subjects?: string[];
}

/** What is on screen. */
export interface SuggestContext {
  documentId: string | null;
  page?: number;
  sectionId?: number;
  selection?: string;
  /**
   * The last page the reader may see (a spoiler-free limit, per user and document): terms
   * defined and sections headed past it are not suggested. Undefined: no limit.
   */
  maxPage?: number;
}

export interface ContextCandidates {
  /** What the document is called in questions ("agreement", "lease", "document"); null for the library. */
  noun: string | null;
  candidates: Candidate[];
}

/** The document's entities considered at most (the most salient). */
const DOCUMENT_ENTITIES = 60;
const SECTION_CANDIDATES = 15;
/** How a kind of entity tends to make a useful question, everything else equal. */
const KIND_PRIOR: Record<EntityKind, number> = { term: 1, topic: 1, party: 0.4, money: 0.8, date: 0.65, organization: 0.7, person: 0.7, place: 0.45 };
/** Titles that name a part of every contract and make no question worth asking. */
const GENERIC_TITLES =
  /^(recitals?|background|preamble|definitions?|interpretation|general( provisions)?|miscellaneous|counterparts|signatures?|schedules?|exhibits?|annex(es)?|appendix|table of contents|contents|in witness whereof|witnesseth|article [ivxlc\d]+|section \d+)$/i;
/**
 * Defined terms that only name the document or a party's role: "What does “Agreement” mean?"
 * and "What does “Company” mean?" ask nothing a reader wants to know.
 */
const GENERIC_TERM_KEYS = new Set(
  [
    'agreement',
    'this agreement',
    'contract',
    'this contract',
    'document',
    'party',
    'parties',
    'each party',
    'either party',
    'other party',
    'counterparty',
    'company',
    'hereof',
    'herein',
    'hereunder',
  ].map(entityKey),
);
/** Role words: a term named so usually stands for a party ("Licensor" means Meridian Software Ltd). */
const ROLE_KEYS = new Set(
  [
    'licensor',
    'licensee',
    'customer',
    'client',
    'supplier',
    'vendor',
    'distributor',
    'buyer',
    'seller',
    'purchaser',
    'lessor',
    'lessee',
    'landlord',
    'tenant',
    'employer',
    'employee',
    'executive',
    'contractor',
    'consultant',
    'provider',
    'recipient',
    'disclosing party',
    'receiving party',
    'borrower',
    'lender',
    'franchisor',
    'franchisee',
    'sponsor',
    'manufacturer',
    'reseller',
    'agent',
    'corporation',
    'we',
    'us',
    'you',
  ].map(entityKey),
);
const CONTRACT_NOUNS = ['agreement', 'contract', 'lease', 'licence', 'license', 'amendment', 'addendum', 'deed', 'policy'];

/**
 * Candidate questions for a context: the document's entities (defined terms, parties,
 * topics, amounts, dates, names) weighted by salience and kind, its section titles, and,
 * when a page, section or selection is on screen, a boost for what appears there.
 * Without a document, the library's most widespread entities.
 */
/** How much being on screen (page, section, selection) lifts an entity, and where it was seen. */
interface Nearby {
  factor: number;
  /** Relevance it gets at least before the factor. */
  floor: number;
  place: Place;
  row?: { kind: EntityKind; name: string };
}

export class ContextCandidateReader {
  constructor(
    private readonly queries: SuggestionContextQueries,
    private readonly linker: TextEntityLinker,
  ) {}

  /**
   * `personal`: entities the user cares about, considered too when the document has them even
   * if they are not among its most salient. Throws DOCUMENT_NOT_FOUND for an unknown document
   * and INVALID_ARGUMENT for a page or section outside it.
   */
  read(context: SuggestContext, personal: readonly number[] = []): ContextCandidates {
    if (context.documentId === null) return this.library(personal);
    const doc = this.queries.document.get(context.documentId);
    if (!doc) throw notFound(context.documentId);
    if (context.page !== undefined && context.page > doc.pages) {
      throw new LecternError('INVALID_ARGUMENT', `Page ${context.page} is past the end of this document, which has ${doc.pages} page${doc.pages === 1 ? '' : 's'}.`);
    }
    if (context.sectionId !== undefined && this.queries.sectionOf.get(context.sectionId)?.documentId !== context.documentId) {
      throw new LecternError('INVALID_ARGUMENT', `Section ${context.sectionId} is not a section of this document.`);
    }
    const rows = this.queries.entities.all(context.documentId, DOCUMENT_ENTITIES);
    const unextracted: DocumentEntityRow[] = [];
    if (personal.length > 0) {
      const seen = new Set(rows.map((r) => r.entityId));
      for (const r of this.queries.chosen.all(context.documentId, JSON.stringify(personal))) {
        if (!seen.has(r.entityId)) rows.push(r);
        seen.add(r.entityId);
      }
      unextracted.push(...this.mentionedInText(context.documentId, this.queries.anywhere.all(JSON.stringify(personal.filter((id) => !seen.has(id))))));
    }
    const noun = documentNoun(doc, rows);
    const near = this.nearby(context, doc.pages);
    const maxSalience = Math.max(1e-9, ...rows.map((r) => r.salience));
    const documents = Math.max(1, this.queries.documentCount.get()!.n);
    const candidates = new Map<string, Candidate>();
    const add = (c: Candidate) => {
      const had = candidates.get(c.key);
      if (!had || had.relevance < c.relevance) candidates.set(c.key, c);
    };

    const partyNames = this.partyNames(context.documentId, rows);
    const titleKeys = new Set(entityKey(doc.title).split(' '));
    const sectionRows = this.queries.sections.all(context.documentId);
    // A book's chapter titles are asked about as chapters ("What happens in “When Night Came”?"), not as themes.
    const chapterTitles = noun === 'book' ? new Set(sectionRows.flatMap((s) => [entityKey(cleanTitle(s.title)), entityKey(s.title)])) : new Set<string>();
    for (const r of rows) {
      if (r.kind === 'topic' && chapterTitles.has(entityKey(r.name))) continue;
      // "What does “Excite” mean?" beside "What are Excite, Inc.'s obligations?" asks nothing new; nor does "What does “Agreement” mean?".
      if (r.kind === 'term' && namesDocumentOrParty(r.name, r.definition ?? null, partyNames, titleKeys)) continue;
      // Past the spoiler-free limit: not defined yet as far as the reader knows.
      if (context.maxPage !== undefined && r.definedOnPage !== null && r.definedOnPage > context.maxPage) continue;
      // Salience is within the document; what every document has ("Agreement") is less worth asking about.
      const specificity = 0.4 + 0.6 * (Math.log(1 + documents / Math.max(1, r.df)) / Math.log(1 + documents));
      let relevance = (0.25 + 0.75 * (r.salience / maxSalience)) * KIND_PRIOR[r.kind] * specificity;
      let place: Place = 'document';
      let boost = near.get(r.entityId);
      // Defined on this very page: that is news about this page, however often it is used later.
      if (boost && context.page !== undefined && r.definedOnPage === context.page && boost.floor < 0.6) boost = { factor: 2, floor: 0.6, place: 'page' };
      if (boost) {
        relevance = Math.max(relevance, boost.floor) * boost.factor;
        place = boost.place;
      } else if (near.size > 0) {
        relevance *= 0.5;
      }
      const name = r.kind === 'topic' ? cleanTitle(r.name) || r.name : r.name;
      const text = templateQuestion(r.kind, name, noun);
      add({
        key: suggestionKey(context.documentId, text),
        text,
        kind: r.kind,
        name,
        entityIds: [r.entityId],
        relevance,
        place,
        definedOnPage: r.definedOnPage,
        mentions: r.mentions,
      });
    }
    // What the user cares about that extraction did not list for this document, but its text mentions.
    for (const r of unextracted) {
      const name = r.kind === 'topic' ? cleanTitle(r.name) || r.name : r.name;
      const text = templateQuestion(r.kind, name, noun);
      const relevance = 0.3 * KIND_PRIOR[r.kind] * Math.min(1, 0.4 + 0.2 * r.mentions) * (near.size > 0 ? 0.5 : 1);
      add({
        key: suggestionKey(context.documentId, text),
        text,
        kind: r.kind,
        name,
        entityIds: [r.entityId],
        relevance,
        place: 'document',
        definedOnPage: null,
        mentions: r.mentions,
      });
    }
    // Entities a selection names but the document's top list missed (rare, but a selection is explicit).
    for (const [entityId, boost] of near) {
      if (rows.some((r) => r.entityId === entityId) || boost.place !== 'selection' || !boost.row) continue;
      const text = templateQuestion(boost.row.kind, boost.row.name, noun);
      add({
        key: suggestionKey(context.documentId, text),
        text,
        kind: boost.row.kind,
        name: boost.row.name,
        entityIds: [entityId],
        relevance: 0.6 * boost.factor,
        place: 'selection',
        definedOnPage: null,
        mentions: 0,
      });
    }
    let sections = 0;
    for (const s of sectionRows) {
      const title = cleanTitle(s.title);
      if (context.maxPage !== undefined && s.page > context.maxPage) continue;
      if (sections >= SECTION_CANDIDATES || title.length < 3 || title.length > 60 || GENERIC_TITLES.test(title) || !/\p{L}{3}/u.test(title)) continue;
      const text = templateQuestion('section', title, noun);
      const key = suggestionKey(context.documentId, text);
      if (candidates.has(key)) continue;
      sections++;
      const onPage = context.page !== undefined && s.page === context.page;
      add({
        key,
        text,
        kind: 'section',
        name: title,
        entityIds: this.linker
          .link(title, context.documentId)
          .map((l) => l.entityId)
          .slice(0, 3),
        relevance: (s.level <= 2 ? 0.35 : 0.25) * (onPage ? 2 : near.size > 0 ? 0.5 : 1),
        place: onPage ? 'page' : 'document',
        definedOnPage: null,
        mentions: 0,
      });
    }
    if (noun === 'book') for (const c of this.peopleTogether(context.documentId, context.maxPage)) add(c);
    const overview = templateQuestion('document', '', noun);
    add({
      key: suggestionKey(context.documentId, overview),
      text: overview,
      kind: 'document',
      name: doc.title,
      entityIds: [],
      relevance: 0.05,
      place: 'document',
      definedOnPage: null,
      mentions: 0,
    });
    return { noun, candidates: [...candidates.values()] };
  }

  /**
   * A book's questions about people together: the pairs named most together in one chapter,
   * asked about that chapter ("What happens between Anne and Captain Wentworth in chapter 8?"),
   * within the spoiler-free limit.
   */
  private peopleTogether(documentId: string, maxPage: number | undefined): Candidate[] {
    const out: Candidate[] = [];
    const seen = new Set<string>();
    for (const r of this.queries.peopleTogether.all({ doc: documentId, maxPage: maxPage ?? Number.MAX_SAFE_INTEGER })) {
      const pair = `${r.a}:${r.b}`;
      if (seen.has(pair) || r.together < 2 || out.length >= 3) continue;
      seen.add(pair);
      const text = `What happens between ${r.aName} and ${r.bName} in ${chapterPhrase(r.section)}?`;
      out.push({
        key: suggestionKey(documentId, text),
        text,
        kind: 'person',
        name: `${r.aName} and ${r.bName}`,
        entityIds: [r.a, r.b],
        relevance: 0.9 - 0.1 * out.length,
        place: 'document',
        definedOnPage: null,
        mentions: r.together,
        subjects: [r.aName, r.bName],
      });
    }
    return out;
  }

  /** Entities on the page, in the section, or named by the selection, with how much to boost them. */
  private nearby(context: SuggestContext, pages: number): Map<number, Nearby> {
    const near = new Map<number, Nearby>();
    const documentId = context.documentId!;
    if (context.sectionId !== undefined)
      for (const r of this.queries.inSection.all({ section: context.sectionId, doc: documentId })) near.set(r.entityId, { factor: 1.8, floor: 0.6, place: 'section' });
    if (context.page !== undefined) {
      const { lo, hi } = this.queries.passageRange.get(documentId)!;
      for (const r of lo === null || hi === null ? [] : this.queries.onPage.all({ doc: documentId, page: context.page, lo, hi })) {
        // What comes up on most pages ("the Client") says nothing about this one: no lift, no demotion.
        const specific = pages > 1 && r.pages <= pages / 2;
        near.set(r.entityId, specific ? { factor: 2, floor: 0.6, place: 'page' } : { factor: 1, floor: 0, place: 'document' });
      }
    }
    if (context.selection?.trim()) {
      const linked = this.linker.link(context.selection, documentId);
      const rows = this.namesOf(
        linked.map((l) => l.entityId),
        documentId,
      );
      for (const l of linked) near.set(l.entityId, { factor: 2 + 1.5 * l.weight, floor: 0.6, place: 'selection', row: rows.get(l.entityId) });
    }
    return near;
  }

  /** The parties' names and short names (their aliases), lower-cased: terms that only rename a party. */
  private partyNames(documentId: string, rows: readonly DocumentEntityRow[]): Set<string> {
    const names = new Set<string>();
    for (const r of rows) if (r.kind === 'party') names.add(r.name.toLowerCase());
    for (const r of this.queries.partyAliases.all(documentId)) {
      names.add(r.name.toLowerCase());
      try {
        for (const alias of JSON.parse(r.aliases) as unknown[]) if (typeof alias === 'string') names.add(alias.toLowerCase());
      } catch {
        // A malformed alias list only costs the filter.
      }
    }
    return names;
  }

  /**
   * Which of these entities the document's text mentions (full-text search over its passages,
   * the words of the name near each other), with `mentions` set to the passages that do.
   */
  private mentionedInText(documentId: string, entities: readonly DocumentEntityRow[]): DocumentEntityRow[] {
    const wanted = entities.filter((e) => e.kind !== 'date' && e.kind !== 'money');
    if (wanted.length === 0) return [];
    const { lo, hi } = this.queries.passageRange.get(documentId)!;
    if (lo === null || hi === null) return [];
    const out: DocumentEntityRow[] = [];
    for (const e of wanted) {
      const words = e.name.match(/[\p{L}\p{N}]+/gu)?.slice(0, 6) ?? [];
      if (words.length === 0) continue;
      const quoted = words.map((w) => `"${w}"`).join(' ');
      // Within a clause: "governed by and construed in accordance with the laws of" names governing law.
      const query = words.length === 1 ? quoted : `NEAR(${quoted}, ${words.length + 8})`;
      const { n } = this.queries.textHits.get({ query, lo, hi })!;
      if (n > 0) out.push({ ...e, mentions: n });
    }
    return out;
  }

  private namesOf(ids: number[], documentId: string): Map<number, { kind: EntityKind; name: string }> {
    if (ids.length === 0) return new Map();
    return new Map(this.queries.names.all(documentId, JSON.stringify(ids)).map((r) => [r.entityId, { kind: r.kind, name: r.name }]));
  }

  private library(personal: readonly number[]): ContextCandidates {
    const documents = Math.max(1, this.queries.documentCount.get()!.n);
    const rows = this.queries.widespread.all(60);
    const seen = new Set(rows.map((r) => r.entityId));
    if (personal.length > 0) for (const r of this.queries.anywhere.all(JSON.stringify(personal))) if (!seen.has(r.entityId) && r.df > 0) rows.push(r);
    const candidates = rows.map((r): Candidate => {
      const text = templateQuestion(r.kind, r.name, null);
      const relevance = (0.2 + 0.8 * (Math.log(1 + r.df) / Math.log(1 + documents))) * KIND_PRIOR[r.kind];
      return { key: suggestionKey(null, text), text, kind: r.kind, name: r.name, entityIds: [r.entityId], relevance, place: 'library', definedOnPage: null, mentions: r.df };
    });
    const overview = templateQuestion('document', '', null);
    candidates.push({
      key: suggestionKey(null, overview),
      text: overview,
      kind: 'document',
      name: 'my documents',
      entityIds: [],
      relevance: 0.05,
      place: 'library',
      definedOnPage: null,
      mentions: 0,
    });
    return { noun: null, candidates };
  }
}

/**
 * A defined term that only names the document or a party: the document ("Agreement", "this
 * Agreement", its own title's words), "Company", a party's name or short name, part of a
 * party's name ("Dassault Systemes" of "Dassault Systemes Corp."), or a role word whose
 * definition names a party ("Licensor" means Meridian Software Ltd).
 */
export function namesDocumentOrParty(name: string, definition: string | null, partyNames: ReadonlySet<string>, titleKeys: ReadonlySet<string>): boolean {
  const key = entityKey(name);
  const lower = name.toLowerCase();
  if (key === '' || GENERIC_TERM_KEYS.has(key) || partyNames.has(lower)) return true;
  // The defining sentence only: the passage may go on to define the other party.
  const defines =
    definition === null
      ? null
      : definition
          .split(/(?<=[.;])\s/)[0]!
          .slice(0, 160)
          .toLowerCase();
  const nameWords = letterWords(lower);
  for (const party of partyNames) {
    if (nameWords.length > 0 && lower.length >= 4 && ` ${letterWords(party)} `.includes(` ${nameWords} `)) return true;
    if (ROLE_KEYS.has(key) && defines !== null && party.length >= 3 && defines.includes(party)) return true;
  }
  const words = key.split(' ');
  // "Sponsorship Agreement" in the "Sponsorship Agreement": the document's own name.
  return words.every((w) => titleKeys.has(w)) && words.some((w) => CONTRACT_NOUNS.includes(w) || CONTRACT_KEYS.has(w));
}

const CONTRACT_KEYS = new Set(['agreement', 'contract', 'lease', 'licenc', 'licens', 'amend', 'addendum', 'deed', 'polici'].map((w) => entityKey(w)));

/** Pages from which a document of people and places without contract structure reads as a book. */
const BOOK_PAGES = 40;

/**
 * "agreement" for a contract (its title names the kind, else its terms and parties give it
 * away); "book" for a novel or the like: an EPUB, or a long text about people, without
 * contract structure; else "document".
 */
function documentNoun(doc: { title: string; pages: number; format: string }, rows: readonly DocumentEntityRow[]): string {
  const words = doc.title.toLowerCase().split(/[^\p{L}]+/u);
  for (let i = words.length - 1; i >= 0; i--) if (CONTRACT_NOUNS.includes(words[i]!)) return words[i]!;
  if (rows.some((r) => r.kind === 'party') || rows.filter((r) => r.kind === 'term').length >= 3) return 'agreement';
  const people = rows.filter((r) => r.kind === 'person').length;
  if (people >= 2 && (doc.format === 'epub' || doc.pages >= BOOK_PAGES || rows.some((r) => r.kind === 'person' && r.mentions >= 10))) return 'book';
  return 'document';
}

/** A name's words of letters and digits, joined by single spaces. */
function letterWords(text: string): string {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}
