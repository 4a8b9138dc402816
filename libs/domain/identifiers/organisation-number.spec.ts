import { isValidOrganisationNumber } from './organisation-number.js';

describe('isValidOrganisationNumber', () => {
  it.each(['974760673', '993467049', '983950264', '123456785', '000000000'])('accepts %s', (value) => {
    expect(isValidOrganisationNumber(value)).toBe(true);
  });

  it.each([
    ['974760674', 'wrong control digit'],
    ['993467040', 'wrong control digit'],
    ['912345670', 'remainder 1: no control digit is valid'],
    ['912345679', 'remainder 1: no control digit is valid'],
    ['97476067', 'too short'],
    ['9747606733', 'too long'],
    ['974 760 673', 'spaces'],
    ['97476067a', 'not digits'],
    ['', 'empty'],
  ])('refuses %j (%s)', (value) => {
    expect(isValidOrganisationNumber(value)).toBe(false);
  });
});
