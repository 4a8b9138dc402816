/** The namespaces of the PLO v1.6 messages; elements are always matched by these URIs, never by prefix. */
export const NS = {
  msgHead: 'http://www.kith.no/xmlstds/msghead/2006-05-24',
  pasientlogistikk: 'http://www.kith.no/xmlstds/po/Pasientlogistikk/2012-04-01',
  helseopplysninger: 'http://www.kith.no/xmlstds/po/HelseopplysningerVedSoknad/2012-04-01',
  poKomponent: 'http://www.kith.no/xmlstds/po/poKomponent/2012-04-01',
  felleskomponent: 'http://www.kith.no/xmlstds/felleskomponent1',
  epjJournal: 'http://www.kith.no/xmlstds/epj/epj2/2008-02-20',
  appRec: 'http://www.kith.no/xmlstds/apprec/2012-02-15',
} as const;

/** The code systems whose values the intake reads (`S` = 2.16.578.1.12.4.1.1.<list>). */
export const CODE_SYSTEM = {
  hendelseskode: '2.16.578.1.12.4.1.1.9121',
  appRecStatus: '2.16.578.1.12.4.1.1.8258',
  appRecError: '2.16.578.1.12.4.1.1.8221',
  receiverRole: '2.16.578.1.12.4.1.1.8112',
} as const;
