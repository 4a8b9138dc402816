import { at, cmd, ev, given, histories } from './spec-helpers.js';

describe('GiveHospitalRecommendation', () => {
  it('records the recommendation', () => {
    given(histories.admitted)
      .when(cmd.giveHospitalRecommendation())
      .thenEmits([
        {
          type: 'HospitalRecommendationGiven',
          data: { serviceType: 'short_term_stay', rationale: 'Needs rehabilitation before going home' },
        },
      ]);
  });
});

describe('RelayUserWish', () => {
  it('records the wish', () => {
    given(histories.admitted).when(cmd.relayUserWish()).thenEmits([ev.wishRelayed()]);
  });

  it('records the service type wished for', () => {
    given(histories.ready)
      .when(cmd.relayUserWish({ source: 'user', channel: 'written', serviceType: 'home_care', statement: 'Home, please' }))
      .thenEmits([
        { type: 'UserWishRelayed', data: { source: 'user', channel: 'written', serviceType: 'home_care', statement: 'Home, please' } },
      ]);
  });
});

describe('ScheduleMunicipalVisit', () => {
  it('schedules a visit, which may lie ahead', () => {
    given(histories.admitted)
      .when(cmd.scheduleMunicipalVisit({ scheduledFor: at(80) }))
      .thenEmits([{ type: 'MunicipalVisitScheduled', data: { visitId: 'v1', scheduledFor: at(80), location: 'Ward 4, room 12' } }]);
  });

  it('refuses a visitId already scheduled', () => {
    given([...histories.admitted, ev.visitScheduled()]).when(cmd.scheduleMunicipalVisit()).thenRefuses('duplicate-visit-id');
  });

  it('refuses the visitId of a visit recorded unscheduled', () => {
    given([...histories.admitted, ev.visitConducted({ visitId: 'v9' })])
      .when(cmd.scheduleMunicipalVisit({ visitId: 'v9' }))
      .thenRefuses('duplicate-visit-id');
  });

  it('cannot be scheduled for before the admission', () => {
    given(histories.admitted).when(cmd.scheduleMunicipalVisit({ scheduledFor: at(-2) })).thenRefuses('occurred-before-admission');
  });

  it('needs scheduledFor to be an instant', () => {
    given(histories.admitted).when(cmd.scheduleMunicipalVisit({ scheduledFor: 'tomorrow' })).thenRefuses('invalid-time');
  });
});

describe('RecordMunicipalVisit', () => {
  it('records a scheduled visit as conducted, at the time it took place', () => {
    given([...histories.ready, ev.visitScheduled()])
      .when(cmd.recordMunicipalVisit({ notes: 'Daughter joined by phone' }))
      .thenEmits([
        {
          type: 'MunicipalVisitConducted',
          data: {
            visitId: 'v1',
            occurredAt: at(28),
            mode: 'in_person',
            participants: [
              { role: 'user', name: 'Kari Nordmann' },
              { role: 'municipal_caseworker', name: 'Per Hansen' },
            ],
            informationGiven: 'What home care and a short-term stay would mean',
            notes: 'Daughter joined by phone',
          },
        },
      ]);
  });

  it('records a visit that was never scheduled', () => {
    given(histories.ready)
      .when(cmd.recordMunicipalVisit({ visitId: 'v7', mode: 'video' }))
      .thenEmits([ev.visitConducted({ visitId: 'v7', mode: 'video' })]);
  });

  it('accepts a municipal coordinator as the municipal representative', () => {
    const participants = [{ role: 'guardian' as const }, { role: 'municipal_coordinator' as const }];
    given(histories.ready)
      .when(cmd.recordMunicipalVisit({ participants }))
      .thenEmits([ev.visitConducted({ participants })]);
  });

  it('refuses a visit already recorded as conducted', () => {
    given(histories.visited).when(cmd.recordMunicipalVisit({ occurredAt: at(29) })).thenRefuses('visit-already-conducted');
  });

  it.each([
    [[{ role: 'user' as const }, { role: 'relative' as const }, { role: 'hospital_staff' as const }]],
    [[{ role: 'peer_worker' as const }, { role: 'advocate' as const, independent: true }]],
    [[]],
  ])('needs a municipal representative among %j', (participants) => {
    given(histories.ready).when(cmd.recordMunicipalVisit({ participants })).thenRefuses('visit-needs-municipal-representative');
  });
});

