import type { EntityKind } from '../../api/types.js';
import { conceptByKey } from '../entities/clauseConcepts.js';
import { entityKey } from '../entities/entityKey.js';

/** What a suggested question is about: an entity of some kind, a section title, or the document itself. */
export type SubjectKind = EntityKind | 'section' | 'document';

/**
 * The question a template asks about `name`, in a document called a `noun` ("agreement",
 * "lease", "document"), or across the library when `noun` is null. Templates are the
 * canonical wording: suggestion keys hash them, whatever a model later makes of them.
 */
export function templateQuestion(kind: SubjectKind, name: string, noun: string | null): string {
  if (noun === null) return libraryQuestion(kind, name);
  if (noun === 'book') return bookQuestion(kind, name);
  switch (kind) {
    case 'term':
      return `What does “${name}” mean in this ${noun}?`;
    case 'party':
      return `What are ${possessive(name)} obligations under this ${noun}?`;
    case 'topic': {
      // A clause concept asks what a reader wants to know of it, not only what the text "says".
      const concept = conceptByKey(entityKey(name));
      if (concept) return concept.question.replace('{noun}', noun);
      return `What does the ${noun} say about ${topicPhrase(name)}?`;
    }
    case 'section':
      return `What does the ${noun} say about ${topicPhrase(name)}?`;
    case 'money':
      return `What is the ${name} for, and when is it due?`;
    case 'date':
      return `What happens on ${name} under this ${noun}?`;
    case 'person':
      return `What is ${possessive(name)} role in this ${noun}?`;
    case 'organization':
      return `What is ${possessive(name)} role in this ${noun}?`;
    case 'place':
      return `Why does this ${noun} mention ${name}?`;
    case 'document':
      return `What is this ${noun} about?`;
  }
}

/** A novel's questions are about its people, places and events, not what it "says" or "means". */
function bookQuestion(kind: SubjectKind, name: string): string {
  switch (kind) {
    case 'person':
    case 'party':
      return `What happens to ${name} in this book?`;
    case 'place':
      return `What happens at ${name} in this book?`;
    case 'organization':
      return `What part does ${name} play in this book?`;
    case 'topic':
      return `What part does ${topicPhrase(name)} play in this book?`;
    case 'section':
      return `What happens in ${chapterPhrase(name)}?`;
    case 'term':
      return `What is “${name}” in this book?`;
    case 'date':
      return `What happens on ${name} in this book?`;
    case 'money':
      return `What is ${name} paid for in this book?`;
    case 'document':
      return 'What is this book about?';
  }
}

function libraryQuestion(kind: SubjectKind, name: string): string {
  switch (kind) {
    case 'term':
      return `How do my documents define “${name}”?`;
    case 'topic':
    case 'section':
      return `What do my documents say about ${topicPhrase(name)}?`;
    case 'party':
    case 'organization':
    case 'person':
      return `Which of my documents involve ${name}?`;
    case 'document':
      return 'What are my documents about?';
    default:
      return `Which of my documents mention ${name}?`;
  }
}

/**
 * A section title or topic as it reads inside a sentence: numbering dropped and shouting
 * lowered ("12. GOVERNING LAW" → "governing law"), proper-looking words kept.
 */
export function topicPhrase(title: string): string {
  const bare = cleanTitle(title);
  const words = bare.split(' ');
  const shouting = bare === bare.toUpperCase();
  return words.map((w) => (shouting || /^[A-Z][a-z]+$/.test(w) ? w.toLowerCase() : w)).join(' ');
}

/** A section title without its numbering ("ARTICLE IV — TERM AND TERMINATION" → "TERM AND TERMINATION"). */
export function cleanTitle(title: string): string {
  return title
    .replace(/^\s*(?:article|section|clause|part|schedule|exhibit|annex|appendix)\s+[\dIVXLC]+[.:)]?\s*(?:[—–-]\s*)?/i, '')
    .replace(/^\s*\(?\d+(?:\.\d+)*[.)]?\s+/, '')
    .replace(/^\s*\(?(?:[IVXLC]+|[A-Za-z])[.)]\s+/, '')
    .replace(/[.:;\s]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}’` : `${name}’s`;
}

/** "CHAPTER VIII. A Walk" → "chapter VIII"; another section title is quoted. */
export function chapterPhrase(title: string): string {
  const chapter = /^\s*(chapter|part|book)\s+([\dIVXLC]+|[a-z]+)\b/i.exec(title);
  if (chapter) return `${chapter[1]!.toLowerCase()} ${chapter[2]}`;
  return `“${cleanTitle(title) || title}”`;
}
