import { XMLParser } from 'fast-xml-parser';
import { LecternError } from '../../api/errors.js';

/** Deeper than any package document, table of contents or chapter needs; past it the file is malformed or hostile. */
export const MAX_MARKUP_DEPTH = 512;

/** A parsed element: attributes under `@_name`, children by local name (always arrays), text under `#text`. */
export type XmlNode = { [key: string]: XmlNode[] | string | undefined } & { '#text'?: string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  // Entity declarations are refused before parsing (refuseUnsafeMarkup); what is left are the five XML entities and character references.
  processEntities: true,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Leaves are objects too, so text sits under #text whether or not the element has attributes.
  alwaysCreateTextNode: true,
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
});

/**
 * Parses a small XML part of a package (container, OPF, NCX, encryption manifest) into plain
 * objects, after refusing entity declarations and absurd nesting with `UNSAFE_MARKUP`.
 */
export function parseXml(text: string, part: string): XmlNode {
  refuseUnsafeMarkup(text, part);
  try {
    return parser.parse(text, true) as XmlNode;
  } catch (error) {
    throw new LecternError(
      'DAMAGED_ARCHIVE',
      `The part ${part} of this file is not well-formed XML (${(error as Error).message}). The file is damaged; get a complete copy and import it again.`,
      {
        cause: error,
      },
    );
  }
}

/**
 * Entity declarations are how "billion laughs" XML multiplies a few bytes into gigabytes, and no
 * book or document needs them; nesting past MAX_MARKUP_DEPTH only serves to exhaust a parser's stack.
 */
export function refuseUnsafeMarkup(text: string, part: string): void {
  if (/<!ENTITY/i.test(text)) {
    throw new LecternError(
      'UNSAFE_MARKUP',
      `The part ${part} declares XML entities, which can expand a small file into gigabytes ("billion laughs"); Lectern does not read such files. Convert it to PDF and import that.`,
    );
  }
  let depth = 0;
  for (const match of text.matchAll(/<(\/?)[A-Za-z_][^<>]*?(\/?)>/g)) {
    if (match[1]) depth--;
    else if (!match[2]) depth++;
    if (depth > MAX_MARKUP_DEPTH) {
      throw new LecternError(
        'UNSAFE_MARKUP',
        `The part ${part} nests its elements more than ${MAX_MARKUP_DEPTH} deep, far deeper than any document needs; it is malformed. Convert it to PDF and import that.`,
      );
    }
  }
}

/** Children of `node` named `name` (namespace prefix removed). */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  return Array.isArray(value) ? value : [];
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** The text of an element and its descendants, spaces collapsed. */
export function textOf(node: XmlNode | undefined): string {
  if (!node) return '';
  const parts: string[] = [];
  const walk = (n: XmlNode, depth: number) => {
    if (depth > MAX_MARKUP_DEPTH) return;
    for (const [key, value] of Object.entries(n)) {
      if (key === '#text' && typeof value === 'string') parts.push(value);
      else if (Array.isArray(value)) {
        for (const c of value) {
          if (typeof c === 'string') parts.push(c);
          else walk(c, depth + 1);
        }
      }
    }
  };
  walk(node, 0);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}
