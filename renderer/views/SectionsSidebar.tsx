import type { SectionNode } from '../../native/api/types.js';
import { useReaderStore } from '../stores/readerStore.js';

const NO_SECTIONS: SectionNode[] = [];

export function SectionsSidebar() {
  const sections = useReaderStore((s) => s.detail?.sections) ?? NO_SECTIONS;
  const page = useReaderStore((s) => s.page);
  return (
    <nav className="sections" aria-label="Sections">
      <h2>Sections</h2>
      {sections.length === 0 ? <p className="muted">This document has no sections.</p> : <SectionList nodes={sections} current={currentSection(sections, page)} />}
    </nav>
  );
}

/** The section being read: the last one, in document order, that starts on or before the page. */
function currentSection(nodes: SectionNode[], page: number): number | null {
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

function SectionList({ nodes, current }: { nodes: SectionNode[]; current: number | null }) {
  const goToPage = useReaderStore((s) => s.goToPage);
  return (
    <ul>
      {nodes.map((n) => (
        <li key={n.id}>
          <button type="button" className="section" onClick={() => goToPage(n.page)} aria-current={n.id === current ? 'location' : undefined}>
            <span className="section-title">{n.title}</span>
            <span className="muted section-page">{n.page}</span>
          </button>
          {n.children.length > 0 && <SectionList nodes={n.children} current={current} />}
        </li>
      ))}
    </ul>
  );
}
