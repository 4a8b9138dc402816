/** The sample organisations of the demo and the tests (real organisation numbers of public hospitals, synthetic patients). */
export const SAMPLE_HOSPITALS = [
  { orgNumber: '974749025', name: 'St. Olavs hospital', department: 'Medisinsk klinikk' },
  { orgNumber: '983974899', name: 'Universitetssykehuset Nord-Norge', department: 'Geriatrisk avdeling' },
] as const;

export const SAMPLE_MUNICIPALITIES = [
  { code: '5001', name: 'Trondheim' },
  { code: '5501', name: 'Tromsø' },
  { code: '3301', name: 'Drammen' },
] as const;
