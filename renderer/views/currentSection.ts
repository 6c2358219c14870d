import type { SectionNode } from '../../native/api/types.js';

/** The section being read: the last one, in document order, that starts on or before the page. */
export function currentSection(nodes: SectionNode[], page: number): number | null {
  let current: number | null = null;
  const walk = (list: SectionNode[]) => {
    for (const n of list) {
      if (n.page > page) return false;
      current = n.id;
      if (walk(n.children) === false) return false;
    }
    return true;
  };
  walk(nodes);
  return current;
}
