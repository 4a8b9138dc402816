export const ROLES = ['hospital_staff', 'allocation_officer', 'quality_auditor', 'admin', 'message_gateway'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller. `org` is a hospital's organisation number, a municipality code, or `*`. */
export interface Principal {
  readonly sub: string;
  readonly name: string | null;
  readonly role: Role;
  readonly org: string;
}

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);
