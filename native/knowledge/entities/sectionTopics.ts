/**
 * Topics: the key phrases of section titles. "12. Governing Law." gives "governing law";
 * "ARTICLE IV — TERM AND TERMINATION" gives "term" and "termination". A title that joins
 * phrases with "and", "&", a comma or a slash is split, because such titles pair separate
 * clauses ("Fees and Payment", "Representations and Warranties") and a question, or another
 * contract's heading, usually names one of them: split, "termination" links this article to
 * every other contract's "Termination" section. Phrases inside one clause name stay whole
 * ("limitation of liability", "escrow of source materials").
 */

/** Headings that say where one is in a contract rather than what it is about. */
const BOILERPLATE = new Set([
  'recitals',
  'recital',
  'definitions',
  'definition',
  'defined terms',
  'interpretation',
  'miscellaneous',
  'general',
  'general provisions',
  'misc',
  'whereas',
  'witnesseth',
  'background',
  'preamble',
  'table of contents',
  'contents',
  'signatures',
  'signature',
  'signature page',
  'in witness whereof',
  'now therefore',
  'agreement',
  'the agreement',
  'introduction',
  'parties',
  'the parties',
  'page',
  'schedules',
  'exhibits',
  'attachments',
  'appendices',
  'annexes',
  'other',
  'terms and conditions',
  'confidential',
  'execution version',
  'reserved',
  'intentionally omitted',
  'omitted',
  'deleted',
  'inc',
  'llc',
  'ltd',
  'corp',
  'corporation',
  'limited',
  'company',
  'l.p',
  'lp',
  'n.a',
]);
const ATTACHMENT = /^(?:exhibit|schedule|appendix|annex|attachment|addendum|amendment|article|section|clause|part|chapter)\b/;
const MAX_TITLE_WORDS = 10;
const MAX_PHRASE_WORDS = 6;

/** The topic phrases of one section title, lower case, in order; [] for boilerplate or a misread sentence. */
export function titleTopics(title: string): string[] {
  let t = title.replace(/\s+/g, ' ').trim();
  t = t.replace(/^(?:article|section|clause|part|chapter)\s+(?:\d+(?:\.\d+)*|[ivxlcdm]{1,6})[a-z]?\b\.?/i, '');
  t = t.replace(/^\(?(?:\d{1,3}|[ivxlcdm]{1,6}|[a-z])[.)]\s*/i, '');
  t = t.replace(/^\d{1,3}(?:\.\d{1,3})*\.?\s+/, '');
  t = t.replace(/^[\s—–:.-]+/, '').replace(/[\s.:;,—–-]+$/, '');
  if (t === '' || t.split(' ').length > MAX_TITLE_WORDS || !/\p{L}{3}/u.test(t)) return [];
  // A run-in heading may carry the start of its text: "Notices. All notices under …" is cut by structuring, but be safe.
  if (/[.!?]\s/.test(t)) return [];
  if (BOILERPLATE.has(t.toLowerCase())) return [];
  const topics: string[] = [];
  for (const part of t.toLowerCase().split(/\s+(?:and|&)\s+|\s*[,;/]\s*/)) {
    const phrase = part
      .replace(/^(?:the|a|an)\s+/, '')
      .replace(/['’]s$/, '')
      .trim();
    const words = phrase.split(' ');
    if (words.length > MAX_PHRASE_WORDS || !/\p{L}{3}/u.test(phrase)) continue;
    if (BOILERPLATE.has(phrase) || ATTACHMENT.test(phrase) || /^[\d\s.()-]+$/.test(phrase)) continue;
    if (!topics.includes(phrase)) topics.push(phrase);
  }
  return topics;
}

/**
 * Each topic phrase of the document's section titles, with the sections it heads,
 * including their subsections, so an article's topic reaches the passages of its clauses.
 */
export function sectionTopics(sections: ReadonlyArray<{ title: string; parent: number | null }>): Map<string, Set<number>> {
  const topics = new Map<string, Set<number>>();
  const own = sections.map((s) => titleTopics(s.title));
  sections.forEach((section, index) => {
    // Parents come before their children, which also keeps a malformed tree from looping.
    for (let s: number | null = index; s !== null; s = parentOf(sections, s)) {
      for (const phrase of own[s]!) {
        let set = topics.get(phrase);
        if (!set) topics.set(phrase, (set = new Set()));
        set.add(index);
      }
    }
  });
  return topics;
}

function parentOf(sections: ReadonlyArray<{ parent: number | null }>, index: number): number | null {
  const parent = sections[index]!.parent;
  return parent !== null && parent >= 0 && parent < index ? parent : null;
}
