import { failureMessage, stackFrames } from './failure-message.js';

const history = [
  {
    type: 'AdmissionNotified',
    data: {
      patient: { nationalId: '12064112345', name: 'Kari Nordmann' },
      hospital: { orgNumber: '974749025', name: 'St. Olavs hospital HF' },
    },
  },
  { type: 'MunicipalVisitConducted', data: { participants: [{ role: 'relative', name: 'Per Hansen' }] } },
];

describe('a failure message', () => {
  it('keeps the error and drops national ID numbers and the names of the people in the case', () => {
    const error = new TypeError('cannot read Kari Nordmann (120641 12345), asked NORDMANN and per hansen at St. Olavs hospital');
    expect(failureMessage(error, history)).toBe(
      'TypeError: cannot read [navn] ([fnr]), asked [navn] and [navn] at St. Olavs hospital',
    );
  });

  it('leaves out the value PostgreSQL quotes, and cuts long messages', () => {
    const refused = Object.assign(new Error('invalid input syntax for type integer: "Kari"'), { code: '22P02' });
    expect(failureMessage(refused)).toBe('PostgreSQL 22P02: invalid input syntax for type integer: "…"');
    expect(failureMessage(new Error('x'.repeat(2000)))).toHaveLength(500);
    expect(failureMessage('a string')).toBe('thrown: a string');
    expect(failureMessage({ patient: 'Kari' })).toBe('thrown: object');
  });

  it('gives the stack as code locations only', () => {
    const frames = stackFrames(new Error('Kari Nordmann'));
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.every((frame) => frame.startsWith('at ') && !frame.includes('Kari'))).toBe(true);
  });
});
