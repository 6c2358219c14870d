import fs from 'node:fs';
import path from 'node:path';
import type { Annotation } from '../api/annotationTypes.js';
import { LecternError } from '../api/errors.js';
import type { Engine } from '../engine.js';
import { DEFAULT_USER } from '../knowledge/ProfileStore.js';

export const NOTES_USAGE = `  lectern notes list <docId> [--user <name>]
                                         a document's highlights, notes, bookmarks and saved answers
  lectern notes export <docId> [--format md|json] [--out FILE] [--user <name>]
                                         the notes as Markdown (default) or JSON, to stdout or FILE
  lectern notes import FILE [--doc <docId>] [--user <name>]
                                         notes exported as JSON, onto their document (or --doc)
  lectern notes copy <docId> [--out FILE] [--user <name>]
                                         a copy of the PDF with the notes as PDF annotations
                                         (default: <library>/exports/<title> (annotated).pdf)`;

/** The flags the notes commands read, as main's parseArgs returns them. */
export interface NotesFlags {
  user?: string;
  doc?: string[];
  format?: string;
  out?: string;
}

interface Io {
  stdout: NodeJS.WritableStream;
}

/** `lectern notes list|export|import|copy`. Files are read and written here; the engine only sees their contents. */
export async function runNotes(open: () => Engine, rest: string[], flags: NotesFlags, io: Io, json: boolean): Promise<number> {
  const [action, target, ...more] = rest;
  const user = flags.user ?? DEFAULT_USER;
  const out = (text: string) => io.stdout.write(`${text}\n`);
  if (!action || !['list', 'export', 'import', 'copy'].includes(action)) throw usage('lectern notes list | export | import | copy.');
  if (!target || more.length > 0) throw usage(`lectern notes ${action} needs one ${action === 'import' ? 'file' : 'document id'}.`);
  if (action !== 'import' && flags.doc) throw usage(`lectern notes ${action} takes the document id as its argument, not --doc.`);
  if (flags.format !== undefined && action !== 'export') throw usage('--format is for lectern notes export.');
  if (flags.out !== undefined && action !== 'export' && action !== 'copy') throw usage('--out is for lectern notes export and copy.');
  switch (action) {
    case 'list': {
      const { annotations } = await open().invoke('annotations:list', { user, documentId: target });
      if (json) out(JSON.stringify({ annotations }));
      else if (annotations.length === 0) out(`${user} has no notes on ${target} yet.`);
      else for (const a of annotations) out(describe(a));
      return 0;
    }
    case 'export': {
      const format = flags.format ?? 'md';
      if (format !== 'md' && format !== 'json') throw usage(`--format is md or json, not ${format}.`);
      const { fileName, content } = await open().invoke('annotations:export', { user, documentId: target, format });
      if (flags.out === undefined) {
        if (json) out(JSON.stringify({ fileName, content }));
        else io.stdout.write(content);
        return 0;
      }
      const file = path.resolve(flags.out);
      await writeFile(file, content);
      if (json) out(JSON.stringify({ path: file, fileName }));
      else out(`Wrote ${file}.`);
      return 0;
    }
    case 'import': {
      const file = path.resolve(target);
      let content: string;
      try {
        content = await fs.promises.readFile(file, 'utf8');
      } catch (error) {
        throw new LecternError('FILE_NOT_FOUND', `Cannot read ${file}: ${(error as Error).message}. Give the path of a notes file exported as JSON.`, { cause: error });
      }
      if (flags.doc && flags.doc.length > 1) throw usage('lectern notes import takes one --doc.');
      const result = await open().invoke('annotations:import', { user, content, ...(flags.doc ? { documentId: flags.doc[0] } : {}) });
      if (json) out(JSON.stringify(result));
      else
        out(
          result.imported === 0
            ? `Nothing new to import onto ${result.documentId}: every note in the file is there already.`
            : `Imported ${result.imported} note${result.imported === 1 ? '' : 's'} onto ${result.documentId}.`,
        );
      return 0;
    }
    default: {
      const { path: written } = await open().invoke('annotations:annotatedCopy', {
        user,
        documentId: target,
        ...(flags.out !== undefined ? { targetPath: path.resolve(flags.out) } : {}),
      });
      if (json) out(JSON.stringify({ path: written }));
      else out(`Wrote an annotated copy to ${written}.`);
      return 0;
    }
  }
}

async function writeFile(file: string, content: string): Promise<void> {
  try {
    await fs.promises.writeFile(file, content);
  } catch (error) {
    throw new LecternError('FILE_UNREADABLE', `Cannot write ${file}: ${(error as Error).message}. Choose a folder you may write to.`, { cause: error });
  }
}

/** One line per annotation: page, kind and colour, the quote (shortened) and the note. */
function describe(a: Annotation): string {
  const what = [a.kind, a.color, a.orphaned ? 'text not found after a re-read' : null].filter((s) => s !== null).join(', ');
  const text = a.kind === 'answer' ? `Q: ${a.answer?.question ?? ''}` : a.anchor.quote;
  const short = text.replace(/\s+/g, ' ').trim();
  const quoted = short ? ` “${short.length > 80 ? `${short.slice(0, 79)}…` : short}”` : '';
  return `p.${a.anchor.page}  ${what}${quoted}${a.note ? `\n      ${a.note.replace(/\s+/g, ' ').trim()}` : ''}  [${a.id}]`;
}

function usage(message: string): LecternError {
  return new LecternError('INVALID_ARGUMENT', `${message} See \`lectern --help\`.`);
}
