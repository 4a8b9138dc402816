import { at, cmd, ev, given, histories } from './spec-helpers.js';

describe('DeclareDischargeReadiness', () => {
  it('declares the patient ready at the time it happened', () => {
    given(histories.admitted)
      .when(cmd.declareDischargeReadiness())
      .thenEmits([
        {
          type: 'DischargeReadinessDeclared',
          data: {
            declaredAt: at(24),
            criteria: {
              admissionProblemsClarified: true,
              otherProblemsClarified: true,
              diagnosisAndPlanSettled: true,
              functionalLevelAssessed: true,
            },
          },
        },
      ]);
  });

  it('keeps a declaredAt given apart from when the notice was sent', () => {
    given(histories.admitted)
      .when(cmd.declareDischargeReadiness({ declaredAt: at(20), occurredAt: at(24) }))
      .thenEmits([ev.readinessDeclared(at(20))]);
  });

  it.each(['admissionProblemsClarified', 'otherProblemsClarified', 'diagnosisAndPlanSettled', 'functionalLevelAssessed'] as const)(
    'needs %s',
    (criterion) => {
      const criteria = {
        admissionProblemsClarified: true,
        otherProblemsClarified: true,
        diagnosisAndPlanSettled: true,
        functionalLevelAssessed: true,
        [criterion]: false,
      };
      given(histories.admitted).when(cmd.declareDischargeReadiness({ criteria })).thenRefuses('readiness-criteria-incomplete');
    },
  );

  it('is refused while readiness stands', () => {
    given(histories.ready).when(cmd.declareDischargeReadiness({ occurredAt: at(30) })).thenRefuses('readiness-already-declared');
  });

  it('may be declared again after a revocation', () => {
    given([...histories.ready, ev.readinessRevoked()])
      .when(cmd.declareDischargeReadiness({ occurredAt: at(40) }))
      .thenEmits([ev.readinessDeclared(at(40))]);
  });

  it('cannot be declared again from before the revocation of the one before: readiness periods do not overlap', () => {
    given([...histories.ready, ev.readinessRevoked(at(30))])
      .when(cmd.declareDischargeReadiness({ declaredAt: at(29), occurredAt: at(31) }))
      .thenRefuses('declaration-before-revocation');
    given([...histories.ready, ev.readinessRevoked(at(30))])
      .when(cmd.declareDischargeReadiness({ occurredAt: at(30) }))
      .thenEmits([ev.readinessDeclared(at(30))]);
  });

  it('may be declared again on a decided case after a revocation', () => {
    given([...histories.decided, ev.readinessRevoked(at(35))])
      .when(cmd.declareDischargeReadiness({ occurredAt: at(40) }))
      .thenEmits([ev.readinessDeclared(at(40))]);
  });
});

describe('RevokeDischargeReadiness', () => {
  it('revokes a declared readiness', () => {
    given(histories.ready)
      .when(cmd.revokeDischargeReadiness())
      .thenEmits([{ type: 'DischargeReadinessRevoked', data: { revokedAt: at(26), reason: 'complication' } }]);
  });

  it('revokes the readiness of a decided case', () => {
    given(histories.decided).when(cmd.revokeDischargeReadiness({ occurredAt: at(35) })).thenEmits([ev.readinessRevoked(at(35))]);
  });

  it('is refused when readiness was never declared', () => {
    given(histories.admitted).when(cmd.revokeDischargeReadiness()).thenRefuses('readiness-not-declared');
  });

  it('is refused when readiness is already revoked', () => {
    given([...histories.ready, ev.readinessRevoked()])
      .when(cmd.revokeDischargeReadiness({ occurredAt: at(27) }))
      .thenRefuses('readiness-not-declared');
  });

  it('cannot revoke before the declaration', () => {
    given(histories.ready).when(cmd.revokeDischargeReadiness({ occurredAt: at(23) })).thenRefuses('revocation-before-declaration');
  });
});

describe('GiveMunicipalResponse', () => {
  it('records that the municipality cannot receive the patient yet, and when it expects to', () => {
    given(histories.ready)
      .when(cmd.giveMunicipalResponse())
      .thenEmits([
        { type: 'MunicipalResponseGiven', data: { respondedAt: at(25), canReceive: false, expectedReadyDate: '2026-03-05' } },
      ]);
  });

  it('records that the municipality can receive the patient, with a planned transfer date', () => {
    given(histories.ready)
      .when(cmd.giveMunicipalResponse({ canReceive: true, expectedReadyDate: undefined, plannedTransferDate: '2026-03-03' }))
      .thenEmits([ev.responded({ canReceive: true, expectedReadyDate: undefined, plannedTransferDate: '2026-03-03' })]);
  });

  it('records a later notice that the service is now ready', () => {
    given([...histories.ready, ev.responded()])
      .when(cmd.giveMunicipalResponse({ occurredAt: at(48), canReceive: true, expectedReadyDate: undefined }))
      .thenEmits([{ type: 'MunicipalResponseGiven', data: { respondedAt: at(48), canReceive: true } }]);
  });

  it('refuses an expected ready date on a response that can receive', () => {
    given(histories.ready)
      .when(cmd.giveMunicipalResponse({ canReceive: true }))
      .thenRefuses('expected-ready-date-requires-cannot-receive');
  });

  it.each([
    { expectedReadyDate: '05.03.2026' },
    { expectedReadyDate: '2026-02-30' },
    { plannedTransferDate: '2026-03-05T00:00:00Z' },
  ])('refuses dates that are not YYYY-MM-DD: %j', (dates) => {
    given(histories.ready).when(cmd.giveMunicipalResponse(dates)).thenRefuses('invalid-date');
  });
});
