import fs from 'node:fs';
import readline from 'node:readline';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LecternError, toErrorInfo } from '../api/errors.js';
import { withCliHint } from './cliHints.js';
import type { DocumentSummary, IngestOutcome, IngestProgress, SearchHit, SectionNode } from '../api/types.js';
import { resolveLibraryDir } from '../appPaths.js';
import { createEngine, type Engine } from '../engine.js';
import { repairLibrary } from '../store/repairLibrary.js';
import { DEFAULT_USER } from '../knowledge/ProfileStore.js';
import { checkedArgs, wholeNumber } from './cliArguments.js';
import { loadModelFromFlags, runAsk, runPreread } from './askCommands.js';
import { REREAD_USAGE, runReread } from './rereadCommand.js';
import { EVAL_USAGE, runEvalCommand } from './evalCommands.js';
import { runBackfill, runTerms, TERMS_USAGE } from './termsCommands.js';
import { KNOWLEDGE_USAGE, runEvent, runProfile, runSuggest, runUsers } from './knowledgeCommands.js';
import { MODELS_USAGE, runModelsCommand } from './modelsCommand.js';
import { EMBEDDINGS_USAGE, runEmbeddingsCommand } from './embeddingsCommands.js';
import { OCR_USAGE, runOcrCommand, runOcrLanguagesCommand } from './ocrCommands.js';
import { NOTES_USAGE, runNotes } from './notesCommands.js';
import { ProgressBar } from './ProgressBar.js';
import { runWeb } from './webCommand.js';

const USAGE = `lectern — an offline library for long documents

Usage:
  lectern ingest <file|folder>... [--ocr auto|off|force] [--lang eng+fra]
                                         import PDFs, .txt and .md files; scanned pages are
                                         recognised (OCR) unless --ocr off
  lectern list                           list the library's documents
  lectern show <docId> [--passages]      a document's metadata and sections (and passages)
  lectern search <query> [--doc <id>]... [--limit N] [--user <name>] [--scope highlights]
                                         with --user, spoiler-free pages are left out; --scope
                                         highlights searches only that user's highlighted passages
  lectern search --batch <file|->        one JSON query per line: {"query","docs","limit"}
  lectern remove <docId>
  lectern rename <docId> <title>         give a document a title of your choosing
  lectern ask <question>... [--doc <id>]... [--model <id|path>] [--context-scale 1|2|4|8]
             [--user <name>] [--scope highlights]
                                         answer with citations (extractive without --model);
                                         several questions are answered in order as follow-ups;
                                         --user and --scope as for search
  lectern preread <docId>... --model <id|path> [--context-scale N]
                                         read documents ahead and save their KV cache
  lectern repair                         check the library file and rebuild its search index
  lectern cache [status|clear]           the saved reading states (KV cache) on disk
  lectern cache budget --limit <MiB>     their disk budget; least recently used go first
  lectern web [--port N]                 the app in a browser: serves it on 127.0.0.1 and prints
                                         its address with a per-launch token (--port 0: any free port)
${OCR_USAGE}
${MODELS_USAGE}
${EMBEDDINGS_USAGE}
${TERMS_USAGE}
${REREAD_USAGE}
${KNOWLEDGE_USAGE}
${NOTES_USAGE}
${EVAL_USAGE}

Options:
  --library DIR   library folder (default: $LECTERN_LIBRARY, else the app's data folder)
  --json          print exactly one JSON object on stdout
  --max-pages N   refuse PDFs with more pages (default 5000)
  --user NAME     whose profile suggest, profile, event and notes use (default: default)
  -h, --help      this text

Environment:
  LECTERN_LIBRARY      the library folder, when --library is not given
  LECTERN_LLM_THREADS  CPU threads for the model (default: all cores)`;

const OPTIONS = {
  library: { type: 'string' },
  json: { type: 'boolean' },
  doc: { type: 'string', multiple: true },
  limit: { type: 'string' },
  passages: { type: 'boolean' },
  batch: { type: 'string' },
  'max-pages': { type: 'string' },
  model: { type: 'string' },
  'context-scale': { type: 'string' },
  port: { type: 'string' },
  user: { type: 'string' },
  page: { type: 'string' },
  text: { type: 'string' },
  key: { type: 'string' },
  'dwell-ms': { type: 'string' },
  passage: { type: 'string' },
  ocr: { type: 'string' },
  lang: { type: 'string' },
  pages: { type: 'string' },
  force: { type: 'boolean' },
  format: { type: 'string' },
  out: { type: 'string' },
  scope: { type: 'string' },
  url: { type: 'string' },
  'api-key-file': { type: 'string' },
  'yes-insecure': { type: 'boolean' },
  timeout: { type: 'string' },
  lengths: { type: 'string' },
  depths: { type: 'string' },
  seed: { type: 'string' },
  dataset: { type: 'string' },
  modes: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
}

