import { describe, expect, it } from 'vitest';
import { syntheticNationalId } from '#libs/domain/identifiers/synthetic-national-id.js';
import { admissionBody, validateAdmission, type AdmissionValues } from './admission-form';

const valid: AdmissionValues = {
  nationalId: syntheticNationalId({ birthDate: '1941-05-17', individualNumber: 123 }),
  name: 'Kari Testesen',
  orgNumber: '974749025',
  hospitalName: 'St. Olavs hospital',
  department: 'Medisinsk klinikk',
  municipalityCode: '5001',
  admittedAt: '2026-01-15T09:30',
  expectedNeeds: 'Hjemmetjeneste',
};

describe('the admission notice form', () => {
  it('accepts a valid notice and sends it with the Oslo offset', () => {
    expect(validateAdmission(valid)).toEqual({});
    expect(admissionBody(valid, 'id').admittedAt).toBe('2026-01-15T09:30:00+01:00');
  });

  it('checks the fødselsnummer control digits (mod 11) before sending', () => {
    const last = valid.nationalId.at(-1) === '0' ? '1' : '0';
    expect(validateAdmission({ ...valid, nationalId: valid.nationalId.slice(0, 10) + last })['patient.nationalId']).toMatch(/Kontrollsifrene/);
    expect(validateAdmission({ ...valid, nationalId: '123' })['patient.nationalId']).toMatch(/11 sifre/);
  });

  it('checks the organisation number (mod 11) and the municipality code', () => {
    const errors = validateAdmission({ ...valid, orgNumber: '974749026', municipalityCode: '50' });
    expect(errors['hospital.orgNumber']).toMatch(/mod 11/);
    expect(errors.municipalityCode).toMatch(/4 sifre/);
  });
});
