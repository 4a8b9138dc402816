import { isValidMunicipalityCode } from './municipality-code.js';

describe('isValidMunicipalityCode', () => {
  it.each(['0301', '3301', '4601', '5001'])('accepts %s', (value) => {
    expect(isValidMunicipalityCode(value)).toBe(true);
  });

  it.each(['301', '03011', '03a1', ' 0301', '0301 ', '', '+301', '３３０１'])('refuses %j', (value) => {
    expect(isValidMunicipalityCode(value)).toBe(false);
  });
});
