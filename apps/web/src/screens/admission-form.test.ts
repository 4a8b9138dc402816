import { describe, expect, it } from 'vitest';
import { syntheticNationalId } from '#libs/domain/identifiers/synthetic-national-id.js';
import { missingRequired, type Values } from '../components/command-form-model';
import { admissionBody, admissionFields, validateAdmission, type AdmissionValues } from './admission-form';

const valid: AdmissionValues = {
  nationalId: syntheticNationalId({ birthDate: '1941-05-17', individualNumber: 123 }),
  name: 'Kari Testesen',
  hospitalName: '',
  department: 'Medisinsk klinikk',
  municipalityCode: '5001',
  admittedAt: '2026-01-15T09:30',
  expectedNeeds: 'Hjemmetjeneste',
};
const stOlavs = { orgNumber: '974749025', name: 'St. Olavs hospital' };

describe('the admission notice form', () => {
  it('accepts a valid notice and sends it with the Oslo offset and the signed-in hospital', () => {
    expect(validateAdmission(valid)).toEqual({});
    const body = admissionBody(valid, stOlavs, 'id');
    expect(body.admittedAt).toBe('2026-01-15T09:30:00+01:00');
    expect(body.hospital).toEqual({ orgNumber: '974749025', name: 'St. Olavs hospital', department: 'Medisinsk klinikk' });
  });

  it('checks the fødselsnummer control digits (mod 11) before sending', () => {
    const last = valid.nationalId.at(-1) === '0' ? '1' : '0';
    expect(validateAdmission({ ...valid, nationalId: valid.nationalId.slice(0, 10) + last }).nationalId).toMatch(/Kontrollsifrene/);
    expect(validateAdmission({ ...valid, nationalId: '123' }).nationalId).toMatch(/11 sifre/);
  });

  it('says "Velg kommune" for an empty municipality, not a rule about digits', () => {
    const empty = { ...valid, municipalityCode: '' };
    expect(missingRequired(admissionFields(stOlavs), empty as unknown as Values).municipalityCode).toBe('Velg kommune');
    expect(validateAdmission(empty).municipalityCode).toBeUndefined();
  });

  it('does not ask for the hospital when the sign-in names it, and asks for its name only when the table does not know it', () => {
    expect(admissionFields(stOlavs).map((field) => field.name)).not.toContain('hospitalName');
    const unknown = { orgNumber: '900087101', name: null };
    expect(admissionFields(unknown).map((field) => field.name)).toContain('hospitalName');
    expect(admissionBody({ ...valid, hospitalName: 'Testsykehuset' }, unknown, 'id').hospital.name).toBe('Testsykehuset');
  });
});
