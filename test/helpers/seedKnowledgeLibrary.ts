/**
 * A small library written straight into a real library database with SQL: documents,
 * pages, sections, passages and the entity tables extraction fills at ingest. Profile
 * and suggestion tests need entities they can name exactly, whatever the extractor
 * finds; the tests that go through real ingest are separate.
 */
import type { Database } from 'better-sqlite3';
import type { EntityKind } from '../../native/api/types.js';
import { entityKey } from '../../native/knowledge/entities/entityKey.js';

export interface SeedEntity {
  kind: EntityKind;
  name: string;
  aliases?: string[];
  /** Passage index → mentions there. */
  mentions: Record<number, number>;
  /** For terms: the passage whose text defines it. */
  definedIn?: number;
  salience?: number;
}

export interface SeedDocument {
  id: string;
  title: string;
  /** One entry per passage: its page and text; sections are made from `section` titles in order. */
  passages: Array<{ page: number; text: string; section?: string }>;
  entities: SeedEntity[];
}

export interface SeededLibrary {
  /** entity name (as written in the seed, any document) → entity id. */
  entity: (name: string) => number;
  /** document id → its passage ids in order. */
  passages: Map<string, number[]>;
  /** document id → section title → section id. */
  sections: Map<string, Map<string, number>>;
}