describe('PresentOptions', () => {
  it('presents options in the dialogue of a conducted visit', () => {
    given(histories.visited)
      .when(cmd.presentOptions())
      .thenEmits([
        {
          type: 'OptionsPresented',
          data: {
            presentationId: 'p1',
            presentedAt: at(28.5),
            channel: 'in_dialogue',
            visitId: 'v1',
            options: [
              { optionId: 'o1', serviceType: 'home_care', description: 'Home care twice a day', consequences: 'Alone at night' },
              { optionId: 'o2', serviceType: 'short_term_stay', description: 'Four weeks at Lindeberg', consequences: 'Away from home' },
            ],
          },
        },
      ]);
  });

  it('records an option marked unavailable, and leaves the others as they were given', () => {
    const options = [
      { optionId: 'o1', serviceType: 'home_care' as const, description: 'Home care', consequences: 'Alone at night' },
      { optionId: 'o3', serviceType: 'long_term_stay' as const, description: 'Nursing home', consequences: 'Moves', available: false },
      { optionId: 'o4', serviceType: 'short_term_stay' as const, description: 'Lindeberg', consequences: 'Away', available: true },
    ];
    given(histories.visited).when(cmd.presentOptions({ options })).thenEmits([ev.optionsPresented({ options })]);
  });

  it('presents options in writing, without a visit', () => {
    given(histories.ready)
      .when(cmd.presentOptions({ channel: 'written', visitId: undefined, occurredAt: at(26) }))
      .thenEmits([ev.optionsPresented({ channel: 'written', visitId: undefined, presentedAt: at(26) })]);
  });

  it('refuses a presentationId already recorded', () => {
    given(histories.presented).when(cmd.presentOptions()).thenRefuses('duplicate-presentation-id');
  });

  it('needs at least one option', () => {
    given(histories.visited).when(cmd.presentOptions({ options: [] })).thenRefuses('options-required');
  });

  it('needs unique option ids', () => {
    const option = { optionId: 'o1', serviceType: 'home_care' as const, description: 'Home care', consequences: 'None' };
    given(histories.visited)
      .when(cmd.presentOptions({ options: [option, { ...option, serviceType: 'rehabilitation' }] }))
      .thenRefuses('duplicate-option-id');
  });

  describe('in dialogue', () => {
    it('names the visit', () => {
      given(histories.visited).when(cmd.presentOptions({ visitId: undefined })).thenRefuses('in-dialogue-presentation-needs-visit');
    });

    it('names a visit of this case', () => {
      given(histories.visited).when(cmd.presentOptions({ visitId: 'v2' })).thenRefuses('in-dialogue-presentation-needs-visit');
    });

    it('names a visit recorded as conducted, not only scheduled', () => {
      given([...histories.ready, ev.visitScheduled()])
        .when(cmd.presentOptions())
        .thenRefuses('in-dialogue-presentation-needs-visit');
    });
  });

  it('names no visit when written', () => {
    given(histories.visited).when(cmd.presentOptions({ channel: 'written' })).thenRefuses('written-presentation-names-visit');
  });
});

describe('RecordUserChoice', () => {
  it('records the option chosen', () => {
    given(histories.presented)
      .when(cmd.recordUserChoice({ statement: 'I want to get stronger first' }))
      .thenEmits([
        {
          type: 'UserChoiceRecorded',
          data: { presentationId: 'p1', optionId: 'o2', statedBy: 'user', statement: 'I want to get stronger first' },
        },
      ]);
  });

  it('records a changed mind, also after a decision', () => {
    given(histories.decided)
      .when(cmd.recordUserChoice({ occurredAt: at(31), optionId: 'o1', statedBy: 'guardian' }))
      .thenEmits([ev.choiceRecorded({ optionId: 'o1', statedBy: 'guardian' })]);
  });

  it('names a presentation of this case', () => {
    given(histories.presented).when(cmd.recordUserChoice({ presentationId: 'p2' })).thenRefuses('unknown-presentation');
  });

  it('names an option of that presentation', () => {
    given(histories.presented).when(cmd.recordUserChoice({ optionId: 'o3' })).thenRefuses('unknown-option');
  });

  it('names an option of the presentation it names, not of another', () => {
    const other = ev.optionsPresented({
      presentationId: 'p2',
      channel: 'written',
      visitId: undefined,
      options: [{ optionId: 'o9', serviceType: 'rehabilitation', description: 'Rehab', consequences: 'Far away' }],
    });
    given([...histories.presented, other]).when(cmd.recordUserChoice({ optionId: 'o9' })).thenRefuses('unknown-option');
  });

  it('cannot precede the presentation', () => {
    given(histories.presented).when(cmd.recordUserChoice({ occurredAt: at(28) })).thenRefuses('choice-before-presentation');
  });
});

describe('RecordDeclinedDialogue', () => {
  it('records that the user chose not to meet', () => {
    given(histories.ready).when(cmd.recordDeclinedDialogue()).thenEmits([ev.declinedDialogue()]);
  });

  it('records what the user said', () => {
    given(histories.ready)
      .when(cmd.recordDeclinedDialogue({ statement: 'My daughter speaks for me' }))
      .thenEmits([{ type: 'UserDeclinedDialogue', data: { occurredAt: at(27), statement: 'My daughter speaks for me' } }]);
  });
});
