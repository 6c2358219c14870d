import type { SectionNode } from '../../native/api/types.js';
import { useReaderStore } from '../stores/readerStore.js';
import { currentSection } from './currentSection.js';

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