/** Runs one CLI invocation and returns its exit code. */
export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // --json holds for argument errors too: a script reads one JSON object whatever went wrong.
    if (argv.includes('--json')) io.stdout.write(`${JSON.stringify({ error: { code: 'INVALID_ARGUMENT', message: `${(error as Error).message}. See \`lectern --help\`.` } })}\n`);
    else io.stderr.write(`lectern: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    io.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  const json = values.json ?? false;
  const out = (text: string) => io.stdout.write(`${text}\n`);
  const err = (text: string) => io.stderr.write(`${text}\n`);
  const fail = (error: unknown): number => {
    const info = withCliHint(toErrorInfo(error));
    if (json) out(JSON.stringify({ error: info }));
    else io.stderr.write(`lectern: ${info.message}\n`);
    return info.code === 'INVALID_ARGUMENT' ? 2 : 1;
  };

  let engine: Engine | null = null;
  try {
    const maxPages = values['max-pages'] === undefined ? undefined : positiveInt(values['max-pages'], '--max-pages');
    const llmThreads = process.env.LECTERN_LLM_THREADS ? positiveInt(process.env.LECTERN_LLM_THREADS, 'LECTERN_LLM_THREADS') : undefined;
    if (values.library !== undefined && values.library.trim() === '') throw usage('--library needs a folder; an empty name would open the default library.');
    const open = () => (engine = createEngine({ libraryDir: resolveLibraryDir(values.library), maxPages, llmThreads }));
    switch (command) {
      case 'ingest': {
        if (rest.length === 0) throw usage('lectern ingest needs at least one file or folder.');
        const bar = !json && io.stdout.isTTY ? new ProgressBar(io.stdout) : null;
        const { documents } = await open().invoke(
          'library:ingest',
          checkedArgs('library:ingest', { paths: rest, ...(values.ocr !== undefined ? { ocr: values.ocr } : {}), ...(values.lang ? { ocrLang: values.lang } : {}) }),
          {
            onProgress: (p: IngestProgress) => bar?.update(p),
            onWarning: (message: string) => {
              bar?.clear();
              err(`! ${message}`);
            },
          },
        );
        bar?.clear();
        if (json) out(JSON.stringify({ documents: documents.map(ingestJson) }));
        else for (const d of documents) (d.status === 'failed' ? err : out)(describeOutcome(d));
        return documents.some((d) => d.status === 'failed') ? 1 : 0;
      }
      case 'ocr':
        return await runOcrCommand(open(), rest, { lang: values.lang, pages: values.pages, force: values.force }, { out, err, json });
      case 'ocr-languages':
        return await runOcrLanguagesCommand(open(), rest, { out, err, json });
      case 'list': {
        if (rest.length > 0) throw usage('lectern list takes no arguments.');
        const { documents } = await open().invoke('library:list', {});
        if (json) {
          out(
            JSON.stringify({
              documents: documents.map(({ id, title, path, pages, passages, status, ocrPages, fidelity }) => ({ id, title, path, pages, passages, status, ocrPages, fidelity })),
            }),
          );
        } else if (documents.length === 0) {
          out('The library is empty. Import files with `lectern ingest <file|folder>`.');
        } else {
          for (const d of documents)
            out(`${d.id}  ${d.title}  (${[`${d.pages} pages`, `${d.passages} passages`, ...(d.status === 'needs-ocr' ? ['needs OCR'] : []), ...textQuality(d)].join(', ')})`);
        }
        return 0;
      }
      case 'show': {
        const id = single(rest, 'lectern show needs one document id.');
        const e = open();
        const detail = await e.invoke('library:get', checkedArgs('library:get', { id }));
        const passages = values.passages ? (await e.invoke('library:passages', { id })).passages : null;
        if (json) {
          out(
            JSON.stringify({
              ...detail,
              ...(passages ? { passages: passages.map((p) => ({ id: p.id, page: p.page, pageEnd: p.pageEnd, section: p.section, text: p.text })) } : {}),
            }),
          );
        } else {
          const facts = [`id ${detail.id}`, detail.format.toUpperCase(), `${detail.pages} pages`, `${detail.passages} passages`, detail.status, ...textQuality(detail)];
          const low = detail.lowConfidencePages;
          if (low.length > 0) facts.push(`OCR: low confidence on ${low.length === 1 ? 'p.' : 'pp.'} ${low.join(', ')} (check against the scan)`);
          out(`${detail.title}\n  ${facts.join(' · ')}\n  ${detail.path}`);
          if (detail.sections.length > 0) out(`\nSections:\n${renderTree(detail.sections, '  ')}`);
          for (const p of passages ?? []) out(`\n[${p.id}] p.${p.page}${p.pageEnd !== p.page ? `–${p.pageEnd}` : ''}${p.section ? ` · ${p.section}` : ''}\n${p.text}`);
        }
        return 0;
      }
      case 'search': {
        if (values.batch !== undefined) return await searchBatch(open(), values.batch, io);
        if (rest.length === 0) throw usage('lectern search needs a query.');
        const limit = values.limit === undefined ? 10 : positiveInt(values.limit, '--limit');
        // Checked before the library opens: a bad argument touches nothing.
        const query = checkedArgs('search:query', { query: rest.join(' '), documentIds: values.doc, limit, ...readerScope(values) });
        const { results } = await open().invoke('search:query', query);
        if (json) out(JSON.stringify({ results: results.map(searchJson) }));
        else if (results.length === 0) out('No passages match.');
        else {
          if (results[0]!.fallback)
            out(
              results.some((r) => r.fallback === 'clauses')
                ? 'No passage matches these words; an overview instead: the opening passage, then the clauses of most kinds:'
                : 'No passage matches these words; the opening passages instead:',
            );
          for (const r of results) out(describeHit(r, io.stdout.isTTY ?? false));
        }
        return 0;
      }
      case 'remove': {
        const id = single(rest, 'lectern remove needs one document id.');
        await open().invoke('library:remove', checkedArgs('library:remove', { id }));
        if (json) out(JSON.stringify({ removed: id }));
        else out(`Removed ${id}.`);
        return 0;
      }
      case 'rename': {
        const [id, ...words] = rest;
        if (!id || words.length === 0) throw usage('lectern rename needs a document id and a title: lectern rename <docId> "<title>".');
        // Through invoke, so the contract trims and checks the title.
        const { document } = await open().invoke('library:rename', { id, title: words.join(' ') });
        if (json) out(JSON.stringify({ id: document.id, title: document.title }));
        else out(`Renamed ${document.id} to “${document.title}”.`);
        return 0;
      }
      case 'ask': {
        if (rest.length === 0) throw usage('lectern ask needs a question.');
        const e = open();
        await loadModelFromFlags(e, { model: values.model, contextScale: values['context-scale'] }, io, json);
        return await runAsk(e, rest, values.doc, io, json, readerScope(values));
      }
      case 'cache': {
        const [action = 'status', ...more] = rest;
        if (more.length > 0 || !['status', 'clear', 'budget'].includes(action)) throw usage('lectern cache status | clear | budget <MiB>.');
        const e = open();
        if (action === 'clear') {
          const { freedBytes } = await e.invoke('kv:clear', {});
          if (json) out(JSON.stringify({ freedBytes }));
          else out(`Cleared the reading cache: ${(freedBytes / 1024 / 1024).toFixed(1)} MiB freed.`);
          return 0;
        }
        if (action === 'budget') {
          if (values.limit === undefined) throw usage('lectern cache budget --limit <MiB>.');
          await e.invoke('kv:setBudget', checkedArgs('kv:setBudget', { bytes: positiveInt(values.limit, '--limit') * 1024 * 1024 }));
        }
        const usage_ = await e.invoke('kv:usage', {});
        if (json) out(JSON.stringify(usage_));
        else out(`Reading cache: ${usage_.files} saved state(s), ${(usage_.bytes / 1024 / 1024).toFixed(1)} MiB of a ${(usage_.budgetBytes / 1024 / 1024).toFixed(0)} MiB budget.`);
        return 0;
      }
      case 'preread': {
        if (rest.length === 0) throw usage('lectern preread needs at least one document id.');
        const e = open();
        await loadModelFromFlags(e, { model: values.model, contextScale: values['context-scale'] }, io, json);
        return await runPreread(e, rest, io, json);
      }
      case 'repair': {
        if (rest.length > 0) throw usage('lectern repair takes no arguments.');
        const report = repairLibrary(resolveLibraryDir(values.library));
        if (json) out(JSON.stringify(report));
        else {
          out(`Integrity check before: ${report.before.join('; ')}`);
          out(`Search index ${report.searchIndex} from ${report.passages} passages.`);
          out(report.ok ? 'The library is sound.' : `Still damaged: ${report.after.join('; ')}. Restore library.sqlite from a backup; the source files can be imported again.`);
        }
        return report.ok ? 0 : 1;
      }
      case 'web':
        if (rest.length > 0) throw usage('lectern web takes no arguments besides --library and --port.');
        return await runWeb((libraryDir, switchLibrary) => createEngine({ libraryDir, maxPages, llmThreads, switchLibrary }), resolveLibraryDir(values.library), values.port, io);
      case 'models':
        return await runModelsCommand(open, rest, io, json, {
          url: values.url,
          model: values.model,
          apiKeyFile: values['api-key-file'],
          yesInsecure: values['yes-insecure'],
          timeout: values.timeout,
        });
      case 'embeddings':
        return await runEmbeddingsCommand(open(), rest, { contextScale: values['context-scale'] }, { out, err, json });
      case 'terms':
        return await runTerms(open(), single(rest, 'lectern terms needs one document id.'), io, json);
      case 'backfill':
        if (rest.length > 0) throw usage('lectern backfill takes no arguments.');
        return await runBackfill(open(), io, json);
      case 'reread':
        if (rest.length > 0) throw usage('lectern reread takes no arguments.');
        return await runReread(open(), io, json);
      case 'suggest':
        return await runSuggest(open, rest, values, io, json);
      case 'profile':
        return await runProfile(open, rest, values, io, json);
      case 'users':
        return await runUsers(open, rest, io, json);
      case 'event':
        return await runEvent(open, rest, values, io, json);
      case 'notes':
        return await runNotes(open, rest, values, io, json);
      case 'eval':
        return await runEvalCommand(
          open,
          (libraryDir) => createEngine({ libraryDir, maxPages, llmThreads }),
          rest,
          {
            doc: values.doc,
            model: values.model,
            contextScale: values['context-scale'],
            lengths: values.lengths,
            depths: values.depths,
            seed: values.seed,
            out: values.out,
            dataset: values.dataset,
            limit: values.limit,
            modes: values.modes,
          },
          io,
          json,
        );
      default:
        throw usage(`Unknown command "${command}".`);
    }
  } catch (error) {
    return fail(error);
  } finally {
    await (engine as Engine | null)?.close();
  }
}

