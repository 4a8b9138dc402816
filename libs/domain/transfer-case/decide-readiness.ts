import type { DeclareDischargeReadiness, GiveMunicipalResponse, RevokeDischargeReadiness } from './commands.js';
import { accept, definedOnly, refuse, type DecideResult, type ExistingCase } from './decide-result.js';
import type { DischargeReadinessCriteria } from './events.js';
import { isBefore, parseInstant } from './time.js';

const CRITERIA = [
  'admissionProblemsClarified',
  'otherProblemsClarified',
  'diagnosisAndPlanSettled',
  'functionalLevelAssessed',
] as const satisfies readonly (keyof DischargeReadinessCriteria)[];

export const declareDischargeReadiness = (command: DeclareDischargeReadiness, state: ExistingCase): DecideResult => {
  if (state.readiness !== null) {
    return refuse(
      'readiness-already-declared',
      `Discharge readiness was declared at ${state.readiness.declaredAt} and not revoked since`,
    );
  }
  const unmet = CRITERIA.filter((criterion) => command.criteria[criterion] !== true);
  if (unmet.length > 0) {
    return refuse('readiness-criteria-incomplete', `Readiness needs all four criteria of § 9; not met: ${unmet.join(', ')}`);
  }
  const declaredAt = command.declaredAt ?? command.occurredAt;
  // The legal clock reads readiness in the world's order: a new one cannot begin before the last one ended.
  if (state.lastRevokedAt !== null && parseInstant(declaredAt) !== null && isBefore(declaredAt, state.lastRevokedAt)) {
    return refuse(
      'declaration-before-revocation',
      `declaredAt ${declaredAt} is before the revocation at ${state.lastRevokedAt} of the readiness declared before it`,
    );
  }
  return accept({
    type: 'DischargeReadinessDeclared',
    data: definedOnly({
      declaredAt,
      criteria: {
        admissionProblemsClarified: true,
        otherProblemsClarified: true,
        diagnosisAndPlanSettled: true,
        functionalLevelAssessed: true,
      },
      attestation: command.attestation,
    }),
  });
};

export const revokeDischargeReadiness = (command: RevokeDischargeReadiness, state: ExistingCase): DecideResult => {
  if (state.readiness === null) {
    return refuse('readiness-not-declared', 'Discharge readiness is not declared, so there is nothing to revoke');
  }
  const revokedAt = command.revokedAt ?? command.occurredAt;
  if (isBefore(revokedAt, state.readiness.declaredAt)) {
    return refuse(
      'revocation-before-declaration',
      `revokedAt ${revokedAt} is before the declaration at ${state.readiness.declaredAt}`,
    );
  }
  return accept({ type: 'DischargeReadinessRevoked', data: definedOnly({ revokedAt, reason: command.reason, text: command.text }) });
};

export const giveMunicipalResponse = (command: GiveMunicipalResponse): DecideResult => {
  const { canReceive, expectedReadyDate, plannedTransferDate } = command;
  if (canReceive && expectedReadyDate !== undefined) {
    return refuse(
      'expected-ready-date-requires-cannot-receive',
      'expectedReadyDate says when a service will be ready; a response that can receive the patient has none',
    );
  }
  return accept({
    type: 'MunicipalResponseGiven',
    data: definedOnly({
      respondedAt: command.respondedAt ?? command.occurredAt,
      canReceive,
      expectedReadyDate,
      plannedTransferDate,
    }),
  });
};
