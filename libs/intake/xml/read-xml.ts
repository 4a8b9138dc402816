import { ParseOption, XmlCData, XmlDocument, XmlElement as LibXmlElement, XmlText } from 'libxml2-wasm';
import type { XmlElement } from './xml-element.js';

/**
 * Reads a document as received: bytes in UTF-8 or ISO-8859-1 as its XML declaration says (no declaration: UTF-8).
 * libxml2 (compiled to WebAssembly) parses it; external entities, DTDs and the network are never touched: a
 * document type declaration is refused before parsing, and the parser runs without entity substitution or DTD
 * loading, with its limits on depth, sizes and entity amplification.
 */

const SAFE = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;
const ACCEPTED_ENCODINGS = new Set(['utf-8', 'utf8', 'iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'us-ascii', 'ascii']);
const DECLARATION = /^(?:\uFEFF)?<\?xml\s[^>]*?encoding\s*=\s*["']([^"']{1,40})["']/;

export type XmlProblem = 'not_well_formed' | 'unsupported_encoding' | 'doctype_refused';

/** A parsed document: the tree as plain data, and libxml2's document for schema validation (dispose it). */
export interface ParsedXml {
  readonly root: XmlElement;
  readonly encoding: string;
  readonly native: XmlDocument;
}

export type ReadXmlResult =
  | { readonly ok: true; readonly document: ParsedXml }
  | {
      readonly ok: false;
      readonly problem: XmlProblem;
      readonly detail: string;
      /** What a forgiving parse could still read (for an answer to the sender), or null. */
      readonly recovered: XmlElement | null;
    };

export const readXml = (bytes: Uint8Array): ReadXmlResult => {
  const head = latin1(bytes.subarray(0, 512));
  const declared = DECLARATION.exec(head)?.[1]?.toLowerCase();
  if (bytes[0] === 0xfe || bytes[0] === 0xff || (declared !== undefined && !ACCEPTED_ENCODINGS.has(declared))) {
    return failed('unsupported_encoding', `The encoding ${declared ?? 'UTF-16'} is not accepted: send UTF-8 or ISO-8859-1`, bytes, 'ISO-8859-1');
  }
  if (hasDoctype(bytes)) {
    return failed('doctype_refused', 'A document type declaration (DTD) is not accepted', null, undefined);
  }
  let native: XmlDocument;
  try {
    native = XmlDocument.fromBuffer(bytes, { option: SAFE });
  } catch (error) {
    return failed('not_well_formed', firstLine(error), bytes, undefined);
  }
  try {
    const root = native.root;
    return { ok: true, document: { root: toPlain(root), encoding: native.encoding ?? 'UTF-8', native } };
  } catch (error) {
    native.dispose();
    return failed('not_well_formed', firstLine(error), null, undefined);
  }
};

const failed = (
  problem: XmlProblem,
  detail: string,
  bytes: Uint8Array | null,
  encoding: string | undefined,
): ReadXmlResult => ({ ok: false, problem, detail, recovered: bytes ? recover(bytes, encoding) : null });

/** libxml2's recovery mode: enough of a broken document to see who sent it, never to record facts from. */
const recover = (bytes: Uint8Array, encoding: string | undefined): XmlElement | null => {
  let document: XmlDocument | undefined;
  try {
    document = XmlDocument.fromBuffer(bytes, {
      option: SAFE | ParseOption.XML_PARSE_RECOVER | ParseOption.XML_PARSE_NOERROR | ParseOption.XML_PARSE_NOWARNING,
      ...(encoding ? { encoding } : {}),
    });
    return toPlain(document.root);
  } catch {
    return null;
  } finally {
    document?.dispose();
  }
};

/** Whether the prolog (before the root element) holds `<!DOCTYPE`; comments and processing instructions are skipped. */
const hasDoctype = (bytes: Uint8Array): boolean => {
  const text = latin1(bytes.subarray(0, Math.min(bytes.length, 64 * 1024)));
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (at < text.length && /\s/.test(text[at]!)) at++;
    if (text.startsWith('<?', at)) at = skipPast(text, at, '?>');
    else if (text.startsWith('<!--', at)) at = skipPast(text, at, '-->');
    else return text.startsWith('<!', at) && text.slice(at, at + 9).toUpperCase() === '<!DOCTYPE';
    if (at < 0) return false;
  }
};

const skipPast = (text: string, from: number, end: string): number => {
  const found = text.indexOf(end, from);
  return found < 0 ? -1 : found + end.length;
};

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();

const toPlain = (element: LibXmlElement): XmlElement => {
  const attrs: Record<string, string> = {};
  for (const attribute of element.attrs) {
    if (!attribute.namespaceUri) attrs[attribute.name] = attribute.value;
  }
  const children: XmlElement[] = [];
  let text = '';
  for (let node = element.firstChild; node !== null; node = node.next) {
    if (node instanceof LibXmlElement) children.push(toPlain(node));
    else if (node instanceof XmlText || node instanceof XmlCData) text += node.content;
  }
  return { ns: element.namespaceUri ?? '', name: element.name, attrs, children, text };
};