async function searchBatch(engine: Engine, file: string, io: Io): Promise<number> {
  const input = file === '-' ? io.stdin : fs.createReadStream(file);
  const opened = new Promise<void>((resolve, reject) => {
    if (file === '-') resolve();
    else (input as fs.ReadStream).once('open', () => resolve()).once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    throw new LecternError('FILE_NOT_FOUND', `Cannot read the batch file ${file}: ${(error as Error).message}`);
  }
  let failures = 0;
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    try {
      const q = JSON.parse(line) as { query?: unknown; docs?: unknown; limit?: unknown };
      const { results } = await engine.invoke('search:query', { query: q.query, documentIds: q.docs ?? undefined, limit: q.limit ?? 10 });
      io.stdout.write(`${JSON.stringify({ results: results.map(searchJson) })}\n`);
    } catch (error) {
      failures++;
      const info = error instanceof SyntaxError ? { code: 'INVALID_ARGUMENT', message: `Not a JSON line: ${error.message}` } : toErrorInfo(error);
      io.stdout.write(`${JSON.stringify({ error: info })}\n`);
    }
  }
  return failures > 0 ? 1 : 0;
}

function ingestJson(d: IngestOutcome) {
  return {
    id: d.id,
    path: d.path,
    title: d.title,
    status: d.status,
    pages: d.pages,
    passages: d.passages,
    ...(d.error ? { error: d.error } : {}),
    ...(d.ocr ? { ocr: d.ocr } : {}),
    ...(d.warnings ? { warnings: d.warnings } : {}),
  };
}