export function seedKnowledgeLibrary(db: Database, documents: readonly SeedDocument[]): SeededLibrary {
  const entityIds = new Map<string, number>();
  const passages = new Map<string, number[]>();
  const sections = new Map<string, Map<string, number>>();
  const upsertEntity = db.prepare(`INSERT INTO entities (kind, key, name) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET name = name RETURNING id`);
  db.transaction(() => {
    for (const doc of documents) {
      const pages = Math.max(...doc.passages.map((p) => p.page));
      db.prepare(
        `INSERT INTO documents (id, sha256, title, source_path, format, pages, bytes, status, added_at) VALUES (?, ?, ?, ?, 'txt', ?, 1000, 'ingested', '2025-01-01T00:00:00.000Z')`,
      ).run(doc.id, `sha-${doc.id}`, doc.title, `/seed/${doc.id}.txt`, pages);
      for (let n = 1; n <= pages; n++) {
        const text = doc.passages
          .filter((p) => p.page === n)
          .map((p) => p.text)
          .join('\n');
        db.prepare(`INSERT INTO pages (document_id, number, width, height, text) VALUES (?, ?, 612, 792, ?)`).run(doc.id, n, text);
      }
      const sectionIds = new Map<string, number>();
      const ids: number[] = [];
      doc.passages.forEach((p, ord) => {
        let sectionId: number | null = null;
        if (p.section) {
          sectionId = sectionIds.get(p.section) ?? null;
          if (sectionId === null) {
            sectionId = Number(
              db.prepare('INSERT INTO sections (document_id, parent_id, level, title, page, ord) VALUES (?, NULL, 1, ?, ?, ?)').run(doc.id, p.section, p.page, sectionIds.size)
                .lastInsertRowid,
            );
            sectionIds.set(p.section, sectionId);
          }
        }
        const words = p.text.split(/\s+/).length;
        ids.push(
          Number(
            db
              .prepare('INSERT INTO passages (document_id, section_id, ord, page_start, page_end, text, word_count) VALUES (?, ?, ?, ?, ?, ?, ?)')
              .run(doc.id, sectionId, ord, p.page, p.page, p.text, words).lastInsertRowid,
          ),
        );
      });
      passages.set(doc.id, ids);
      // The full-text index, fed as DocumentRepository feeds it.
      db.prepare('INSERT INTO passage_search (rowid, section_title, text) SELECT id, section_title, text FROM passage_search_source WHERE id BETWEEN ? AND ?').run(
        ids[0]!,
        ids.at(-1)!,
      );
      sections.set(doc.id, sectionIds);
      for (const e of doc.entities) {
        const { id } = upsertEntity.get(e.kind, entityKey(e.name), e.name) as { id: number };
        entityIds.set(e.name, id);
        for (const alias of e.aliases ?? []) db.prepare('INSERT OR IGNORE INTO entity_aliases (key, entity_id) VALUES (?, ?)').run(entityKey(alias), id);
        const total = Object.values(e.mentions).reduce((a, b) => a + b, 0);
        const definition = e.definedIn === undefined ? null : doc.passages[e.definedIn]!.text;
        db.prepare(
          `INSERT INTO document_entities (document_id, entity_id, name, aliases, mentions, salience, definition, definition_passage_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(doc.id, id, e.name, JSON.stringify(e.aliases ?? []), total, e.salience ?? Math.log1p(total), definition, e.definedIn === undefined ? null : ids[e.definedIn]!);
        for (const [index, count] of Object.entries(e.mentions))
          db.prepare('INSERT INTO mentions (passage_id, entity_id, count) VALUES (?, ?, ?)').run(ids[Number(index)]!, id, count);
      }
      db.prepare(`INSERT INTO entity_extraction (document_id, version, extracted_at) VALUES (?, 1, '2025-01-01T00:00:00.000Z')`).run(doc.id);
    }
  })();
  return {
    entity: (name) => {
      const id = entityIds.get(name);
      if (id === undefined) throw new Error(`no seeded entity named ${name}`);
      return id;
    },
    passages,
    sections,
  };
}

/**
 * Five contracts and a non-contract note. Indemnification is in four contracts, governing
 * law in three, escrow in two, always beside source code, which a fifth (the deposit
 * agreement) has without escrow; so interest in escrow projects onto source code there.
 */
export function contractLibrary(): SeedDocument[] {
  const topic = (name: string, mentions: Record<number, number>): SeedEntity => ({ kind: 'topic', name, mentions });
  return [
    {
      id: 'lic',
      title: 'SOFTWARE LICENCE AGREEMENT',
      passages: [
        {
          page: 1,
          section: '1. Definitions',
          text: '"Licensee" means Bluewater Freight Inc. and its affiliates. "Licensor" means Meridian Software Ltd, which grants the licence.',
        },
        { page: 2, section: '2. Licence Fee', text: 'The Licensee shall pay the Licence Fee of $50,000 on 1 January 2025, and the Licensor shall invoice it.' },
        {
          page: 3,
          section: '3. Indemnification',
          text: 'The Licensor shall indemnify the Licensee against third-party claims. Indemnification covers reasonable legal fees of the Licensee.',
        },
        { page: 4, section: '4. Termination', text: 'Either party may terminate this agreement on ninety days notice. Termination ends the licence.' },
        { page: 4, section: '5. Governing Law', text: 'This agreement is governed by the laws of Delaware. Governing law questions go to its courts.' },
      ],
      entities: [
        { kind: 'term', name: 'Licensee', mentions: { 0: 1, 1: 1, 2: 2 }, definedIn: 0 },
        { kind: 'term', name: 'Licensor', mentions: { 0: 1, 1: 1, 2: 1 }, definedIn: 0 },
        { kind: 'party', name: 'Meridian Software Ltd', mentions: { 0: 1 } },
        { kind: 'money', name: '$50,000', mentions: { 1: 1 } },
        { kind: 'date', name: '1 January 2025', mentions: { 1: 1 } },
        topic('Indemnification', { 2: 2 }),
        topic('Termination', { 3: 2 }),
        topic('Governing Law', { 4: 2 }),
        { kind: 'place', name: 'Delaware', mentions: { 4: 1 } },
      ],
    },
    {
      id: 'dist',
      title: 'DISTRIBUTION AGREEMENT',
      passages: [
        { page: 1, section: '1. Appointment', text: 'The Distributor is appointed on an exclusive basis. Exclusivity lasts for the initial term.' },
        { page: 2, section: '2. Escrow', text: 'The source code is deposited in escrow with an agent. Escrow releases the source code on insolvency.' },
        { page: 2, section: '3. Indemnification', text: 'Each party shall indemnify the other. Indemnification survives termination.' },
        { page: 3, section: '4. Termination', text: 'Termination for breach needs thirty days notice.' },
        { page: 3, section: '5. Governing Law', text: 'Governing law is the law of New York.' },
      ],
      entities: [
        { kind: 'term', name: 'Distributor', mentions: { 0: 1 }, definedIn: 0 },
        topic('Exclusivity', { 0: 1 }),
        topic('Escrow', { 1: 2 }),
        topic('Source Code', { 1: 2 }),
        topic('Indemnification', { 2: 2 }),
        topic('Termination', { 3: 1 }),
        topic('Governing Law', { 4: 1 }),
      ],
    },
    {
      id: 'svc',
      title: 'SERVICES AGREEMENT',
      passages: [
        { page: 1, section: '1. Service Levels', text: 'The Customer receives the service levels in Schedule 2.' },
        { page: 1, section: '2. Escrow', text: 'Source code for the platform is held in escrow. Escrow fees are shared.' },
        { page: 2, section: '3. Indemnification', text: 'The provider shall indemnify the Customer. Indemnification is capped.' },
        { page: 2, section: '4. Limitation of Liability', text: 'Limitation of liability: neither party is liable for indirect loss.' },
        { page: 3, section: '5. Termination', text: 'Termination on insolvency is immediate.' },
      ],
      entities: [
        { kind: 'term', name: 'Customer', mentions: { 0: 1, 2: 1 }, definedIn: 0 },
        topic('Service Levels', { 0: 1 }),
        topic('Escrow', { 1: 2 }),
        topic('Source Code', { 1: 1 }),
        topic('Indemnification', { 2: 2 }),
        topic('Limitation of Liability', { 3: 1 }),
        topic('Termination', { 4: 1 }),
      ],
    },
    {
      id: 'sup',
      title: 'SUPPLY AGREEMENT',
      passages: [
        { page: 1, section: '1. Supply', text: 'The Supplier shall supply the goods to Gamma plc.' },
        { page: 1, section: '2. Warranty', text: 'The Supplier gives a warranty of twelve months.' },
        { page: 2, section: '3. Indemnification', text: 'The Supplier shall indemnify Gamma plc. Indemnification includes recalls.' },
        { page: 2, section: '4. Governing Law', text: 'Governing law is English law.' },
        { page: 3, section: '5. Insurance', text: 'The Supplier keeps product liability insurance.' },
      ],
      entities: [
        { kind: 'term', name: 'Supplier', mentions: { 0: 1, 1: 1, 2: 1, 4: 1 }, definedIn: 0 },
        { kind: 'party', name: 'Gamma plc', mentions: { 0: 1, 2: 1 } },
        topic('Warranty', { 1: 1 }),
        topic('Indemnification', { 2: 2 }),
        topic('Governing Law', { 3: 1 }),
        topic('Insurance', { 4: 1 }),
      ],
    },
    {
      id: 'src',
      title: 'SOURCE CODE DEPOSIT AGREEMENT',
      passages: [
        { page: 1, section: '1. Deposit', text: 'The Depositor deposits the source code every quarter.' },
        { page: 2, section: '2. Verification', text: 'Verification of the source code is done by the agent.' },
        { page: 3, section: '3. Release Conditions', text: 'Release conditions include insolvency of the Depositor.' },
      ],
      entities: [
        { kind: 'term', name: 'Depositor', mentions: { 0: 1, 2: 1 }, definedIn: 0 },
        topic('Source Code', { 0: 1, 1: 1 }),
        topic('Verification', { 1: 1 }),
        topic('Release Conditions', { 2: 1 }),
      ],
    },
    {
      id: 'notes',
      title: 'Field Notes from the Valley Station',
      passages: [
        { page: 1, text: 'Ada Lovelace visited the station near Zurich to study botany.' },
        { page: 2, text: 'Botany notes: ferns, mosses and lichens along the river in Zurich.' },
      ],
      entities: [{ kind: 'person', name: 'Ada Lovelace', mentions: { 0: 1 } }, { kind: 'place', name: 'Zurich', mentions: { 0: 1, 1: 1 } }, topic('Botany', { 0: 1, 1: 1 })],
    },
  ];
}
