import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import { LecternError } from '../../api/errors.js';
import type { OcrLanguage } from '../../api/types.js';
import type { OcrModels } from './ocrWorkerProtocol.js';

/** Languages added by a person live in the library, gzipped, next to nothing else. */
const LANGUAGES_FOLDER = 'ocr-languages';
/** Tesseract's language codes: 'eng', 'fra', 'chi_sim', 'deu_latf'. */
const CODE = /^[a-z]{3}(_[a-z]{3,4})?$/;
const require = createRequire(import.meta.url);

/** The models that ship with the app, from npm: English (LSTM, integer weights) and orientation detection. */
function shipped(): { eng: string; osdDir: string } {
  const fromPackage = (name: string) =>
    path.join(path.dirname(require.resolve(`@tesseract.js-data/${name}/package.json`)), '4.0.0_best_int').replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return { eng: fromPackage('eng'), osdDir: fromPackage('osd') };
}

/** Checks a language string ('eng', 'eng+fra') and returns its codes. */
export function parseLanguages(lang: string): string[] {
  const codes = lang.split('+').map((c) => c.trim());
  const bad = codes.find((c) => !CODE.test(c));
  if (bad !== undefined || codes.length === 0)
    throw new LecternError('INVALID_ARGUMENT', `"${lang}" is not a language list like "eng" or "eng+fra" (tesseract's three-letter codes, joined by +).`);
  return codes;
}

/** Languages OCR can use in this library: English, and those added. */
export function listOcrLanguages(libraryDir: string): string[] {
  return describeOcrLanguages(libraryDir).map((l) => l.code);
}

/** Each language OCR can use, with where it came from (English, shipped, even once copied beside the added ones), by code. */
export function describeOcrLanguages(libraryDir: string): OcrLanguage[] {
  const dir = path.join(libraryDir, LANGUAGES_FOLDER);
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.traineddata.gz')) : [];
  const added = files.flatMap((f): OcrLanguage[] => {
    const code = f.slice(0, -'.traineddata.gz'.length);
    return code === 'eng' || !CODE.test(code) ? [] : [{ code, source: 'added', bytes: fs.statSync(path.join(dir, f)).size }];
  });
  const eng: OcrLanguage = { code: 'eng', source: 'shipped', bytes: fs.statSync(path.join(shipped().eng, 'eng.traineddata.gz')).size };
  return [eng, ...added].sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * Removes a language added to the library. English ships with the app and stays. Documents read
 * in the language keep their text; reading them again in it needs the language added back.
 */
export function removeOcrLanguage(libraryDir: string, code: string): void {
  if (code === 'eng') throw new LecternError('INVALID_ARGUMENT', 'English ships with Lectern and cannot be removed.');
  const file = path.join(libraryDir, LANGUAGES_FOLDER, `${code}.traineddata.gz`);
  if (!CODE.test(code) || !fs.existsSync(file)) {
    throw new LecternError('OCR_LANGUAGE_MISSING', `"${code}" is not among the OCR languages added to this library (${listOcrLanguages(libraryDir).join(', ')}).`);
  }
  fs.rmSync(file);
}

/**
 * Adds a language from a standard tesseract `.traineddata` file (named after its code, as
 * tessdata and Debian's tesseract-ocr-* packages name them: fra.traineddata), gzipped into the
 * library. Returns its code.
 */
export function addOcrLanguage(libraryDir: string, file: string): string {
  const code = path.basename(file).replace(/\.traineddata(\.gz)?$/, '');
  if (!/\.traineddata(\.gz)?$/.test(file) || !CODE.test(code)) {
    throw new LecternError('INVALID_ARGUMENT', `${file} is not a tesseract language file: its name should be the language code and .traineddata, like fra.traineddata.`);
  }
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    throw new LecternError('FILE_NOT_FOUND', `File not found: ${file}`);
  }
  const gzipped = data[0] === 0x1f && data[1] === 0x8b;
  // A traineddata file is a tesseract archive of components; a text or HTML page saved under that name is not.
  if (!gzipped && data.length < 1024) throw new LecternError('UNSUPPORTED_FORMAT', `${file} is too small to be a tesseract language model.`);
  const dir = path.join(libraryDir, LANGUAGES_FOLDER);
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, `${code}.traineddata.gz`);
  fs.writeFileSync(`${target}.part`, gzipped ? data : zlib.gzipSync(data, { level: 6 }));
  fs.renameSync(`${target}.part`, target);
  return code;
}

/**
 * Where the models for `lang` are: a folder holding every language asked. English alone is
 * read where npm put it; a list with added languages is read from the library's folder, into
 * which English is copied once. Throws OCR_LANGUAGE_MISSING for a language not added.
 */
export function ocrModelsFor(libraryDir: string, lang: string): OcrModels {
  const codes = parseLanguages(lang);
  const { eng, osdDir } = shipped();
  if (codes.every((c) => c === 'eng')) return { langDir: eng, osdDir };
  const dir = path.join(libraryDir, LANGUAGES_FOLDER);
  for (const code of codes) {
    const file = path.join(dir, `${code}.traineddata.gz`);
    if (fs.existsSync(file)) continue;
    if (code !== 'eng') {
      throw new LecternError(
        'OCR_LANGUAGE_MISSING',
        `OCR has no model for "${code}". Add its ${code}.traineddata (Debian: the tesseract-ocr-${code} package) to Lectern's OCR languages.`,
      );
    }
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(eng, 'eng.traineddata.gz'), file);
  }
  return { langDir: dir, osdDir };
}