function searchJson(r: SearchHit) {
  return {
    documentId: r.documentId,
    passageId: r.passageId,
    page: r.page,
    pageEnd: r.pageEnd,
    section: r.section,
    text: r.text,
    snippet: r.snippet,
    snippetMarks: r.snippetMarks,
    score: r.score,
    ...(r.fallback ? { fallback: r.fallback } : {}),
  };
}

function describeOutcome(d: IngestOutcome): string {
  switch (d.status) {
    case 'ingested':
      return `✓ ${d.path} → ${d.id} "${d.title}" (${d.pages} pages, ${d.passages} passages${ocrNote(d)})`;
    case 'duplicate':
      return `= ${d.path} is already in the library as ${d.id}`;
    case 'needs-ocr':
      return d.ocr?.error
        ? `! ${d.path} → ${d.id}: no text layer, and OCR failed (${d.ocr.error.message}). Stored as needs-ocr.`
        : `! ${d.path} → ${d.id}: no text layer (scanned?). Stored as needs-ocr; \`lectern ocr ${d.id}\` recognises it (--lang for other languages).`;
    case 'cancelled':
      return `- ${d.path}: cancelled`;
    case 'failed':
      return `✗ ${d.path}: ${d.error?.message} [${d.error?.code}]`;
  }
}

