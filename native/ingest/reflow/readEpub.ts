import path from 'node:path';
import { LecternError } from '../../api/errors.js';
import type { StructuredDocument } from '../../model/documentModel.js';
import type { PassageLimits } from '../buildStructure.js';
import { composeChapters, type TocTarget } from './composeChapters.js';
import { htmlToBlocks, type ChapterBlocks } from './htmlToBlocks.js';
import { attribute, child, children, parseXml, textOf, type XmlNode } from './parseXml.js';
import { readZipArchive, type ZipArchive, type ZipLimits } from './readZipArchive.js';

/** Encryption that only obfuscates embedded fonts (IDPF and Adobe): the text is readable. */
const FONT_OBFUSCATION = new Set(['http://www.idpf.org/2008/embedding', 'http://ns.adobe.com/pdf/enc#RC']);
const CHAPTER_TYPES = new Set(['application/xhtml+xml', 'text/html', 'application/x-dtbook+xml']);

export interface EpubDocument {
  structured: StructuredDocument;
  author: string | null;
  /** The chapters' blocks, for the reader (see renderChapterHtml). */
  chapters: ChapterBlocks[];
}

interface ManifestItem {
  id: string;
  /** Path inside the archive. */
  file: string;
  mediaType: string;
  properties: string[];
}

/**
 * Reads an EPUB 2 or 3: every spine item in spine order is a chapter (a page of the document),
 * the table of contents (the EPUB 3 nav document, else the EPUB 2 NCX) gives the sections, and the
 * package metadata the title and author. Footnotes stay in the chapter that holds them; images
 * give their alt text. A book with DRM is refused with DRM_PROTECTED.
 */
export async function readEpub(bytes: Uint8Array, fileName: string, options: { limits?: PassageLimits; zipLimits?: ZipLimits } = {}): Promise<EpubDocument> {
  const zip = await readZipArchive(bytes, 'EPUB', options.zipLimits);
  await refuseDrm(zip);
  const container = await zip.readText('META-INF/container.xml');
  const rootfiles = container ? children(child(child(parseXml(container, 'META-INF/container.xml'), 'container'), 'rootfiles'), 'rootfile') : [];
  const opfPath = rootfiles.map((r) => attribute(r, 'full-path')).find((p) => p && zip.names.has(p));
  if (!opfPath) {
    throw new LecternError(
      'DAMAGED_ARCHIVE',
      'This EPUB has no package document (META-INF/container.xml is missing or points to a file that is not in the book), so its chapters cannot be found. Get a complete copy of the book and import it again.',
    );
  }
  const opf = child(parseXml((await zip.readText(opfPath))!, opfPath), 'package');
  const base = path.posix.dirname(opfPath);
  const manifest = new Map<string, ManifestItem>();
  for (const item of children(child(opf, 'manifest'), 'item')) {
    const id = attribute(item, 'id');
    const href = attribute(item, 'href');
    if (!id || !href) continue;
    manifest.set(id, { id, file: resolve(base, href), mediaType: attribute(item, 'media-type') ?? '', properties: (attribute(item, 'properties') ?? '').split(/\s+/) });
  }
  const spine = child(opf, 'spine');
  const chapterFiles = children(spine, 'itemref')
    .map((ref) => manifest.get(attribute(ref, 'idref') ?? ''))
    .filter((item): item is ManifestItem => item !== undefined && CHAPTER_TYPES.has(item.mediaType) && zip.names.has(item.file));
  if (chapterFiles.length === 0) {
    throw new LecternError(
      'DAMAGED_ARCHIVE',
      `This EPUB's package document (${opfPath}) lists no readable chapters in its spine. The book is damaged; get a complete copy and import it again.`,
    );
  }
  const chapters: ChapterBlocks[] = [];
  for (const item of chapterFiles) chapters.push(htmlToBlocks((await zip.readText(item.file))!, { xml: item.mediaType !== 'text/html', part: item.file }));
  const chapterOf = new Map(chapterFiles.map((item, i) => [item.file, i + 1]));
  const metadata = child(opf, 'metadata');
  const title = textOf(child(metadata, 'title')) || chapters.find((c) => c.title)?.title || path.basename(fileName, path.extname(fileName));
  const author = textOf(child(metadata, 'creator')) || null;
  const toc = await readToc(zip, manifest, attribute(spine, 'toc'), chapterOf);
  return { structured: composeChapters({ title, chapters, toc, limits: options.limits }), author, chapters };
}

