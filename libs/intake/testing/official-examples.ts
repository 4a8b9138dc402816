import { readdirSync, readFileSync } from 'node:fs';
import { referencePackPath } from '../reference-pack.js';

/** The official example messages of the reference pack, by file name. */
export const OFFICIAL_EXAMPLE_DIRS = ['pasientlogistikk-v1.6', 'helseopplysninger-v1.6'] as const;

export const officialExampleNames = (): string[] =>
  OFFICIAL_EXAMPLE_DIRS.flatMap((dir) => readdirSync(referencePackPath('examples', dir)).filter((name) => name.endsWith('.xml')));

export const officialExample = (name: string): Buffer => {
  const dir = OFFICIAL_EXAMPLE_DIRS.find((candidate) => readdirSync(referencePackPath('examples', candidate)).includes(name));
  if (!dir) throw new Error(`No official example ${name}`);
  return readFileSync(referencePackPath('examples', dir, name));
};

export const EXAMPLES = {
  innlagt: 'Pasientlogistikk_Innlagt_pasient_v1-6_Ny.xml',
  innlagtKansellering: 'Pasientlogistikk_Innlagt_pasient_v1-6_Kansellering.xml',
  utskrivningsklar: 'Pasientlogistikk_Utskrivningsklar_pasient_v1-6_Ny.xml',
  avmelding: 'Pasientlogistikk_Avmelding_av_utskrivningsklar_pasient_v1-6_Ny.xml',
  utskrevet: 'Pasientlogistikk_Melding_om_utskrevet_pasient_v1-6_Ny.xml',
  dod: 'Pasientlogistikk_Orientering_om_dodsfall_v1-6_Ny.xml',
  dodKansellering: 'Pasientlogistikk_Orientering_om_dodsfall_v1-6_Kansellering.xml',
  varsel: 'Helseopplysninger_Varsel_om_innlagt_pasient_v1-6_Ny.xml',
  endring1: 'Helseopplysninger_Oppdaterte_opplysninger_v1-6_Endring1.xml',
  endring2: 'Helseopplysninger_Oppdaterte_opplysninger_v1-6_Endring2.xml',
} as const;
