import { DateTime } from 'luxon';
import { codeSystemOid, codeText } from '../messages/codes.js';
import type { Ident, Organisation } from '../messages/msghead.js';
import { NS } from '../messages/namespaces.js';

/**
 * The application receipt (AppRec v1.1, HIS 80415:2012) for one receiver of a message: "received and readable by
 * the system", never an answer to its content. Built as text, element by element in the schema's order.
 */

export const APPREC_ERROR_CODES = ['T01', 'T02', 'T10', 'E10', 'E21', 'E36'] as const;
export type AppRecErrorCode = (typeof APPREC_ERROR_CODES)[number];

export type AppRecStatus = 1 | 2;
export type AppRecRole = 'PRIM' | 'COP';

export interface AppRecError {
  readonly code: AppRecErrorCode;
  /** The standard's text for the code (list 8221). */
  readonly text: string;
  /** What exactly was wrong, in the `OT` attribute. */
  readonly detail?: string;
}

export interface AppRecInput {
  readonly id: string;
  /** When the receipt is made: an ISO instant, written as Oslo time with its offset. */
  readonly genDate: string;
  readonly role: AppRecRole;
  /** Our receiver as the message named it (Receiver or OtherReceiver organisation). */
  readonly ourParty: Organisation;
  /** The message's sender. */
  readonly theirParty: Organisation;
  readonly status: AppRecStatus;
  readonly errors: readonly AppRecError[];
  readonly original: {
    /** `MsgInfo/Type/@V`. */
    readonly msgType: string;
    /** `MsgInfo/GenDate` as an xs:dateTime. */
    readonly issueDate: string;
    readonly msgId: string;
  };
}

export const appRecError = (code: AppRecErrorCode, detail?: string): AppRecError => ({
  code,
  text: codeText('8221', code) ?? code,
  ...(detail ? { detail: detail.slice(0, 500) } : {}),
});

// XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates halves and U+FFFE/U+FFFF.
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

const escape = (text: string): string =>
  text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;');

const attributes = (values: Record<string, string | undefined>): string =>
  Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escape(value!)}"`)
    .join('');

const element = (name: string, content: string): string => `<${name}>${content}</${name}>`;
const text = (name: string, value: string | undefined): string => (value === undefined ? '' : element(name, escape(value)));
const coded = (name: string, values: Record<string, string | undefined>): string => `<${name}${attributes(values)}/>`;

const ORGANISATION_IDS = '9051';
const PERSON_IDS = '8116';

/** The identifier an AppRec names a party by: its HER-id, else its organisation number, else the first given. */
const mainIdent = (idents: readonly Ident[]): Ident | undefined =>
  idents.find((ident) => ident.type === 'HER') ?? idents.find((ident) => ident.type === 'ENH') ?? idents[0];

const identified = (idents: readonly Ident[], list: string): string => {
  const ident = mainIdent(idents);
  if (!ident) return '';
  return text('Id', ident.id) + coded('TypeId', { V: ident.type, DN: codeText(list, ident.type) });
};

const hcp = (party: Organisation): string => {
  const dept = party.unit ? element('Dept', text('Name', party.unit.name) + identified(party.unit.idents, ORGANISATION_IDS)) : '';
  const person = party.professional
    ? element('HCPerson', text('Name', party.professional.name) + identified(party.professional.idents, PERSON_IDS))
    : '';
  return element('HCP', element('Inst', text('Name', party.name) + identified(party.idents, ORGANISATION_IDS) + dept + person));
};

export const buildAppRec = (input: AppRecInput): string => {
  const status = String(input.status);
  const errors = input.errors
    .map((error) =>
      coded('Error', { V: error.code, S: codeSystemOid('8221'), DN: error.text, OT: error.detail }),
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<AppRec xmlns="${NS.appRec}">` +
    coded('MsgType', { V: 'APPREC', DN: 'Applikasjonskvittering' }) +
    text('MIGversion', 'v1.1 2012-02-15') +
    text('SoftwareName', 'overgang') +
    text('GenDate', osloDateTime(input.genDate)) +
    text('Id', input.id) +
    element('Sender', coded('Role', { V: input.role, DN: codeText('8112', input.role) }) + hcp(input.ourParty)) +
    element('Receiver', coded('Role', { V: 'AVS', DN: 'Avsender' }) + hcp(input.theirParty)) +
    coded('Status', { V: status, DN: codeText('8258', status) }) +
    errors +
    element(
      'OriginalMsgId',
      coded('MsgType', { V: input.original.msgType, DN: codeText('8279', input.original.msgType) }) +
        text('IssueDate', input.original.issueDate) +
        text('Id', input.original.msgId),
    ) +
    '</AppRec>\n'
  );
};

/** An instant as Oslo wall time with its offset, e.g. `2018-01-31T10:20:12+01:00`. */
const osloDateTime = (instant: string): string =>
  DateTime.fromISO(instant, { zone: 'Europe/Oslo' }).toISO({ suppressMilliseconds: true, includeOffset: true })!;
