/**
 * A library of generated contracts with their entity tables, written with plain SQL (no
 * PDF, no extraction) for the suggestion benchmark. Entities follow a realistic shape:
 * clause topics and defined terms drawn from Zipf-distributed pools shared across the
 * library (a few in most documents, most in a few), parties mostly unique to a document,
 * dates and sums nearly always unique. Passages name the entities they mention, so the
 * full-text index (which linking and suggestions read) sees them as a real one would.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EntityKind } from '../native/api/types.js';
import { entityKey } from '../native/knowledge/entities/entityKey.js';
import { KIND_WEIGHT } from '../native/model/entityModel.js';
import { openLibraryDatabase } from '../native/store/openLibraryDatabase.js';
import { AliasSampler } from './AliasSampler.js';
import { seededRandom, type Random } from './seededRandom.js';

export interface EntityBenchParams {
  documents: number;
  passagesPerDocument: number;
  seed: number;
  /** Bumped whenever the generator changes what it writes. */
  generatorVersion: number;
}

export interface EntityBenchState {
  params: EntityBenchParams;
  documentIds: string[];
  /** Names of the pooled topics and terms, most popular first (the benchmark's user asks about them). */
  topics: string[];
  terms: string[];
  counts: { entities: number; documentEntities: number; mentions: number; passages: number };
  buildMs: number;
}

const STATE_FILE = 'entity-bench.json';
const CLAUSE_WORDS = (
  'payment termination liability indemnification confidentiality warranty insurance assignment license audit exclusivity ' +
  'renewal delivery pricing escrow arbitration jurisdiction notices severability waiver publicity trademarks ownership records taxes ' +
  'compliance security privacy data support maintenance acceptance training reporting subcontracting nonsolicitation competition ' +
  'dispute remedies damages expenses invoicing royalties milestones forecasts inventory shipping returns recalls'
).split(' ');
const MODIFIERS = (
  'general limited mutual annual minimum maximum exclusive early late partial joint prior final initial extended ' +
  'additional special standard customer supplier vendor product service technical financial regulatory'
).split(' ');
const SYLLABLES = 'ka lo ri ven tor mex dal sun or bra lin cor vas tel ni pro zen fal mor quin del sar vok lu ber'.split(' ');

/** How many of each kind a document has, and how big the library-wide pool is (0: unique to the document). */
const PER_DOCUMENT: Array<{ kind: EntityKind; count: number; pool: number; zipf: number }> = [
  { kind: 'topic', count: 12, pool: 600, zipf: 1.0 },
  { kind: 'term', count: 15, pool: 4000, zipf: 1.1 },
  { kind: 'party', count: 2, pool: 0, zipf: 0 },
  { kind: 'organization', count: 5, pool: 2000, zipf: 0.9 },
  { kind: 'person', count: 3, pool: 3000, zipf: 0.8 },
  { kind: 'place', count: 4, pool: 150, zipf: 1.2 },
  { kind: 'date', count: 8, pool: 0, zipf: 0 },
  { kind: 'money', count: 6, pool: 0, zipf: 0 },
];

