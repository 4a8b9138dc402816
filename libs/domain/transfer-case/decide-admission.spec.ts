import type { NotifyAdmission } from './commands.js';
import { decide } from './decide.js';
import { initialState } from './state.js';
import { ADMITTED_AT, CASE_ID, CONTEXT, NATIONAL_ID, NOW, at, cmd, ev, given, histories } from './spec-helpers.js';

const minutesFromNow = (minutes: number): string => new Date(NOW.getTime() + minutes * 60_000).toISOString();

describe('NotifyAdmission', () => {
  it('opens the case', () => {
    given([])
      .when(cmd.notifyAdmission())
      .thenEmits([
        {
          type: 'AdmissionNotified',
          data: {
            caseId: CASE_ID,
            patient: { nationalId: NATIONAL_ID, name: 'Kari Nordmann' },
            hospital: { orgNumber: '993467049', name: 'Oslo universitetssykehus HF', department: 'Geriatrisk avdeling' },
            municipalityCode: '0301',
            admittedAt: ADMITTED_AT,
            expectedNeeds: 'Help with personal care after a hip fracture',
          },
        },
      ]);
  });

  it('records a functional assessment scored 1–5', () => {
    const functionalAssessment = { mobility: 4, personalHygiene: 1, nutrition: 5 };
    given([])
      .when(cmd.notifyAdmission({ functionalAssessment }))
      .thenEmits([ev.admitted({ functionalAssessment })]);
  });

  it('records when the need for municipal services became known, later in the stay', () => {
    given([]).when(cmd.notifyAdmission({ needIdentifiedAt: at(1) })).thenEmits([ev.admitted({ needIdentifiedAt: at(1) })]);
  });

  it('refuses a need identified before the admission or in the future', () => {
    given([]).when(cmd.notifyAdmission({ needIdentifiedAt: at(-1) })).thenRefuses('occurred-before-admission');
    given([]).when(cmd.notifyAdmission({ needIdentifiedAt: minutesFromNow(6) })).thenRefuses('occurred-in-future');
    given([]).when(cmd.notifyAdmission({ needIdentifiedAt: 'yesterday' })).thenRefuses('invalid-time');
  });

  it('records only the fields of the event, whatever else the command carries', () => {
    const patient = { nationalId: NATIONAL_ID, name: 'Kari Nordmann', phone: '12345678' };
    const command = { ...cmd.notifyAdmission(), patient, extra: 1 };
    given([])
      .when(command as NotifyAdmission)
      .thenEmits([ev.admitted()]);
  });

  describe('a second admission for the same case', () => {
    it('records nothing when it is an identical retry, whenever it is sent', () => {
      given(histories.admitted).when(cmd.notifyAdmission()).thenEmits([]);
      given(histories.admitted).when(cmd.notifyAdmission({ occurredAt: at(30) })).thenEmits([]);
    });

    it('records nothing when it is an identical retry on a closed case', () => {
      given(histories.withdrawn).when(cmd.notifyAdmission()).thenEmits([]);
    });

    it('is refused with other data', () => {
      given(histories.admitted).when(cmd.notifyAdmission({ expectedNeeds: 'Nothing' })).thenRefuses('case-already-exists');
      given(histories.admitted)
        .when(cmd.notifyAdmission({ functionalAssessment: { mobility: 2 } }))
        .thenRefuses('case-already-exists');
    });
  });

  describe('identifiers', () => {
    it.each([
      ['wrong control digits', `${NATIONAL_ID.slice(0, 10)}${(Number(NATIONAL_ID[10]) + 1) % 10}`],
      ['too short', NATIONAL_ID.slice(0, 10)],
      ['no such date', '31045000306'],
    ])('refuses a national ID with %s', (_, nationalId) => {
      given([])
        .when(cmd.notifyAdmission({ patient: { nationalId, name: 'Kari Nordmann' } }))
        .thenRefuses('invalid-national-id');
    });

    it('refuses synthetic national IDs unless they are allowed', () => {
      given([], { ...CONTEXT, allowSyntheticIds: false }).when(cmd.notifyAdmission()).thenRefuses('invalid-national-id');
    });

    it('accepts a real fødselsnummer and D-number where synthetic ones are refused', () => {
      for (const nationalId of ['15057600362', '41058511283']) {
        given([], { ...CONTEXT, allowSyntheticIds: false })
          .when(cmd.notifyAdmission({ patient: { nationalId, name: 'Ola Nordmann' } }))
          .thenEmits([ev.admitted({ patient: { nationalId, name: 'Ola Nordmann' } })]);
      }
    });

    it('refuses a national ID of someone not yet born', () => {
      given([])
        .when(cmd.notifyAdmission({ patient: { nationalId: '01013050038', name: 'Baby Nordmann' } }))
        .thenRefuses('invalid-national-id');
    });

    it('never puts the national ID in the message', () => {
      const result = decide(cmd.notifyAdmission(), initialState, { ...CONTEXT, allowSyntheticIds: false });
      expect(result).toMatchObject({ ok: false, error: { message: expect.stringContaining('synthetic_not_allowed') } });
      expect(JSON.stringify(result)).not.toContain(NATIONAL_ID);
    });

    it.each(['993467040', '99346704', '912345670'])('refuses organisation number %s', (orgNumber) => {
      given([])
        .when(cmd.notifyAdmission({ hospital: { orgNumber, name: 'OUS', department: 'Geriatri' } }))
        .thenRefuses('invalid-org-number');
    });

    it.each(['301', '03011', 'Oslo'])('refuses municipality code %s', (municipalityCode) => {
      given([]).when(cmd.notifyAdmission({ municipalityCode })).thenRefuses('invalid-municipality-code');
    });
  });

  it.each([0, 6, 2.5, Number.NaN])('refuses a functional score of %s', (score) => {
    given([])
      .when(cmd.notifyAdmission({ functionalAssessment: { mobility: 3, nutrition: score } }))
      .thenRefuses('functional-score-out-of-range');
  });

  describe('times', () => {
    it('accepts an admission up to 5 minutes ahead of the clock', () => {
      const admittedAt = minutesFromNow(5);
      given([])
        .when(cmd.notifyAdmission({ admittedAt, occurredAt: admittedAt }))
        .thenEmits([ev.admitted({ admittedAt })]);
    });

    it('refuses an admission further in the future', () => {
      given([])
        .when(cmd.notifyAdmission({ admittedAt: minutesFromNow(6), occurredAt: minutesFromNow(6) }))
        .thenRefuses('occurred-in-future');
    });

    it('refuses a notice given in the future', () => {
      given([]).when(cmd.notifyAdmission({ occurredAt: minutesFromNow(6) })).thenRefuses('occurred-in-future');
    });

    it('refuses a notice given before the admission', () => {
      given([]).when(cmd.notifyAdmission({ occurredAt: at(-1) })).thenRefuses('occurred-before-admission');
    });

    it.each(['2026-03-01 08:00', '2026-03-01T08:00:00', '2026-02-30T08:00:00Z', 'yesterday'])(
      'refuses admittedAt %j',
      (admittedAt) => {
        given([]).when(cmd.notifyAdmission({ admittedAt })).thenRefuses('invalid-time');
      },
    );
  });
});
