import { describe, expect, it } from 'vitest';
import { DOMAIN_RULES } from '#libs/domain/transfer-case/rules.js';
import { errorMessage, fieldMessage, problemMessage } from './problem-messages';
import { ApiError, NETWORK_PROBLEM } from './problem';

describe('problems in bokmål', () => {
  it('has a Norwegian message for every domain rule, none of them the rule name', () => {
    for (const rule of DOMAIN_RULES) {
      const message = problemMessage({ status: 409, rule });
      expect(message, rule).not.toMatch(/Saken tillater ikke dette nå/);
      expect(message).not.toContain(rule);
    }
    expect(problemMessage({ status: 409, rule: 'readiness-criteria-incomplete' })).toMatch(/§ 9/);
  });

  it('answers by status when there is no rule, and never with the API\'s English title', () => {
    expect(problemMessage({ status: 403 })).toBe('Du har ikke tilgang til å gjøre dette.');
    expect(problemMessage({ status: 404 })).toMatch(/Fant ikke saken/);
    expect(problemMessage({ status: 429 })).toMatch(/Vent litt/);
    expect(problemMessage({ status: 502 })).toMatch(/Noe gikk galt hos oss/);
    expect(problemMessage({ status: 409, rule: 'some-future-rule' })).toMatch(/Saken tillater ikke dette nå/);
  });

  it('says plainly that the server cannot be reached, for a network failure or anything else thrown', () => {
    expect(errorMessage(new ApiError(NETWORK_PROBLEM))).toBe('Får ikke kontakt med serveren. Sjekk nettverket og prøv igjen.');
    expect(errorMessage(new TypeError('Failed to fetch'))).not.toMatch(/TypeError|fetch/);
    expect(errorMessage(new ApiError({ status: 403, title: 'Not allowed', detail: 'The role hospital_staff may not do this' }))).toBe(
      'Du har ikke tilgang til å gjøre dette.',
    );
  });

  it('names the field and says what to do, by the kind of check that failed', () => {
    expect(fieldMessage({ field: 'rationale', message: 'rationale must not be empty' }, 'Begrunnelse')).toBe('Begrunnelse må fylles ut');
    expect(fieldMessage({ field: 'startDate', message: 'startDate must be a calendar date YYYY-MM-DD' }, 'Oppstartsdato')).toBe('Oppstartsdato: skriv en gyldig dato');
    expect(fieldMessage({ field: 'occurredAt', message: 'occurredAt must carry a time zone (Z or ±hh:mm)' }, 'Tidspunkt')).toBe('Tidspunkt: skriv et gyldig tidspunkt');
    expect(fieldMessage({ field: 'reason', message: 'reason must be one of: died, other' }, 'Årsak')).toBe('Velg årsak');
    expect(fieldMessage({ field: 'x', message: 'something new' }, 'Felt')).toBe('Felt er ikke gyldig');
  });
});
