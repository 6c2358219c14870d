import type { DocumentDetail } from '../../../../native/api/types.js';

/** A document's detail as the engine sends it, for store tests: an imported document of `pages` pages. */
export function documentDetail(id: string, format: DocumentDetail['format'] = 'pdf', pages = 40): DocumentDetail {
  return {
    id,
    title: id,
    path: `/lib/${id}`,
    author: null,
    importNotes: [],
    lowConfidencePages: [],
    format,
    pages,
    passages: 1,
    bytes: 10,
    status: 'ingested',
    addedAt: '2026-01-01',
    ocrPages: 0,
    fidelity: 1,
    sha256: 'x',
    sections: [],
  };
}