function describeHit(r: SearchHit, color: boolean): string {
  let snippet = '';
  let at = 0;
  for (const [s, e] of r.snippetMarks) {
    snippet += r.snippet.slice(at, s) + (color ? `\x1b[1m${r.snippet.slice(s, e)}\x1b[0m` : `[${r.snippet.slice(s, e)}]`);
    at = e;
  }
  snippet += r.snippet.slice(at);
  const where = `p.${r.page}${r.pageEnd !== r.page ? `–${r.pageEnd}` : ''}`;
  return `${r.documentTitle} · ${where}${r.section ? ` · ${r.section}` : ''}  (${r.documentId}, passage ${r.passageId})\n  ${snippet}\n`;
}

/** "3 pages need OCR" when some pages' text could not be used, "text check: 97.1%" when fidelity is below 99.5%. */
function ocrNote(d: IngestOutcome): string {
  if (!d.ocr || d.ocr.pagesRecognised === 0) return '';
  const low = d.ocr.lowConfidencePages;
  return `, ${d.ocr.pagesRecognised} recognised by OCR${low.length > 0 ? `; low confidence on pages ${low.join(', ')}` : ''}`;
}

function textQuality(d: Pick<DocumentSummary, 'ocrPages' | 'fidelity'>): string[] {
  const notes: string[] = [];
  if (d.ocrPages > 0) notes.push(`${d.ocrPages} ${d.ocrPages === 1 ? 'page needs' : 'pages need'} OCR`);
  // Rounded down, so a check below 99.5% never reads as 99.5%.
  if (d.fidelity !== null && d.fidelity < 0.995) notes.push(`text check: ${(Math.floor(d.fidelity * 1000) / 10).toFixed(1)}%`);
  return notes;
}

function renderTree(nodes: SectionNode[], indent: string): string {
  return nodes.map((n) => `${indent}${n.title}  (p.${n.page})${n.children.length > 0 ? `\n${renderTree(n.children, `${indent}  `)}` : ''}`).join('\n');
}

function usage(message: string): LecternError {
  return new LecternError('INVALID_ARGUMENT', `${message} See \`lectern --help\`.`);
}

function single(rest: string[], message: string): string {
  if (rest.length !== 1) throw usage(message);
  return rest[0]!;
}

function positiveInt(value: string, flag: string): number {
  return wholeNumber(value, flag, 1);
}

/**
 * What `--user` and `--scope` ask of search and ask: with a user, their spoiler-free limits hold;
 * `--scope highlights` reads only that user's highlighted passages (the default user's without --user).
 */
function readerScope(values: { user?: string; scope?: string }): { user?: string; scope?: string } {
  const user = values.user ?? (values.scope === 'highlights' ? DEFAULT_USER : undefined);
  return { ...(user ? { user } : {}), ...(values.scope ? { scope: values.scope } : {}) };
}
