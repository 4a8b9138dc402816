/** Our receiving organisations and services, and the hospitals that send to us, by HER-id (the intake's tables). */

export interface ReceiverEntry {
  readonly municipalityCode: string;
  readonly name: string;
}

export interface HospitalEntry {
  readonly orgNumber: string;
  readonly name: string;
}

export interface IntakeDirectory {
  receiver(herId: string): ReceiverEntry | undefined;
  hospital(herId: string): HospitalEntry | undefined;
}

export const directoryOf = (
  receivers: Readonly<Record<string, ReceiverEntry>>,
  hospitals: Readonly<Record<string, HospitalEntry>>,
): IntakeDirectory => ({
  receiver: (herId) => (Object.hasOwn(receivers, herId) ? receivers[herId] : undefined),
  hospital: (herId) => (Object.hasOwn(hospitals, herId) ? hospitals[herId] : undefined),
});
