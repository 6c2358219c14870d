/**
 * Two contracts for the knowledge tests: defined terms in the forms drafters use
 * (`"Licensee" means …`, `(the "Company")`), and the same clause topics (Payment,
 * Confidentiality, Termination) in both, so what a person asked about in one can be
 * suggested in the other. Several pages each, so a term is used on pages other than the
 * one that defines it.
 */
import { flowParagraphs, paragraph as para, type FlowParagraph } from '../fixtures/flowParagraphs.js';
import { CONTRACT_BANK, SentenceMaker } from '../fixtures/seededText.js';
import { createPdf, drawCentered, drawLines, savePdf } from '../fixtures/writePdf.js';

export const LICENCE = {
  title: 'SOFTWARE LICENCE AGREEMENT',
  term: 'Licensee',
  definition: '"Licensee" means Bluewater Freight Inc. and any affiliate that it controls and that uses the Licensed Software.',
  /** A term defined by a parenthesis after the party it names. */
  parenthesisTerm: 'Company',
  termsFilter: 'Confidential',
  filteredTerm: 'Confidential Information',
} as const;

export const CONSULTING = {
  title: 'CONSULTING SERVICES AGREEMENT',
  /** The page where both the Confidentiality and the Termination clauses begin. */
  bothTopicsPage: 3,
} as const;

interface ContractText {
  title: string;
  preamble: string;
  definitions: string[];
  sections: Array<{ heading: string; planted: string[] }>;
  seed: number;
}

const LICENCE_TEXT: ContractText = {
  title: LICENCE.title,
  seed: 501,
  preamble: 'This Software Licence Agreement is made on 2 May 2024 between Meridian Software Ltd (the "Company") and Bluewater Freight Inc., a Delaware corporation.',
  definitions: [
    LICENCE.definition,
    '"Licensed Software" means the programs listed in Schedule A, in object code form, with their documentation and updates.',
    '"Confidential Information" means all information disclosed by one party to the other that is marked confidential or would reasonably be understood to be confidential.',
    '"Licence Fee" means the annual fee for the Licensed Software set out in Schedule B.',
  ],
  sections: [
    { heading: '2. Licence Grant', planted: ['The Company grants the Licensee a non-exclusive licence to use the Licensed Software for its internal business purposes.'] },
    {
      heading: '3. Payment',
      planted: ['The Licensee shall pay the Licence Fee within thirty days of the invoice date.', 'Late payment of the Licence Fee accrues interest at two percent per month.'],
    },
    {
      heading: '4. Confidentiality',
      planted: [
        'The Licensee shall keep the Confidential Information of the Company secret and use it only to exercise the licence.',
        'Confidentiality obligations survive for five years after the licence ends.',
      ],
    },
    {
      heading: '5. Termination',
      planted: [
        'Either party may terminate this Agreement for material breach that is not remedied within thirty days of notice.',
        'On termination the Licensee shall stop using the Licensed Software and delete every copy of it.',
        'Termination for convenience requires ninety days written notice from the Licensee.',
      ],
    },
    { heading: '6. Governing Law', planted: ['This Agreement is governed by the laws of England and Wales.'] },
  ],
};

const CONSULTING_TEXT: ContractText = {
  title: CONSULTING.title,
  seed: 733,
  preamble: 'This Consulting Services Agreement is made on 9 September 2024 between Harbor Analytics Inc. (the "Client") and Kestrel Advisory LLP (the "Consultant").',
  definitions: [
    '"Services" means the consulting services described in each statement of work.',
    '"Deliverables" means the reports, models and other materials the Consultant delivers in the course of the Services.',
    '"Confidential Information" means any business, technical or financial information the Client discloses to the Consultant.',
  ],
  sections: [
    { heading: '2. Services', planted: ['The Consultant shall perform the Services with reasonable skill and care.'] },
    {
      heading: '3. Payment',
      planted: ['The Client shall pay the fees for the Services monthly in arrears.', 'Expenses are reimbursed only when approved in writing beforehand.'],
    },
    {
      heading: '4. Confidentiality',
      planted: [
        'The Consultant shall not disclose Confidential Information to any third party.',
        'Confidential Information shall be returned or destroyed at the end of the engagement.',
      ],
    },
    {
      heading: '5. Termination',
      planted: ['The Client may terminate the engagement on thirty days written notice.', 'Termination does not affect fees already earned for Deliverables accepted before it.'],
    },
    { heading: '6. Intellectual Property', planted: ['All rights in the Deliverables pass to the Client on payment.'] },
  ],
};

function contractParagraphs(c: ContractText): FlowParagraph[] {
  const filler = new SentenceMaker(c.seed, CONTRACT_BANK);
  const body = (text: string) => para(text, 'Times-Roman', 12, 10);
  const heading = (text: string) => para(text, 'Times-Bold', 12, 16, { keepWithNext: true });
  const out: FlowParagraph[] = [para(c.title, 'Times-Bold', 18, 0, { align: 'center' }), body(`${c.preamble} ${filler.paragraph(60)}`), heading('1. Definitions')];
  for (const d of c.definitions) out.push(body(d));
  out.push(body(filler.paragraph(120)));
  for (const s of c.sections) {
    out.push(heading(s.heading));
    for (const planted of s.planted) out.push(body(`${filler.paragraph(70)} ${planted} ${filler.paragraph(90)}`));
  }
  return out;
}

async function writeContract(c: ContractText, dir: string, name: string): Promise<string> {
  const doc = createPdf({ title: c.title });
  const pages = flowParagraphs(doc, contractParagraphs(c), () => [{ x: 72, top: 90, width: 468, bottom: 700 }]);
  pages.forEach((lines, i) => {
    doc.addPage();
    drawLines(doc, lines);
    drawCentered(doc, `Page ${i + 1} of ${pages.length}`, 748, 'Helvetica', 9);
  });
  return savePdf(doc, dir, name);
}

/** The licence (defined terms, several pages) and the consulting agreement (same topics, other parties). */
export async function makeKnowledgeContracts(dir: string): Promise<{ licence: string; consulting: string }> {
  return {
    licence: await writeContract(LICENCE_TEXT, dir, 'licence.pdf'),
    consulting: await writeContract(CONSULTING_TEXT, dir, 'consulting.pdf'),
  };
}
