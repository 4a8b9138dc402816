/** Bokmål for every code the API speaks. Codes stay English in the API; people read these. */
export const STATUS: Record<string, string> = {
  notified: 'Meldt',
  awaiting_decision: 'Utskrivningsklar, venter på vedtak',
  decided: 'Vedtak fattet',
  transferred: 'Overført',
  withdrawn: 'Avmeldt',
};

export const SERVICE_TYPE: Record<string, string> = {
  home_care: 'Oppfølging i hjemmet',
  short_term_stay: 'Korttidsopphold i institusjon',
  long_term_stay: 'Langtidsopphold',
  rehabilitation: 'Rehabiliteringsopphold',
  other: 'Annet',
};

export const PARTICIPANT_ROLE: Record<string, string> = {
  user: 'Pasienten selv',
  guardian: 'Verge',
  relative: 'Pårørende',
  advocate: 'Talsperson',
  peer_worker: 'Erfaringskonsulent',
  municipal_caseworker: 'Saksbehandler (kommunen)',
  municipal_coordinator: 'Koordinator (kommunen)',
  hospital_staff: 'Sykehuspersonell',
  interpreter: 'Tolk',
};

export const WISH_SOURCE: Record<string, string> = {
  user: 'Pasienten selv',
  relative: 'Pårørende',
  guardian: 'Verge',
  advocate: 'Talsperson',
  hospital_staff: 'Sykehuspersonell',
};

export const CHANNEL: Record<string, string> = { written: 'Skriftlig', phone: 'Telefon', in_person: 'Fysisk møte' };
export const VISIT_MODE: Record<string, string> = { in_person: 'Fysisk møte', video: 'Video', phone: 'Telefon' };
export const PRESENTATION_CHANNEL: Record<string, string> = { in_dialogue: 'I samtale (besøk)', written: 'Skriftlig' };
export const STATED_BY: Record<string, string> = { user: 'Pasienten selv', guardian: 'Verge', relative: 'Pårørende', advocate: 'Talsperson' };
export const DECIDED_BY: Record<string, string> = { municipal_caseworker: 'Saksbehandler', user: 'Brukeren selv (brukerstyrt)' };
export const DEVIATION: Record<string, string> = {
  professional_need: 'Faglig behov',
  capacity: 'Kapasitet',
  safety: 'Sikkerhet',
  user_changed_mind: 'Brukeren ombestemte seg',
  other: 'Annet',
};
export const WITHDRAWAL: Record<string, string> = {
  died: 'Død',
  no_longer_needs_services: 'Trenger ikke lenger tjenester',
  moved_municipality: 'Flyttet til en annen kommune',
  notice_cancelled: 'Sykehuset trakk tilbake meldingen',
  other: 'Annet',
};
export const REVOCATION: Record<string, string> = { new_illness: 'Ny sykdom', complication: 'Komplikasjon', readmission: 'Reinnleggelse', other: 'Annet' };
export const FOLLOW_UP: Record<string, string> = {
  service_fits: 'Tjenesten passer',
  service_changed: 'Tjenesten er endret',
  readmitted: 'Innlagt på nytt',
};
export const DEADLINE: Record<string, string> = {
  admission_notice: 'Innleggelsesmelding (§ 8)',
  readiness_notice: 'Melding om utskrivningsklar (§ 10)',
  municipal_response: 'Kommunens svar (§ 11)',
  expected_ready: 'Forventet klar tjeneste (§ 11)',
  visit: 'Besøk (lokal avtale)',
};
export const LEVEL: Record<string, string> = { deltakelse: 'Deltakelse', innflytelse: 'Innflytelse' };
export const LADDER: Record<string, string> = {
  brukerperspektiv: 'Brukerperspektiv',
  brukerdeltakelse: 'Brukerdeltakelse',
  brukerinnflytelse: 'Brukerinnflytelse',
  brukerstyring: 'Brukerstyring',
};
export const CONDITION: Record<string, string> = {
  alternativesPresented: 'Reelle alternativer lagt fram',
  consequencesExplained: 'Konsekvenser forklart',
  preferenceRecorded: 'Brukerens valg registrert',
  decisionFollowsPreference: 'Vedtaket følger valget',
};
export const BASIS: Record<string, string> = { direct_dialogue: 'Direkte dialog', written_notice: 'Skriftlig melding' };
export const ROLE: Record<string, string> = {
  hospital_staff: 'Sykehuspersonell',
  allocation_officer: 'Saksbehandler, tildelingskontor',
  quality_auditor: 'Kvalitetsrevisor',
  admin: 'Administrator',
  message_gateway: 'Meldingsmottaket (e-melding)',
  system: 'Systemet',
};
export const EVENT: Record<string, string> = {
  AdmissionNotified: 'Innleggelse meldt',
  HospitalRecommendationGiven: 'Sykehusets anbefaling',
  UserWishRelayed: 'Ønske formidlet',
  DischargeReadinessDeclared: 'Meldt utskrivningsklar',
  DischargeReadinessRevoked: 'Utskrivningsklar trukket tilbake',
  MunicipalResponseGiven: 'Kommunens svar',
  MunicipalVisitScheduled: 'Besøk planlagt',
  MunicipalVisitConducted: 'Besøk gjennomført',
  OptionsPresented: 'Alternativer lagt fram',
  UserChoiceRecorded: 'Brukerens valg registrert',
  UserDeclinedDialogue: 'Brukeren takket nei til samtale',
  AllocationDecided: 'Vedtak fattet',
  DecisionAppealed: 'Vedtak påklaget',
  PatientTransferred: 'Pasienten overført',
  CaseWithdrawn: 'Saken avmeldt',
  FollowUpRecorded: 'Oppfølging registrert',
  DeadlineMissed: 'Frist oversittet',
};

export const label = (table: Record<string, string>, code: string | null | undefined): string =>
  code == null ? '–' : (table[code] ?? code);
