import { readMsgHead } from '../messages/msghead.js';
import { EXAMPLES, officialExample } from '../testing/official-examples.js';
import { validateAppRec } from '../validation/schema-validator.js';
import { readXml } from '../xml/read-xml.js';
import { childOf, pathOf, textOf } from '../xml/xml-element.js';
import { NS } from '../messages/namespaces.js';
import { appRecError, buildAppRec, type AppRecInput } from './apprec.js';

const headOf = (name: string) => {
  const read = readXml(officialExample(name));
  if (!read.ok) throw new Error(read.detail);
  read.document.native.dispose();
  return readMsgHead(read.document.root)!;
};

const parsedAndValid = (xml: string) => {
  const read = readXml(Buffer.from(xml, 'utf8'));
  if (!read.ok) throw new Error(read.detail);
  try {
    expect(validateAppRec(read.document.native)).toEqual({ valid: true });
    return read.document.root;
  } finally {
    read.document.native.dispose();
  }
};

const ar = (...names: string[]) => (root: ReturnType<typeof parsedAndValid>) => pathOf(root, NS.appRec, ...names);

describe('buildAppRec', () => {
  const head = headOf(EXAMPLES.utskrivningsklar);
  const input: AppRecInput = {
    id: '0e1f7c4a-5b6d-4e8f-9a0b-1c2d3e4f5a6b',
    genDate: '2018-01-31T09:20:12.000Z',
    role: 'PRIM',
    ourParty: head.receiver!,
    theirParty: head.sender!,
    status: 1,
    errors: [],
    original: { msgType: head.type!, issueDate: head.genDate!, msgId: head.msgId! },
  };

  it('answers OK as the primary receiver, mirroring the message: valid against AppRec-v1.1.xsd', () => {
    const root = parsedAndValid(buildAppRec(input));
    expect(root).toMatchObject({ ns: NS.appRec, name: 'AppRec' });
    expect(ar('MsgType')(root)?.attrs.V).toBe('APPREC');
    expect(textOf(ar('MIGversion')(root))).toBe('v1.1 2012-02-15');
    expect(textOf(ar('GenDate')(root))).toBe('2018-01-31T10:20:12+01:00');
    expect(textOf(ar('Id')(root))).toBe(input.id);
    expect(ar('Sender', 'Role')(root)?.attrs).toEqual({ V: 'PRIM', DN: 'Primærmottaker' });
    expect(textOf(ar('Sender', 'HCP', 'Inst', 'Name')(root))).toBe('Alvdal Kommune');
    expect(textOf(ar('Sender', 'HCP', 'Inst', 'Id')(root))).toBe('99387');
    expect(ar('Sender', 'HCP', 'Inst', 'TypeId')(root)?.attrs.V).toBe('HER');
    expect(textOf(ar('Sender', 'HCP', 'Inst', 'Dept', 'Name')(root))).toBe('Sykepleietjeneste');
    expect(textOf(ar('Sender', 'HCP', 'Inst', 'Dept', 'Id')(root))).toBe('5078');
    expect(ar('Receiver', 'Role')(root)?.attrs).toEqual({ V: 'AVS', DN: 'Avsender' });
    expect(textOf(ar('Receiver', 'HCP', 'Inst', 'Name')(root))).toBe('ST OLAVS HOSPITAL HF');
    expect(textOf(ar('Receiver', 'HCP', 'Inst', 'Id')(root))).toBe('59');
    expect(textOf(ar('Receiver', 'HCP', 'Inst', 'Dept', 'Name')(root))).toBe('Ortopedisk kirurgi');
    expect(ar('Status')(root)?.attrs).toEqual({ V: '1', DN: 'OK' });
    expect(childOf(root, NS.appRec, 'Error')).toBeUndefined();
    expect(ar('OriginalMsgId', 'MsgType')(root)?.attrs).toEqual({ V: 'LOG_UTSKRIVNINGSKLAR', DN: 'Melding om utskrivningsklar pasient' });
    expect(textOf(ar('OriginalMsgId', 'IssueDate')(root))).toBe('2018-01-31T10:20:11');
    expect(textOf(ar('OriginalMsgId', 'Id')(root))).toBe('79c55ed0-0692-11e8-b566-0800200c9a66');
  });

  it('rejects (Avvist) with the error code of list 8221 and the detail in OT', () => {
    const root = parsedAndValid(
      buildAppRec({ ...input, status: 2, errors: [appRecError('E36', 'Pasienten er ikke identifisert: navn & "fnr" <mangler>')] }),
    );
    expect(ar('Status')(root)?.attrs).toEqual({ V: '2', DN: 'Avvist' });
    expect(ar('Error')(root)?.attrs).toEqual({
      V: 'E36',
      S: '2.16.578.1.12.4.1.1.8221',
      DN: 'Pasientopplysninger er utilstrekkelige',
      OT: 'Pasienten er ikke identifisert: navn & "fnr" <mangler>',
    });
  });

  it('answers as a copy receiver with a person of the receiving organisation (HCPerson), in summer time', () => {
    const dod = headOf(EXAMPLES.dod);
    const root = parsedAndValid(
      buildAppRec({ ...input, genDate: '2018-07-01T10:00:00Z', role: 'COP', ourParty: dod.receiver!, theirParty: dod.sender! }),
    );
    expect(ar('Sender', 'Role')(root)?.attrs.V).toBe('COP');
    expect(textOf(ar('Sender', 'HCP', 'Inst', 'HCPerson', 'Name')(root))).toBe('August September');
    expect(textOf(ar('Sender', 'HCP', 'Inst', 'HCPerson', 'Id')(root))).toBe('91100');
    expect(textOf(ar('GenDate')(root))).toBe('2018-07-01T12:00:00+02:00');
  });
});
