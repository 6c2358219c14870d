import { createPdf, drawCentered, drawLines, savePdf } from '../test/fixtures/writePdf.js';
import { flowParagraphs, paragraph as para, type FlowParagraph } from '../test/fixtures/flowParagraphs.js';
import { NARRATIVE_BANK, SentenceMaker } from '../test/fixtures/seededText.js';

/** A generated book of `pages` pages (about 400 words each): chapters, running header, page numbers. */
export async function makeBenchBook(dir: string, pages = 350): Promise<string> {
  const doc = createPdf({ title: 'The Salt Road: A Chronicle' });
  const prose = new SentenceMaker(9350, NARRATIVE_BANK);
  const paragraphs: FlowParagraph[] = [];
  for (let chapter = 1; paragraphs.length < pages * 4; chapter++) {
    paragraphs.push(para(`Chapter ${chapter}`, 'Times-Bold', 18, 0, { newPage: true, keepWithNext: true }));
    for (let i = 0; i < 40; i++) paragraphs.push(para(prose.paragraph(90 + ((chapter * 7 + i * 13) % 60)), 'Times-Roman', 11, 8));
  }
  const placed = flowParagraphs(doc, paragraphs, () => [{ x: 90, top: 90, width: 432, bottom: 710 }]).slice(0, pages);
  placed.forEach((lines, i) => {
    doc.addPage();
    drawCentered(doc, 'The Salt Road', 44, 'Times-Italic', 9);
    drawLines(doc, lines);
    drawCentered(doc, String(i + 1), 748, 'Times-Roman', 10);
  });
  return savePdf(doc, dir, `bench-book-${pages}.pdf`);
}
