/**
 * A parsed XML element as plain data: the message readers are pure functions over it, independent of the parser.
 * Names are matched by namespace URI and local name, never by prefix.
 */
export interface XmlElement {
  /** Namespace URI; '' when the element has none. */
  readonly ns: string;
  readonly name: string;
  /** Attributes without a namespace, by local name (`V`, `DN`, `S`, ...). */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text and CDATA, concatenated (line ends already normalised to LF by the parser). */
  readonly text: string;
}

export const childrenOf = (element: XmlElement | undefined, ns: string, name: string): XmlElement[] =>
  element ? element.children.filter((child) => child.ns === ns && child.name === name) : [];

export const childOf = (element: XmlElement | undefined, ns: string, name: string): XmlElement | undefined =>
  element?.children.find((child) => child.ns === ns && child.name === name);

/** The element at the end of a path of local names, all in one namespace. */
export const pathOf = (element: XmlElement | undefined, ns: string, ...names: string[]): XmlElement | undefined =>
  names.reduce<XmlElement | undefined>((current, name) => childOf(current, ns, name), element);

/** Trimmed text, or undefined when the element is absent or blank. */
export const textOf = (element: XmlElement | undefined): string | undefined => {
  const text = element?.text.trim();
  return text ? text : undefined;
};

/** A trimmed attribute value, or undefined when absent or blank. */
export const attrOf = (element: XmlElement | undefined, name: string): string | undefined => {
  const value = element?.attrs[name]?.trim();
  return value ? value : undefined;
};

/** Every descendant (not the element itself) in document order. */
export function* descendantsOf(element: XmlElement): Generator<XmlElement> {
  for (const child of element.children) {
    yield child;
    yield* descendantsOf(child);
  }
}
