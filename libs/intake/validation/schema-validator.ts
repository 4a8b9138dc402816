import { closeSync, openSync, readSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XmlDocument, XmlValidateError, XsdValidator, xmlRegisterInputProvider } from 'libxml2-wasm';
import { referencePackPath } from '../reference-pack.js';
import { childrenOf, type XmlElement } from '../xml/xml-element.js';
import { readXml } from '../xml/read-xml.js';

/**
 * XML Schema validation with libxml2 against the reference pack's published schemas, compiled once and reused for
 * every message (about a tenth of a millisecond per message on this machine). MsgHead declares its content as
 * `<any processContents="strict">`, so MsgHead is loaded together with the payload schemas through the pack's
 * driver (`validation/msghead-plo-v1.6.xsd`), and the two absolute-URL imports are mapped to the local copies by
 * the pack's `catalog.xml`. libxml2 reads files only through the provider below, which serves files of the pack
 * and nothing else.
 */

export type SchemaVerdict = { readonly valid: true } | { readonly valid: false; readonly errors: readonly string[] };

const CATALOG_NS = 'urn:oasis:names:tc:entity:xmlns:xml:catalog';
const MAX_ERRORS = 10;

let catalog: Map<string, string> | undefined;

const loadCatalog = (): Map<string, string> => {
  const path = referencePackPath('validation', 'catalog.xml');
  const read = readXml(readFileSync(path));
  if (!read.ok) throw new Error(`The reference pack's catalog is unreadable: ${read.detail}`);
  const root: XmlElement = read.document.root;
  read.document.native.dispose();
  const map = new Map<string, string>();
  for (const kind of ['uri', 'system']) {
    for (const entry of childrenOf(root, CATALOG_NS, kind)) {
      const from = entry.attrs.name ?? entry.attrs.systemId;
      if (from && entry.attrs.uri) map.set(from, resolve(dirname(path), entry.attrs.uri));
    }
  }
  return map;
};

/** The pack's file a schema location names, or null for anything outside the pack. */
const packFile = (location: string): string | null => {
  const mapped = (catalog ??= loadCatalog()).get(location);
  if (mapped) return mapped;
  const path = location.startsWith('file://') ? fileURLToPath(location) : location;
  if (!isAbsolute(path)) return null;
  const inside = relative(referencePackPath(), path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? path : null;
};

let providerRegistered = false;

const registerPackProvider = (): void => {
  if (providerRegistered) return;
  providerRegistered = true;
  xmlRegisterInputProvider({
    match: (location) => packFile(location) !== null,
    open: (location) => {
      const file = packFile(location);
      try {
        return file === null ? undefined : openSync(file, 'r');
      } catch {
        return undefined;
      }
    },
    read: (fd, buffer) => readSync(fd, buffer),
    close: (fd) => {
      closeSync(fd);
      return true;
    },
  });
};

const compile = (...schemaPath: string[]): XsdValidator => {
  registerPackProvider();
  const path = referencePackPath(...schemaPath);
  const schema = XmlDocument.fromBuffer(readFileSync(path), { url: path });
  try {
    return XsdValidator.fromDoc(schema);
  } finally {
    schema.dispose();
  }
};

const verdict = (validator: XsdValidator, document: XmlDocument): SchemaVerdict => {
  try {
    validator.validate(document);
    return { valid: true };
  } catch (error) {
    if (!(error instanceof XmlValidateError)) throw error;
    const errors = error.details.slice(0, MAX_ERRORS).map((detail) => `line ${detail.line}: ${detail.message.trim()}`);
    return { valid: false, errors: errors.length > 0 ? errors : [error.message.trim()] };
  }
};

let messageValidator: XsdValidator | undefined;
let appRecValidator: XsdValidator | undefined;

/** A MsgHead v1.2 document with a Pasientlogistikk or Helseopplysninger v1.6 payload. */
export const validateMessage = (document: XmlDocument): SchemaVerdict =>
  verdict((messageValidator ??= compile('validation', 'msghead-plo-v1.6.xsd')), document);

/** An AppRec v1.1 document. */
export const validateAppRec = (document: XmlDocument): SchemaVerdict =>
  verdict((appRecValidator ??= compile('schemas', 'AppRec-v1.1.xsd')), document);
