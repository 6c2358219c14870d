import type { MentionReader } from '../../store/MentionReader.js';
import type { ConceptEntityWriter } from '../../store/ConceptEntityWriter.js';
import type { SuggestionFeedbackRepository } from '../../store/SuggestionFeedbackRepository.js';
import type { CommandArgs } from '../../api/commands.js';
import { conceptsAskedIn } from '../entities/clauseConcepts.js';
import type { LinkedEntity, TextEntityLinker } from './TextEntityLinker.js';

type EventArgs = CommandArgs<'events:record'>;

/** Opening a document teaches a little about its few most characteristic entities. */
const OPEN_ENTITIES = 5;
/** A page or passage read or clicked: its most mentioned entities. */
const PAGE_ENTITIES = 12;

/**
 * Which entities an event is about, each with a link weight in (0, 1]:
 * open → the document's most salient entities; read → those mentioned on the page;
 * search, question, highlight → those the text names; click → those of the cited passage
 * (or page); shown, accept, dismiss → those of the suggestion (remembered when it was shown),
 * else those its text names.
 */
export class EventEntityResolver {
  constructor(
    private readonly mentions: MentionReader,
    private readonly feedback: SuggestionFeedbackRepository,
    private readonly linker: TextEntityLinker,
    private readonly concepts?: ConceptEntityWriter,
  ) {}

  resolve(userId: number, event: EventArgs, suggestionKey: string | null): LinkedEntity[] {
    const doc = event.documentId ?? null;
    switch (event.type) {
      case 'open':
        return doc ? this.mentions.salientIn(doc, OPEN_ENTITIES) : [];
      case 'read':
        if (!doc) return [];
        return event.page ? this.mentions.mentionedOnPage(doc, event.page, PAGE_ENTITIES) : this.mentions.salientIn(doc, OPEN_ENTITIES);
      case 'search':
      case 'question':
      case 'highlight':
        return event.text ? spread(this.withConcepts(this.linker.link(event.text, doc), event.text)) : [];
      case 'click':
        if (event.passageId) return this.mentions.mentionedInPassage(event.passageId, PAGE_ENTITIES);
        return doc && event.page ? this.mentions.mentionedOnPage(doc, event.page, PAGE_ENTITIES) : [];
      case 'shown':
      case 'accept':
      case 'dismiss': {
        const remembered = suggestionKey ? this.feedback.entitiesOfShown(userId, suggestionKey) : undefined;
        if (remembered) return remembered.map((entityId) => ({ entityId, weight: 1 }));
        return event.text ? spread(this.linker.link(event.text, doc)) : [];
      }
    }
  }

  /**
   * Adds the clause concepts the text names ("can they compete with us?" names non-compete),
   * creating a concept's topic when no document has it yet, so the interest is kept for the
   * documents that will. Runs inside the event's transaction.
   */
  private withConcepts(links: LinkedEntity[], text: string): LinkedEntity[] {
    if (!this.concepts) return links;
    const out = new Map(links.map((l) => [l.entityId, l.weight]));
    for (const c of conceptsAskedIn(text)) {
      const id = this.concepts.ensure(c.key, c.name);
      out.set(id, Math.max(out.get(id) ?? 0, 1));
    }
    return [...out].map(([entityId, weight]) => ({ entityId, weight }));
  }

  /** The document a cited passage belongs to, for a click recorded without one. */
  documentOfPassage(passageId: number): string | null {
    return this.mentions.documentOfPassage(passageId);
  }
}

/** A text that names many entities is about each of them less: beyond three, weights shrink with √n. */
function spread(links: LinkedEntity[]): LinkedEntity[] {
  const factor = Math.min(1, Math.sqrt(3 / Math.max(1, links.length)));
  return factor === 1 ? links : links.map((l) => ({ ...l, weight: l.weight * factor }));
}
