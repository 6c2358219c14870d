import { LecternError } from '../api/errors.js';
import type { OcrProgress } from '../api/types.js';
import type { Engine } from '../engine.js';
import { checkedArgs } from './cliArguments.js';

export const OCR_USAGE = `  lectern ocr <docId> [--lang eng+fra] [--pages 3-9,12] [--force]
                                         recognise a scan's pages (again, with --pages); pages
                                         read are kept, so a stopped run resumes
  lectern ocr-languages [add FILE]       OCR languages; add one from a tesseract .traineddata
                                         file (Debian: /usr/share/tesseract-ocr/5/tessdata/)`;

interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
  json: boolean;
}

/** `lectern ocr <docId>`: recognises a document and prints what was read, low-confidence pages flagged. */
export async function runOcrCommand(engine: Engine, rest: string[], flags: { lang?: string; pages?: string; force?: boolean }, io: Output): Promise<number> {
  if (rest.length !== 1) throw new LecternError('INVALID_ARGUMENT', 'lectern ocr needs one document id. See `lectern --help`.');
  const args = checkedArgs('library:ocr', {
    documentId: rest[0],
    ...(flags.lang ? { lang: flags.lang } : {}),
    ...(flags.pages ? { pages: parsePageRanges(flags.pages) } : {}),
    ...(flags.force ? { force: true } : {}),
  });
  const result = await engine.invoke('library:ocr', args, {
    onProgress: (p: OcrProgress) => {
      if (!io.json && p.page !== null)
        io.err(`  page ${p.page} read (${p.pagesDone}/${p.pagesTotal})${p.confidence !== null ? `, confidence ${Math.round(p.confidence * 100)}%` : ''}`);
    },
  });
  if (io.json) {
    io.out(JSON.stringify(result));
    return 0;
  }
  const d = result.document;
  io.out(`✓ ${d.id} "${d.title}": ${result.pagesRecognised} pages recognised, ${result.pagesReused} kept from before (${result.lang}); ${d.passages} passages, ${d.status}`);
  if (result.lowConfidencePages.length > 0) io.out(`! low OCR confidence on pages ${result.lowConfidencePages.join(', ')}: check them against the scan`);
  return 0;
}

/** `lectern ocr-languages [add FILE | remove CODE]`. */
export async function runOcrLanguagesCommand(engine: Engine, rest: string[], io: Output): Promise<number> {
  if (rest[0] === 'add' && rest.length === 2) {
    const { language, languages } = await engine.invoke('ocr:addLanguage', checkedArgs('ocr:addLanguage', { path: rest[1] }));
    io.out(io.json ? JSON.stringify({ language, languages }) : `✓ added ${language}; OCR languages: ${languages.join(', ')}`);
    return 0;
  }
  if (rest[0] === 'remove' && rest.length === 2) {
    const { languages } = await engine.invoke('ocr:removeLanguage', checkedArgs('ocr:removeLanguage', { language: rest[1] }));
    io.out(io.json ? JSON.stringify({ languages }) : `✓ removed ${rest[1]}; OCR languages: ${languages.join(', ')}`);
    return 0;
  }
  if (rest.length > 0)
    throw new LecternError('INVALID_ARGUMENT', 'Use `lectern ocr-languages` to list them, `lectern ocr-languages add FILE` or `lectern ocr-languages remove CODE`.');
  const { languages, installed } = await engine.invoke('ocr:languages', {});
  io.out(io.json ? JSON.stringify({ languages, installed }) : installed.map((l) => `${l.code}\t${l.source}`).join('\n'));
  return 0;
}

/** "3-9,12" → [3, 4, …, 9, 12]; anything else is refused by the schema with the rest of the arguments. */
export function parsePageRanges(text: string): number[] {
  const pages = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^\s*(\d{1,6})\s*(?:-\s*(\d{1,6}))?\s*$/.exec(part);
    if (!m) return [-1];
    const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (to < from || to - from > 100_000) return [-1];
    for (let n = from; n <= to; n++) pages.add(n);
  }
  return [...pages].sort((a, b) => a - b);
}
