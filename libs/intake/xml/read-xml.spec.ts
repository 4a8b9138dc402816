import { readXml } from './read-xml.js';
import { childOf, textOf } from './xml-element.js';

const bytes = (text: string, encoding: BufferEncoding = 'utf8'): Buffer => Buffer.from(text, encoding);

const read = (text: string, encoding: BufferEncoding = 'utf8') => {
  const result = readXml(bytes(text, encoding));
  if (result.ok) result.document.native.dispose();
  return result;
};

describe('readXml', () => {
  it('reads ISO-8859-1 as its declaration says, and normalises CR and CRLF line ends to LF', () => {
    const result = read('<?xml version="1.0" encoding="ISO-8859-1"?>\r\n<a xmlns="urn:x"><b>Bj\xf8rn\r\nsa\rnei</b></a>', 'latin1');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.root).toMatchObject({ ns: 'urn:x', name: 'a' });
    expect(textOf(childOf(result.document.root, 'urn:x', 'b'))).toBe('Bjørn\nsa\nnei');
  });

  it('reads UTF-8, declared or not', () => {
    for (const text of ['<?xml version="1.0" encoding="UTF-8"?><a>Bjørn</a>', '<a>Bjørn</a>']) {
      const result = read(text);
      expect(result.ok && result.document.root.text).toBe('Bjørn');
    }
  });

  it('matches names by namespace URI, whatever the prefix', () => {
    const result = read('<p:a xmlns:p="urn:x" xmlns:q="urn:y"><q:b V="1"/><b xmlns="urn:y" V="2"/></p:a>');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.root.children.map((child) => [child.ns, child.name, child.attrs.V])).toEqual([
      ['urn:y', 'b', '1'],
      ['urn:y', 'b', '2'],
    ]);
  });

  it('refuses other encodings, and UTF-8 that is not UTF-8', () => {
    expect(read('<?xml version="1.0" encoding="UTF-16"?><a/>')).toMatchObject({ ok: false, problem: 'unsupported_encoding' });
    expect(read('<?xml version="1.0" encoding="windows-1252"?><a/>')).toMatchObject({ ok: false, problem: 'unsupported_encoding' });
    expect(read('<?xml version="1.0" encoding="UTF-8"?><a>Bj\xf8rn</a>', 'latin1')).toMatchObject({ ok: false, problem: 'not_well_formed' });
  });

  it('refuses a document type declaration, so no entity is ever declared or resolved', () => {
    const xxe = '<?xml version="1.0"?><!-- x --><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>';
    expect(read(xxe)).toMatchObject({ ok: false, problem: 'doctype_refused', recovered: null });
    expect(read('<!doctype a SYSTEM "http://127.0.0.1:9/x.dtd"><a/>')).toMatchObject({ ok: false, problem: 'doctype_refused' });
  });

  it('answers a broken document as not well-formed, with what a forgiving parse still reads', () => {
    const result = read('<?xml version="1.0"?><a xmlns="urn:x"><b>kept</b><c>');
    expect(result).toMatchObject({ ok: false, problem: 'not_well_formed' });
    expect(!result.ok && textOf(childOf(result.recovered ?? undefined, 'urn:x', 'b'))).toBe('kept');
  });

  it('stays within the parser limits on huge attributes and deep nesting', () => {
    expect(read(`<a b="${'x'.repeat(11_000_000)}"/>`)).toMatchObject({ ok: false, problem: 'not_well_formed' });
    expect(read(`${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}`)).toMatchObject({ ok: false, problem: 'not_well_formed' });
    expect(read('')).toMatchObject({ ok: false, problem: 'not_well_formed', recovered: null });
  });
});
