import type { AllocationAssessment } from '../api/types';
import { toCsv } from '../format/csv';
import { OSLO } from '../format/format';
import { CONDITION, LADDER, LEVEL, SERVICE_TYPE, label } from '../format/labels';
import { hospitalName, municipalityName } from '../format/names';

const day = new Intl.DateTimeFormat('nb-NO', { timeZone: OSLO, day: '2-digit', month: '2-digit', year: 'numeric' });

const HEADERS = [
  'Vedtaksdato',
  'Sykehus',
  'Kommune',
  'Tjeneste',
  'Nivå',
  'Trinn',
  'Manglende forutsetninger',
  'Påklaget',
  'Stedfortreder uttrykte valget',
  'Dager fra utskrivningsklar til vedtak',
  'Pasient (pseudonym)',
  'Sak',
  'Vedtak',
  'Regelverk (versjon)',
];

/** The decisions as CSV for Norwegian Excel: names, not codes; dates as dd.mm.åååå in Oslo time. */
export const assessmentsCsv = (items: readonly AllocationAssessment[]): string =>
  toCsv(
    HEADERS,
    items.map((item) => [
      day.format(new Date(item.decidedAt)),
      hospitalName(item.hospitalOrgNumber),
      municipalityName(item.municipalityCode),
      label(SERVICE_TYPE, item.serviceType),
      label(LEVEL, item.level),
      label(LADDER, item.ladderStep),
      item.missingConditions.map((name) => label(CONDITION, name)).join(', '),
      item.appealed,
      item.proxyChoice,
      item.daysFromReadinessToDecision,
      item.patientPseudonym,
      item.caseId,
      item.decisionId,
      item.ruleVersion,
    ]),
  );
