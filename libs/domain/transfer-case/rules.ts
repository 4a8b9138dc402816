/** Every rule `decide` refuses a command by, with what it protects. The API documents 409s from this. */
export const DOMAIN_RULE_DESCRIPTIONS = {
  'case-not-found': 'The command names a case that has no AdmissionNotified.',
  'case-already-exists': 'An admission for this caseId is already recorded with other data (an identical retry records nothing).',
  'case-closed': 'Nothing is recorded after CaseWithdrawn, nor after PatientTransferred except FollowUpRecorded and DecisionAppealed.',
  'invalid-time': 'A time is not an ISO 8601 instant with a UTC offset.',
  'occurred-at-differs-from-fact-time':
    "occurredAt and the event's own time field (revokedAt, respondedAt, presentedAt, decidedAt, appealedAt, transferredAt, reviewedAt) are both given and differ: the API answers 400 naming occurredAt.",
  'invalid-date': 'A date is not a calendar date YYYY-MM-DD.',
  'time-out-of-bounds': 'A date or instant lies before 2000-01-01 or more than two years after today (Europe/Oslo).',
  'invalid-text': 'A text holds a NUL character or an unpaired surrogate: it is not valid Unicode.',
  'occurred-in-future': 'A time of something that happened is more than 5 minutes after now.',
  'occurred-before-admission': "A time lies before the case's admittedAt.",
  'invalid-national-id': 'patient.nationalId is not a valid fødselsnummer or D-number (synthetic ones only where allowed).',
  'invalid-org-number': 'hospital.orgNumber is not 9 digits with a valid mod-11 control digit.',
  'invalid-municipality-code': 'municipalityCode is not 4 digits.',
  'functional-score-out-of-range': 'A functional assessment variable is not scored as a whole number 1–5.',
  'readiness-criteria-incomplete': 'Discharge readiness needs all four criteria of forskrift § 9 a–d.',
  'readiness-already-declared': 'Discharge readiness is already declared and not revoked since.',
  'readiness-not-declared': 'Only a declared discharge readiness can be revoked.',
  'revocation-before-declaration': 'A revocation cannot precede the declaration it revokes.',
  'declaration-before-revocation': 'A new declaration of readiness cannot precede the revocation of the one before it.',
  'expected-ready-date-requires-cannot-receive': 'expectedReadyDate belongs to a response that cannot receive the patient yet.',
  'duplicate-visit-id': 'A visit with this visitId is already scheduled or conducted in this case.',
  'visit-already-conducted': 'This visit is already recorded as conducted.',
  'visit-needs-municipal-representative':
    'A municipal visit names a municipal_caseworker or municipal_coordinator among its participants.',
  'duplicate-presentation-id': 'A presentation with this presentationId is already recorded in this case.',
  'options-required': 'A presentation offers at least one option.',
  'duplicate-option-id': 'The optionIds of a presentation are unique.',
  'in-dialogue-presentation-needs-visit':
    'Options presented in dialogue name a visit of this case that is recorded as conducted.',
  'written-presentation-names-visit': 'Only options presented in dialogue name a visit.',
  'unknown-presentation': 'A choice names a presentation of this case.',
  'unknown-option': 'A choice names an option of the presentation it names.',
  'choice-before-presentation': 'A choice cannot precede the presentation of its options.',
  'duplicate-decision-id': 'A decision with this decisionId is already recorded in this case.',
  'service-description-required': 'A decision for service type other describes the service.',
  'deviation-reason-required': "A decision whose service type differs from the deciding choice (the user's latest, else the guardian's, else a relative's or advocate's) carries a deviationReason.",
  'unknown-decision': 'The command names a decision that is not recorded in this case.',
  'decision-already-appealed': 'This decision is already appealed.',
  'appeal-before-decision': 'An appeal cannot precede the decision it appeals.',
  'transfer-requires-decision': 'A patient is transferred only after an allocation decision.',
  'transfer-before-decision': 'A transfer cannot precede the decision it carries out.',
  'withdrawal-details-required': 'A withdrawal for reason other explains it in details.',
  'died-at-requires-death': 'diedAt belongs to a withdrawal for reason died.',
  'nothing-to-cancel': 'A cancelled hospital message is recorded on a case only when it recorded events there.',
  'follow-up-requires-transfer': 'Follow-up is recorded only after the patient is transferred.',
  'follow-up-before-transfer': 'A follow-up review cannot precede the transfer.',
  'deadline-not-yet-due': 'A deadline is recorded as missed only once it is due.',
} as const satisfies Record<string, string>;

export type DomainRule = keyof typeof DOMAIN_RULE_DESCRIPTIONS;

export const DOMAIN_RULES = Object.keys(DOMAIN_RULE_DESCRIPTIONS) as readonly DomainRule[];

export interface DomainRuleViolation {
  rule: DomainRule;
  /** Set when the rule is about one input field alone: the API answers 400 naming it, not 409. */
  field?: string;
  /** For people, in English; may name ids and times, never a national ID. */
  message: string;
}