/**
 * META-INF/encryption.xml lists encrypted parts; anything encrypted beyond fonts is DRM (Adobe
 * ADEPT, Readium LCP, Apple FairPlay), as is an Adobe rights file. The text cannot be read without
 * the seller's key, which Lectern neither has nor circumvents.
 */
async function refuseDrm(zip: ZipArchive): Promise<void> {
  const drm = (scheme: string) =>
    new LecternError(
      'DRM_PROTECTED',
      `This EPUB is protected by DRM (${scheme}): its chapters are encrypted for the reading app it was sold for, so Lectern cannot read them. Import a DRM-free copy of the book (many publishers and shops offer one).`,
    );
  if (zip.names.has('META-INF/rights.xml')) throw drm('an Adobe rights file, META-INF/rights.xml');
  if (zip.names.has('META-INF/license.lcpl')) throw drm('Readium LCP');
  const encryption = await zip.readText('META-INF/encryption.xml');
  if (!encryption) return;
  const data = children(child(parseXml(encryption, 'META-INF/encryption.xml'), 'encryption'), 'EncryptedData');
  const locked = data.filter((d) => !FONT_OBFUSCATION.has(attribute(child(d, 'EncryptionMethod'), 'Algorithm') ?? ''));
  if (locked.length > 0) throw drm(`${locked.length} encrypted part${locked.length === 1 ? '' : 's'} listed in META-INF/encryption.xml`);
}

/** The nav document's table of contents (EPUB 3), else the NCX's (EPUB 2), resolved to chapters. */
async function readToc(zip: ZipArchive, manifest: ReadonlyMap<string, ManifestItem>, ncxId: string | undefined, chapterOf: ReadonlyMap<string, number>): Promise<TocTarget[]> {
  const out: TocTarget[] = [];
  const add = (label: string, href: string | undefined, from: string, level: number) => {
    if (!href || !label) return;
    const chapter = chapterOf.get(resolve(path.posix.dirname(from), href.split('#')[0]!));
    if (chapter) out.push({ title: label, level, chapter });
  };
  const nav = [...manifest.values()].find((item) => item.properties.includes('nav'));
  if (nav && zip.names.has(nav.file)) {
    const html = child(parseXml((await zip.readText(nav.file))!, nav.file), 'html');
    const navs = findAll(html, 'nav');
    const tocNav = navs.find((n) => (attribute(n, 'type') ?? '').split(/\s+/).includes('toc')) ?? navs[0];
    const walk = (ol: XmlNode | undefined, level: number) => {
      for (const li of children(ol, 'li')) {
        const a = child(li, 'a');
        add(textOf(a ?? child(li, 'span')), attribute(a, 'href'), nav.file, level);
        walk(child(li, 'ol'), level + 1);
      }
    };
    walk(child(tocNav, 'ol'), 1);
    if (out.length > 0) return out;
  }
  const ncx = (ncxId ? manifest.get(ncxId) : undefined) ?? [...manifest.values()].find((item) => item.mediaType === 'application/x-dtbncx+xml');
  if (ncx && zip.names.has(ncx.file)) {
    const root = child(parseXml((await zip.readText(ncx.file))!, ncx.file), 'ncx');
    const walk = (parent: XmlNode | undefined, level: number) => {
      for (const point of children(parent, 'navPoint')) {
        add(textOf(child(child(point, 'navLabel'), 'text')), attribute(child(point, 'content'), 'src'), ncx.file, level);
        walk(point, level + 1);
      }
    };
    walk(child(root, 'navMap'), 1);
  }
  return out;
}

/** Every element named `name` under `node`, in document order. */
function findAll(node: XmlNode | undefined, name: string, depth = 0): XmlNode[] {
  if (!node || depth > 64) return [];
  const out: XmlNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (!Array.isArray(value)) continue;
    for (const c of value) {
      if (typeof c === 'string') continue;
      if (key === name) out.push(c);
      else out.push(...findAll(c, name, depth + 1));
    }
  }
  return out;
}

/** A manifest or link href as a path inside the archive (hrefs are URL-encoded and relative to their file). */
function resolve(base: string, href: string): string {
  let decoded = href;
  try {
    decoded = decodeURIComponent(href);
  } catch {
    // a malformed escape: take it as written
  }
  return path.posix.normalize(path.posix.join(base, decoded)).replace(/^\.\//, '');
}
