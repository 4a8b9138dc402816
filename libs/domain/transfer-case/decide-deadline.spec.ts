import { at, cmd, ev, given, histories } from './spec-helpers.js';

describe('RecordDeadlineMiss', () => {
  it('records a missed deadline', () => {
    given(histories.ready)
      .when(cmd.recordDeadlineMiss())
      .thenEmits([
        { type: 'DeadlineMissed', data: { deadline: 'municipal_response', deadlineId: 'municipal_response:1', dueAt: at(39) } },
      ]);
  });

  it('records nothing when the same deadline is recorded again', () => {
    given([...histories.ready, ev.deadlineMissed()]).when(cmd.recordDeadlineMiss({ occurredAt: at(41) })).thenEmits([]);
  });

  it('records nothing for a repeat on a closed case', () => {
    given([...histories.ready, ev.deadlineMissed(), ev.withdrawn()]).when(cmd.recordDeadlineMiss()).thenEmits([]);
  });

  it('records another deadline of the same kind', () => {
    given([...histories.ready, ev.deadlineMissed()])
      .when(cmd.recordDeadlineMiss({ deadlineId: 'municipal_response:2' }))
      .thenEmits([ev.deadlineMissed('municipal_response:2')]);
  });

  it('is refused before the deadline is due', () => {
    given(histories.ready).when(cmd.recordDeadlineMiss({ dueAt: at(41) })).thenRefuses('deadline-not-yet-due');
  });
});
