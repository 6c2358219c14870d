/** The Notes list: annotations filtered by colour, kind and text, in reading order, grouped by page. */
import type { Annotation, AnnotationColor, AnnotationKind } from '../../native/api/annotationTypes.js';

export interface AnnotationFilter {
  /** Colours to show; empty shows every colour (and the kinds that have none). */
  colors: AnnotationColor[];
  kind: AnnotationKind | 'all';
  /** Words that must all appear in the quote, the note or a saved answer (case and accents ignored). */
  query: string;
}

export const NO_FILTER: AnnotationFilter = { colors: [], kind: 'all', query: '' };

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Reading order: page, then where on the page the annotation starts; page-level kinds first on their page. */
export function readingOrder(a: Annotation, b: Annotation): number {
  return a.anchor.page - b.anchor.page || (a.anchor.spans[0]?.charStart ?? -1) - (b.anchor.spans[0]?.charStart ?? -1) || a.createdAt.localeCompare(b.createdAt);
}

export function filterAnnotations(annotations: readonly Annotation[], filter: AnnotationFilter): Annotation[] {
  const words = fold(filter.query).split(/\s+/).filter(Boolean);
  const colors = new Set(filter.colors);
  return annotations.filter((a) => {
    if (filter.kind !== 'all' && a.kind !== filter.kind) return false;
    if (colors.size > 0 && (!a.color || !colors.has(a.color))) return false;
    if (words.length === 0) return true;
    const text = fold(`${a.anchor.quote}\n${a.note}\n${a.answer ? `${a.answer.question}\n${a.answer.text}` : ''}`);
    return words.every((w) => text.includes(w));
  });
}

export function groupByPage(annotations: readonly Annotation[]): Array<{ page: number; annotations: Annotation[] }> {
  const groups: Array<{ page: number; annotations: Annotation[] }> = [];
  for (const a of annotations) {
    const last = groups.at(-1);
    if (last && last.page === a.anchor.page) last.annotations.push(a);
    else groups.push({ page: a.anchor.page, annotations: [a] });
  }
  return groups;
}