function pseudoWord(random: Random, syllables = 2 + Math.floor(random() * 2)): string {
  let w = '';
  for (let i = 0; i < syllables; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
  return w;
}

const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

function poolName(kind: EntityKind, index: number, random: Random): string {
  switch (kind) {
    case 'topic': {
      const clause = CLAUSE_WORDS[index % CLAUSE_WORDS.length]!;
      const round = Math.floor(index / CLAUSE_WORDS.length);
      return round === 0 ? clause : `${MODIFIERS[(round - 1) % MODIFIERS.length]} ${clause}${round > MODIFIERS.length ? ` ${pseudoWord(random, 2)}` : ''}`;
    }
    case 'term':
      return index % 3 === 0 ? capital(pseudoWord(random)) : `${capital(pseudoWord(random))} ${capital(CLAUSE_WORDS[index % CLAUSE_WORDS.length]!)}`;
    case 'organization':
      return `${capital(pseudoWord(random))} ${['Group', 'Holdings', 'Partners', 'Labs', 'Systems'][index % 5]}`;
    case 'person':
      return `${capital(pseudoWord(random))} ${capital(pseudoWord(random))}`;
    case 'place':
      return capital(pseudoWord(random, 3));
    default:
      throw new Error(`no pool for ${kind}`);
  }
}

function uniqueName(kind: EntityKind, doc: number, i: number, random: Random): string {
  switch (kind) {
    case 'party':
      return `${capital(pseudoWord(random))} ${capital(pseudoWord(random))} ${['Inc.', 'Ltd', 'LLC', 'GmbH'][i % 4]}`;
    case 'date':
      return `${1 + Math.floor(random() * 28)} ${['January', 'March', 'May', 'July', 'September', 'November'][Math.floor(random() * 6)]} ${2000 + ((doc * 7 + i) % 25)}`;
    case 'money':
      return `$${(1 + Math.floor(random() * 999)) * 1000}`;
    default:
      throw new Error(`${kind} is pooled`);
  }
}

/** Opens the cached library in `dir`, building it first unless one with the same parameters is there. */
export function openEntityBenchLibrary(dir: string, params: EntityBenchParams, log: (line: string) => void): EntityBenchState {
  const statePath = path.join(dir, STATE_FILE);
  try {
    const state = JSON.parse(fs.readFileSync(statePath, 'utf8')) as EntityBenchState;
    if (JSON.stringify(state.params) === JSON.stringify(params)) return state;
    log(`the library in ${dir} was built with other parameters; rebuilding`);
  } catch {
    // Not built yet.
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const state = build(dir, params, log);
  fs.writeFileSync(statePath, JSON.stringify(state));
  return state;
}

function build(dir: string, params: EntityBenchParams, log: (line: string) => void): EntityBenchState {
  const start = performance.now();
  const random = seededRandom(params.seed, 1);
  const db = openLibraryDatabase(dir);
  db.pragma('synchronous = OFF');
  const pools = new Map<EntityKind, { names: string[]; sampler: AliasSampler }>();
  for (const spec of PER_DOCUMENT) {
    if (spec.pool === 0) continue;
    const names = [...new Set(Array.from({ length: spec.pool }, (_, i) => poolName(spec.kind, i, random)))];
    pools.set(spec.kind, { names, sampler: new AliasSampler(names.map((_, rank) => 1 / Math.pow(rank + 2, spec.zipf))) });
  }
  const insertDocument = db.prepare(
    `INSERT INTO documents (id, sha256, title, source_path, format, pages, bytes, status, added_at) VALUES (?, ?, ?, ?, 'pdf', ?, 1000, 'ingested', ?)`,
  );
  const insertPage = db.prepare(`INSERT INTO pages (document_id, number, width, height, text) VALUES (?, ?, 612, 792, '')`);
  const insertSection = db.prepare('INSERT INTO sections (document_id, parent_id, level, title, page, ord) VALUES (?, NULL, 1, ?, ?, ?)');
  const insertPassage = db.prepare('INSERT INTO passages (document_id, section_id, ord, page_start, page_end, text, word_count) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const upsertEntity = db.prepare('INSERT INTO entities (kind, key, name) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET name = name RETURNING id');
  const insertDocumentEntity = db.prepare(
    "INSERT OR IGNORE INTO document_entities (document_id, entity_id, name, aliases, mentions, salience, definition, definition_passage_id) VALUES (?, ?, ?, '[]', ?, ?, ?, ?)",
  );
  const insertMention = db.prepare('INSERT OR IGNORE INTO mentions (passage_id, entity_id, count) VALUES (?, ?, ?)');
  const indexRange = db.prepare('INSERT INTO passage_search (rowid, section_title, text) SELECT id, section_title, text FROM passage_search_source WHERE id BETWEEN ? AND ?');
  const markExtracted = db.prepare(`INSERT INTO entity_extraction (document_id, version, extracted_at) VALUES (?, 1, '2025-01-01T00:00:00.000Z')`);
  const documentIds: string[] = [];
  const counts = { entities: 0, documentEntities: 0, mentions: 0, passages: 0 };
  const pagesPerDocument = Math.ceil(params.passagesPerDocument / 3);

  for (let first = 0; first < params.documents; first += 50) {
    db.transaction(() => {
      for (let d = first; d < Math.min(params.documents, first + 50); d++) {
        const id = createHash('sha256').update(`lectern-suggest-bench:${params.seed}:${d}`).digest('hex').slice(0, 12);
        documentIds.push(id);
        // Entities of this document, each with the passages that mention it.
        const chosen: Array<{ kind: EntityKind; name: string; passages: number[] }> = [];
        for (const spec of PER_DOCUMENT) {
          const seen = new Set<string>();
          for (let i = 0; i < spec.count; i++) {
            const pool = pools.get(spec.kind);
            const name = pool ? pool.names[pool.sampler.sample(random)]! : uniqueName(spec.kind, d, i, random);
            if (seen.has(name)) continue;
            seen.add(name);
            const spread = spec.kind === 'topic' || spec.kind === 'term' ? 1 + Math.floor(random() * 6) : 1 + Math.floor(random() * 2);
            chosen.push({ kind: spec.kind, name, passages: Array.from({ length: spread }, () => Math.floor(random() * params.passagesPerDocument)) });
          }
        }
        const topics = chosen.filter((c) => c.kind === 'topic');
        const title = `${capital(pseudoWord(random))} ${capital(topics[0]?.name ?? 'services')} Agreement`;
        insertDocument.run(
          id,
          createHash('sha256').update(id).digest('hex'),
          title,
          `/bench/${id}.pdf`,
          pagesPerDocument,
          new Date(Date.UTC(2024, 0, 1) + d * 60_000).toISOString(),
        );
        for (let p = 1; p <= pagesPerDocument; p++) insertPage.run(id, p);
        const sectionIds = topics
          .slice(0, 10)
          .map((t, i) => Number(insertSection.run(id, `${i + 1}. ${capital(t.name)}`, 1 + Math.floor((i * pagesPerDocument) / 10), i).lastInsertRowid));
        const passageIds: number[] = [];
        for (let p = 0; p < params.passagesPerDocument; p++) {
          const named = chosen.filter((c) => c.passages.includes(p)).map((c) => c.name);
          const filler = Array.from({ length: 40 }, () =>
            random() < 0.3 ? CLAUSE_WORDS[Math.floor(random() * CLAUSE_WORDS.length)] : pseudoWord(random, 1 + Math.floor(random() * 2)),
          ).join(' ');
          const text = `The parties agree that ${named.join(', ') || 'the services'} apply. ${filler}.`;
          const page = 1 + Math.floor(p / 3);
          const section = sectionIds.length === 0 ? null : sectionIds[Math.min(sectionIds.length - 1, Math.floor((p * sectionIds.length) / params.passagesPerDocument))]!;
          passageIds.push(Number(insertPassage.run(id, section, p, page, page, text, text.split(' ').length).lastInsertRowid));
        }
        counts.passages += passageIds.length;
        for (const c of chosen) {
          const { id: entityId } = upsertEntity.get(c.kind, entityKey(c.name), c.name) as { id: number };
          const perPassage = new Map<number, number>();
          for (const p of c.passages) perPassage.set(p, (perPassage.get(p) ?? 0) + 1);
          const mentions = c.passages.length;
          const definedIn = c.kind === 'term' ? passageIds[c.passages[0]!]! : null;
          counts.documentEntities += insertDocumentEntity.run(
            id,
            entityId,
            c.name,
            mentions,
            Math.log1p(mentions) * KIND_WEIGHT[c.kind],
            definedIn === null ? null : `"${c.name}" means the ${c.name.toLowerCase()} of the parties.`,
            definedIn,
          ).changes;
          for (const [p, n] of perPassage) counts.mentions += insertMention.run(passageIds[p]!, entityId, n).changes;
        }
        indexRange.run(passageIds[0]!, passageIds.at(-1)!);
        markExtracted.run(id);
      }
    })();
    if ((first + 50) % 250 === 0) log(`  built ${Math.min(params.documents, first + 50)}/${params.documents} documents`);
  }
  counts.entities = (db.prepare('SELECT count(*) AS n FROM entities').get() as { n: number }).n;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { params, documentIds, topics: pools.get('topic')!.names, terms: pools.get('term')!.names, counts, buildMs: performance.now() - start };
}
